// Bounds on what a JSON request body may cost before it is parsed (contract §12):
// nesting deeper than 64 levels is refused, so nothing that walks a parsed value
// recursively can exhaust a stack; and a body must not hold so many values that its
// parsed form would cost more than about 4 times its size. One linear scan, no
// allocation. Pure: fuzzed with the parser.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace euriqa::http {

constexpr size_t kMaxJsonDepth = 64;
// A parsed value costs 16 bytes (RapidJSON's Value); strings are parsed in place.
constexpr size_t kJsonValueBytes = 16;
// Small bodies are never refused for their number of values.
constexpr size_t kJsonFreeValues = 16 * 1024;

enum class JsonLimit { TooDeep, TooManyValues };

// nullopt when the text is within bounds (it may still be malformed JSON; the parser
// says so). Values are counted from structure: containers, members and elements.
// Files read by `euriqa import` allow deeper nesting than request bodies.
std::optional<JsonLimit> check_json_limits(std::string_view text, size_t max_depth = kMaxJsonDepth);

}  // namespace euriqa::http
