// Running totals of each logical test's results per UTC day, for the test explorer
// (contract §15), in the table test_case_days. A series is a project's results on
// every branch or on one branch. On each day that has results in a series, the series
// holds a row for every test seen in it so far (a test once seen has a row on every
// later day), with the test's totals up to the end of that day; a window of whole days
// is then the difference of two days' rows, whatever its length. A test without a row
// on a day has no results up to it. The rows of the series' floor day hold what the
// results that are gone added.
// A series holds the days up to its rolled_through day: maintenance rolls up each day
// once it is over (roll_up_test_case_days), so ingest pays nothing for them; readers
// count the later days (today) from the results. Results that land on a rolled-up day
// (a clock set back) are added at ingest. Deleting results takes them out of the days
// before or after theirs, whichever are fewer, so retention of the oldest results
// touches little; maintenance moves the floor past emptied days and drops the tests
// with no results left above it. Each series' packed durations (store/duration_packs)
// cover the same days and change with the rows.
#pragma once
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/results.h"
#include "store/runs.h"

namespace euriqa::store {

// Day bounds that leave a window open at either end.
constexpr int64_t kNoDay = std::numeric_limits<int64_t>::min();
constexpr int64_t kLastDay = std::numeric_limits<int64_t>::max();

// Counts of a test's results; duration sums the results that were not skipped.
struct Totals {
  int64_t results = 0, passed = 0, failed = 0, flaky = 0, skipped = 0, duration = 0;
  void add(const std::string& status, int64_t duration_ms);
  Totals& operator+=(const Totals& o);
  Totals& operator-=(const Totals& o);
};

// A result's place in time: created_at, then rowid for results of one millisecond.
struct Newest {
  int64_t at = 0, rowid = 0;
  bool operator<(const Newest& o) const { return at != o.at ? at < o.at : rowid < o.rowid; }
};

// In the ingest transaction, once the rows exist: rowids[i] is results[i]'s rowid.
void record_test_case_days(Conn& c, const Run& run, const std::vector<TestResult>& results,
                           const std::vector<int64_t>& rowids);
// Maintenance, one step: the first project with a series behind `through_day` gets up
// to `max_days` more days rolled up in each of its series (so one write stays short);
// false when every series already holds every day up to `through_day`.
bool roll_up_test_case_days(Conn& c, int64_t through_day, int max_days = 7);
// Before a run's results are deleted: they leave the totals.
void forget_run_test_case_days(Conn& c, const Run& run);
// Maintenance (after retention): each series' floor moves up to its last day before the
// first day that still has results, and the rows below it go.
void prune_test_case_days(Conn& c);
// The project's series started again from nothing, for maintenance to roll up from its
// results (the upgrades to schemas 7 and 9).
void rebuild_test_case_days(Conn& c, const std::string& project_id);
// The projects that have results.
std::vector<std::string> projects_with_results(Conn& c);

struct TestTotals {
  int64_t logical_test_id = 0;
  Totals totals;
  Newest newest;  // the newest result of those counted
};
// Each logical test's totals over the whole UTC days [first_day, last_day] of the
// project's results (on `branch` when given); tests without results are left out. Only
// rolled-up days count: last_day must not pass the series' rolled_through.
std::vector<TestTotals> whole_day_totals(Conn& c, const std::string& project_id,
                                         const std::optional<std::string>& branch, int64_t first_day,
                                         int64_t last_day);

// A series and the last day it has rolled up (kNoDay when none, or no series).
struct RolledSeries {
  int64_t id = 0;
  int64_t rolled_through = kNoDay;
};
RolledSeries rolled_series(Conn& c, const std::string& project_id, const std::optional<std::string>& branch);

}  // namespace euriqa::store
