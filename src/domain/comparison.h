// Comparing the tests of a run (or build) with a base (contract §14), by logical test:
// failing is `failed`, passing is `passed` or `flaky`. A test failing now is a new
// failure unless it failed in the base too (then it is still failing); a test failing
// in the base and passing now is fixed; a test absent from the base is new (and, when
// failing, a new failure as well). Skipped tests are neither failing nor passing. Pure.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace euriqa::domain {

struct Outcome {
  int64_t logical_test_id = 0;
  std::string status;
  int64_t result_rowid = 0;  // which result says it
};

struct ComparedTest {
  int64_t logical_test_id = 0;
  int64_t result_rowid = 0;
  std::string status;
  std::optional<std::string> base_status;  // nullopt when absent from the base
};

struct Comparison {
  std::vector<ComparedTest> new_failures, still_failing, fixed, new_tests;
};

bool is_failing(const std::string& status);
bool is_passing(const std::string& status);

// `base` nullopt: there is no base, so every failing test is a new failure and nothing
// is new, fixed or still failing. Lists keep the order of `current`.
Comparison compare_outcomes(const std::vector<Outcome>& current, const std::optional<std::vector<Outcome>>& base);

}  // namespace euriqa::domain
