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
constexpr int64_t kDayMs = 24ll * 3600 * 1000;
// The UTC day number of a time (days since 1970-01-01), rounding down.
inline int64_t day_of(int64_t unix_ms) { return unix_ms >= 0 ? unix_ms / kDayMs : (unix_ms - kDayMs + 1) / kDayMs; }
std::string format_time(int64_t unix_ms);                   // 2026-03-19T10:00:00Z
std::optional<int64_t> parse_time(std::string_view text);   // RFC 3339, any offset

}  // namespace euriqa::domain
