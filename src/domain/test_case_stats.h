// The numbers of a test explorer row (contract §15) from a test's counts and
// durations: rates as fractions with 4 decimals, the mean duration in whole
// milliseconds, and the nearest-rank 95th percentile. Each is nullopt when no result
// that counts (one that was not skipped) exists.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

namespace euriqa::domain {

// part / whole rounded to 4 decimals.
std::optional<double> rate4(int64_t part, int64_t whole);
// sum / n rounded to the nearest millisecond (halves up).
std::optional<int64_t> mean_ms(int64_t sum, int64_t n);
// The 1-based rank of the p-th percentile among n ascending values: ceil(p/100 × n).
int64_t nearest_rank(int64_t n, int percent);
// The value at nearest_rank(n, 95) of the values (in any order).
std::optional<int64_t> p95(std::vector<int64_t> values);
// The same, reordering `values` in place (a caller's reused buffer).
std::optional<int64_t> p95_in_place(std::vector<int64_t>& values);

}  // namespace euriqa::domain
