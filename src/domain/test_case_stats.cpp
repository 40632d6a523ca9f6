#include "domain/test_case_stats.h"

#include <algorithm>
#include <cmath>

namespace euriqa::domain {

std::optional<double> rate4(int64_t part, int64_t whole) {
  if (whole <= 0) return std::nullopt;
  return std::round(static_cast<double>(part) * 10000.0 / static_cast<double>(whole)) / 10000.0;
}

std::optional<int64_t> mean_ms(int64_t sum, int64_t n) {
  if (n <= 0) return std::nullopt;
  return (2 * sum + n) / (2 * n);  // durations are never negative
}

int64_t nearest_rank(int64_t n, int percent) { return (percent * n + 99) / 100; }

std::optional<int64_t> p95(std::vector<int64_t> values) { return p95_in_place(values); }

std::optional<int64_t> p95_in_place(std::vector<int64_t>& values) {
  if (values.empty()) return std::nullopt;
  auto k = static_cast<size_t>(nearest_rank(static_cast<int64_t>(values.size()), 95)) - 1;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}

}  // namespace euriqa::domain
