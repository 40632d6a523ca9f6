// The test explorer's reads (contract §15). A window's totals per logical test come
// from the running totals of the rolled-up whole UTC days (store/test_case_days: two
// days' rows however long the window) plus what those do not hold (the partial first
// and last days, the days not rolled up yet) counted from the results; the p95
// duration, for the page shown, from each test's results, and when sorting by it, for
// every candidate from the packed durations of the rolled-up days (store/duration_packs)
// and the rest from the results. A test's trend is counted from its results. Result
// reads go through the indexes test_results_time (a project's results in time) and
// test_results_test_time (a logical test's).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/test_case_days.h"

namespace euriqa::store {

enum class TestCaseSort { FailureRate, FlakyRate, P95Duration, AvgDuration, Runs, LastSeen, FullTitle };

struct TestCaseQuery {
  std::string project_id;
  std::optional<std::string> branch, search;
  std::optional<int64_t> from, to;  // results' createdAt, inclusive
  TestCaseSort sort = TestCaseSort::FailureRate;
  bool descending = true;
  int limit = 50;
  int64_t offset = 0;
  int64_t now = 0;  // quarantines past their expiry at this time are over
};

struct TestCase {
  int64_t logical_test_id = 0;
  std::string test_id, file_path, full_title, last_status;  // test_id: the newest result
  Totals totals;
  std::optional<double> failure_rate, flaky_rate;
  std::optional<int64_t> avg_duration, p95_duration;
  Newest newest;
  bool quarantined = false;
};

// One page of the logical tests with results in the window, sorted (nulls last in either
// order; ties by fullTitle, then filePath, which together name one test); and how many.
std::pair<std::vector<TestCase>, int64_t> list_test_cases(Conn& c, const TestCaseQuery& q);

struct TrendDay {
  int64_t day = 0;
  Totals totals;
  std::optional<int64_t> avg_duration, p95_duration;
};
// The logical test's results per UTC day in [first_day, last_day], oldest first; days
// without results are left out.
std::vector<TrendDay> test_case_trend(Conn& c, const std::string& project_id, int64_t logical_test_id,
                                      int64_t first_day, int64_t last_day);

}  // namespace euriqa::store
