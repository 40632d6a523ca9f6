// Times are stored as Unix milliseconds and rendered as RFC 3339 UTC with "Z".
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace euriqa::domain {

int64_t now_ms();
// Shifts now_ms() for tests of expiry (`serve` reads EURIQA_TEST_CLOCK_OFFSET_SECONDS).
void set_clock_offset_ms(int64_t offset);
std::string format_time(int64_t unix_ms);                   // 2026-03-19T10:00:00Z
std::optional<int64_t> parse_time(std::string_view text);   // RFC 3339, any offset

}  // namespace euriqa::domain
