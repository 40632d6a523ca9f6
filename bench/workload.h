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
// A result's ~6 nested steps (fixtures, page.goto, fill, expect, hooks); the expect fails when `failed`.
std::string steps_json(bool failed);
// {"runId":..,"tests":[...]} for results of the logical tests [first, first+count).
std::string batch_body(const std::string& run_id, int first, int count, unsigned seed);

// Failure groups (contract §13): kErrorGroups Playwright assertion errors (toHaveText with
// ANSI colours, toBeVisible, toHaveCount, toHaveURL) that differ by one word per group,
// so they normalise to kErrorGroups signatures, while their numbers (received counts,
// timeouts, ports, line:column, absolute paths) vary with the seed and are normalised away.
constexpr int kErrorGroups = 200;
// Group's word: three lowercase letters, distinct per group (digits would normalise).
std::string error_group_word(int group);
// The error object {"message","stack","location"} of a failure of the group.
std::string group_error_json(int group, unsigned seed, const std::string& file_path);

}  // namespace euriqa::bench
