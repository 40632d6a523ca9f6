// What the API shows and searches of a result's error: the first line of a stored
// error object's message, and the text a failure group keeps for search.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace euriqa::api {

// "" when there is no error object or it has no string message.
std::string error_first_line_of(const std::optional<std::string>& error_json);
// The message without ANSI codes, at most 4,000 bytes (cut at a UTF-8 boundary).
std::string error_search_text(std::string_view message);

}  // namespace euriqa::api
