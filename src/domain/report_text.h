// Text clean-up shared by report importers: Playwright writes ANSI colour codes into
// error messages even with colours off, and puts expected/actual values on
// "Expected: ..." / "Received: ..." lines (packaging/playwright-reporter/MAPPING.md).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace euriqa::domain {

// `text` without ANSI escape sequences (CSI "ESC [ ... letter" and OSC "ESC ] ... BEL").
std::string strip_ansi(std::string_view text);

// The value after the first line that starts (after spaces) with `label` ("Expected",
// "Received") and has a ':' in it: "Expected string: \"a\"" gives "\"a\"".
std::optional<std::string> labelled_value(std::string_view message, std::string_view label);

}  // namespace euriqa::domain
