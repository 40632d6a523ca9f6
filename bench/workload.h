// Playwright-like synthetic results for the benchmarks: realistic titles and paths,
// about 6 nested steps each, 10% failed with message and stack, 3% flaky.
#pragma once
#include <string>
#include <vector>

#include "store/results.h"

namespace euriqa::bench {

constexpr int kLogicalTests = 10000;

// The i-th logical test's result (deterministic), as a store row and as JSON.
store::TestResult make_result(int logical, unsigned seed);
std::string result_json(const store::TestResult& r);
// {"runId":..,"tests":[...]} for results of the logical tests [first, first+count).
std::string batch_body(const std::string& run_id, int first, int count, unsigned seed);

}  // namespace euriqa::bench
