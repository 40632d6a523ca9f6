#include "store/test_cases.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "domain/test_case_stats.h"
#include "domain/time.h"
#include "store/duration_packs.h"
#include "store/quarantine.h"
#include "store/run_branches.h"
#include "store/sql_util.h"
#include "store/test_search.h"

namespace euriqa::store {

using domain::day_of;
using domain::kDayMs;

namespace {

// A window as the rolled-up whole UTC days [first_day, last_day] (empty when first >
// last), read from the series' totals and packs, and ranges [lo, hi] in ms read result
// by result: the parts of days at the window's ends and the days not rolled up yet.
struct Plan {
  int64_t series_id = 0;
  int64_t first_day = kNoDay, last_day = kLastDay;
  std::vector<std::pair<int64_t, int64_t>> ranges;
};

Plan plan_window(const TestCaseQuery& q, const RolledSeries& series) {
  Plan p;
  p.series_id = series.id;
  if (q.from && q.to && *q.from > *q.to) {
    p.first_day = 1;
    p.last_day = 0;
    return p;
  }
  if (q.from) p.first_day = day_of(*q.from);
  if (q.to) p.last_day = day_of(*q.to);
  bool cut_start = q.from && *q.from != p.first_day * kDayMs;
  bool cut_end = q.to && *q.to != p.last_day * kDayMs + kDayMs - 1;
  if (q.from && q.to && p.first_day == p.last_day && (cut_start || cut_end)) {
    p.ranges.emplace_back(*q.from, *q.to);
    p.first_day = 1;
    p.last_day = 0;
    return p;
  }
  if (cut_start) p.ranges.emplace_back(*q.from, p.first_day++ * kDayMs + kDayMs - 1);
  if (cut_end) p.ranges.emplace_back(p.last_day-- * kDayMs, *q.to);
  if (p.first_day <= p.last_day && p.last_day > series.rolled_through) {
    int64_t from_day = series.rolled_through == kNoDay ? p.first_day : std::max(p.first_day, series.rolled_through + 1);
    p.ranges.emplace_back(from_day == kNoDay ? kNoDay : from_day * kDayMs,
                          p.last_day == kLastDay ? kLastDay : p.last_day * kDayMs + kDayMs - 1);
    if (series.rolled_through == kNoDay) {
      p.first_day = 1;
      p.last_day = 0;
    } else {
      p.last_day = std::min(p.last_day, series.rolled_through);
    }
  }
  return p;
}

struct Candidate {
  Totals totals;
  Newest newest;
};
using Candidates = std::unordered_map<int64_t, Candidate>;

// Adds the results of [lo, hi] read one by one.
void tally_range(Conn& c, const TestCaseQuery& q, RunBranches& runs, int64_t lo, int64_t hi, Candidates& out) {
  auto s = c.prepare(
      "SELECT logical_test_id, created_at, rowid, status, duration, run_id FROM test_results "
      "WHERE project_id = ? AND created_at BETWEEN ? AND ?");
  s->bind(1, q.project_id);
  s->bind(2, lo);
  s->bind(3, hi);
  while (s->executeStep()) {
    if (q.branch && !runs.on_branch(s->getColumn(5).getString(), *q.branch)) continue;
    auto& cand = out[s->getColumn(0).getInt64()];
    cand.totals.add(s->getColumn(3).getString(), s->getColumn(4).getInt64());
    cand.newest = std::max(cand.newest, Newest{s->getColumn(1).getInt64(), s->getColumn(2).getInt64()});
  }
}

std::unordered_set<int64_t> matching_tests(Conn& c, const std::string& project_id, const std::string& text) {
  auto names = logical_tests_matching(project_id, text);
  auto s = c.prepare("SELECT id FROM logical_tests WHERE project_id = ? AND id IN (" + names.sql + ")");
  int i = 1;
  s->bind(i++, project_id);
  for (const auto& b : names.binds) s->bind(i++, b);
  std::unordered_set<int64_t> out;
  while (s->executeStep()) out.insert(s->getColumn(0).getInt64());
  return out;
}

// Adds the durations of the results in [lo_ms, hi_ms] read one by one.
void add_durations(Conn& c, const TestCaseQuery& q, RunBranches& runs, int64_t lo_ms, int64_t hi_ms,
                   std::unordered_map<int64_t, std::vector<int64_t>>& durations) {
  auto s = c.prepare(
      "SELECT logical_test_id, duration, run_id FROM test_results WHERE project_id = ? "
      "AND created_at BETWEEN ? AND ? AND status <> 'skipped'");
  s->bind(1, q.project_id);
  s->bind(2, lo_ms);
  s->bind(3, hi_ms);
  while (s->executeStep()) {
    auto it = durations.find(s->getColumn(0).getInt64());
    if (it == durations.end()) continue;
    if (q.branch && !runs.on_branch(s->getColumn(2).getString(), *q.branch)) continue;
    it->second.push_back(s->getColumn(1).getInt64());
  }
}

// The p95 duration of each of the tests over the window, for all candidates: the
// rolled-up days' durations from the packs (store/duration_packs), the rest of the
// window (today, the partial days at its ends) result by result.
void fill_p95_all(Conn& c, const TestCaseQuery& q, const Plan& plan, RunBranches& runs, std::vector<TestCase>& rows) {
  std::unordered_map<int64_t, std::vector<int64_t>> unpacked;  // by test, of the candidates
  for (const auto& r : rows) unpacked[r.logical_test_id];
  for (const auto& [lo, hi] : plan.ranges) add_durations(c, q, runs, lo, hi, unpacked);
  std::unordered_map<int64_t, std::optional<int64_t>> p95;
  p95.reserve(rows.size());
  for_each_packed(c, plan.series_id, plan.first_day, plan.last_day, [&](int64_t test, std::vector<int64_t>& durations) {
    auto it = unpacked.find(test);
    if (it == unpacked.end()) return;  // not a candidate
    durations.insert(durations.end(), it->second.begin(), it->second.end());
    p95[test] = domain::p95_in_place(durations);
    unpacked.erase(it);
  });
  for (auto& [test, durations] : unpacked) p95[test] = domain::p95(std::move(durations));
  for (auto& r : rows) r.p95_duration = p95[r.logical_test_id];
}

// For a page: each test's pack, and its results in the ranges read result by result
// (one range of an index each, a result or two a day).
void fill_p95_page(Conn& c, const TestCaseQuery& q, const Plan& plan, RunBranches& runs, std::vector<TestCase>& rows) {
  auto s = c.prepare(
      "SELECT duration, run_id FROM test_results WHERE logical_test_id = ? AND created_at BETWEEN ? AND ? "
      "AND status <> 'skipped'");
  std::vector<int64_t> durations;
  for (auto& r : rows) {
    durations.clear();
    append_packed(c, plan.series_id, r.logical_test_id, plan.first_day, plan.last_day, durations);
    for (const auto& [lo, hi] : plan.ranges) {
      s->bind(1, r.logical_test_id);
      s->bind(2, lo);
      s->bind(3, hi);
      while (s->executeStep())
        if (!q.branch || runs.on_branch(s->getColumn(1).getString(), *q.branch))
          durations.push_back(s->getColumn(0).getInt64());
      s->reset();
    }
    r.p95_duration = domain::p95_in_place(durations);
  }
}

std::optional<double> sort_key(const TestCase& t, TestCaseSort sort) {
  auto num = [](const std::optional<int64_t>& v) { return v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt; };
  switch (sort) {
    case TestCaseSort::FailureRate: return t.failure_rate;
    case TestCaseSort::FlakyRate: return t.flaky_rate;
    case TestCaseSort::P95Duration: return num(t.p95_duration);
    case TestCaseSort::AvgDuration: return num(t.avg_duration);
    case TestCaseSort::Runs: return static_cast<double>(t.totals.results);
    case TestCaseSort::LastSeen: return static_cast<double>(t.newest.at);
    case TestCaseSort::FullTitle: return std::nullopt;
  }
  return std::nullopt;
}

// Puts the first `n` rows in order (the others after them, in no order): a page needs
// no more, and a partial sort of thousands of candidates is several times cheaper.
void sort_first(std::vector<TestCase>& rows, size_t n, TestCaseSort sort, bool descending) {
  auto by_name = [](const TestCase& a, const TestCase& b) {
    return a.full_title != b.full_title ? a.full_title < b.full_title : a.file_path < b.file_path;
  };
  auto middle = rows.begin() + static_cast<std::ptrdiff_t>(std::min(n, rows.size()));
  if (sort == TestCaseSort::FullTitle) {
    std::partial_sort(rows.begin(), middle, rows.end(), [&](const TestCase& a, const TestCase& b) {
      return descending ? by_name(b, a) : by_name(a, b);
    });
    return;
  }
  std::partial_sort(rows.begin(), middle, rows.end(), [&](const TestCase& a, const TestCase& b) {
    auto ka = sort_key(a, sort), kb = sort_key(b, sort);
    if (ka.has_value() != kb.has_value()) return ka.has_value();  // nulls last
    if (ka && *ka != *kb) return descending ? *ka > *kb : *ka < *kb;
    return by_name(a, b);
  });
}

// The newest result's id and status, and the quarantine in force, for a page's rows.
void fill_page(Conn& c, const TestCaseQuery& q, std::vector<TestCase>& page) {
  auto result = c.prepare("SELECT id, status FROM test_results WHERE rowid = ?");
  auto quarantine = c.prepare(std::string("SELECT ") + kActiveQuarantine + " FROM logical_tests WHERE id = ?");
  for (auto& r : page) {
    result->bind(1, r.newest.rowid);
    if (result->executeStep()) {
      r.test_id = result->getColumn(0).getString();
      r.last_status = result->getColumn(1).getString();
    }
    result->reset();
    quarantine->bind(1, q.now);
    quarantine->bind(2, r.logical_test_id);
    r.quarantined = quarantine->executeStep() && quarantine->getColumn(0).getInt() != 0;
    quarantine->reset();
  }
}

}  // namespace

std::pair<std::vector<TestCase>, int64_t> list_test_cases(Conn& c, const TestCaseQuery& q) {
  Plan plan = plan_window(q, rolled_series(c, q.project_id, q.branch));
  Candidates found;
  for (const auto& t : whole_day_totals(c, q.project_id, q.branch, plan.first_day, plan.last_day))
    found[t.logical_test_id] = Candidate{t.totals, t.newest};
  RunBranches runs(c);
  for (const auto& [lo, hi] : plan.ranges) tally_range(c, q, runs, lo, hi, found);
  if (q.search) {
    auto matching = matching_tests(c, q.project_id, *q.search);
    for (auto it = found.begin(); it != found.end();) it = matching.count(it->first) ? std::next(it) : found.erase(it);
  }
  std::vector<TestCase> rows;
  rows.reserve(found.size());
  {
    // Names of every candidate: sorting and its ties need them.
    auto s = c.prepare("SELECT id, full_title, file_path FROM logical_tests WHERE project_id = ?");
    s->bind(1, q.project_id);
    while (s->executeStep()) {
      auto it = found.find(s->getColumn(0).getInt64());
      if (it == found.end()) continue;
      TestCase t;
      t.logical_test_id = it->first;
      t.full_title = s->getColumn(1).getString();
      t.file_path = s->getColumn(2).getString();
      t.totals = it->second.totals;
      t.newest = it->second.newest;
      int64_t counted = t.totals.results - t.totals.skipped;
      t.failure_rate = domain::rate4(t.totals.failed, counted);
      t.flaky_rate = domain::rate4(t.totals.flaky, counted);
      t.avg_duration = domain::mean_ms(t.totals.duration, counted);
      rows.push_back(std::move(t));
    }
  }
  if (q.sort == TestCaseSort::P95Duration) fill_p95_all(c, q, plan, runs, rows);
  auto total = static_cast<int64_t>(rows.size());
  auto begin = std::min<int64_t>(q.offset, total), end = std::min<int64_t>(q.offset + q.limit, total);
  sort_first(rows, static_cast<size_t>(end), q.sort, q.descending);
  std::vector<TestCase> page(std::make_move_iterator(rows.begin() + begin), std::make_move_iterator(rows.begin() + end));
  if (q.sort != TestCaseSort::P95Duration) fill_p95_page(c, q, plan, runs, page);
  fill_page(c, q, page);
  return {std::move(page), total};
}

std::vector<TrendDay> test_case_trend(Conn& c, const std::string& project_id, int64_t logical_test_id,
                                      int64_t first_day, int64_t last_day) {
  (void)project_id;  // the logical test is the project's
  auto s = c.prepare(
      "SELECT created_at, status, duration FROM test_results WHERE logical_test_id = ? AND created_at BETWEEN ? AND ? "
      "ORDER BY created_at");
  s->bind(1, logical_test_id);
  s->bind(2, first_day * kDayMs);
  s->bind(3, last_day * kDayMs + kDayMs - 1);
  std::vector<TrendDay> out;
  std::vector<int64_t> durations;
  auto close_day = [&] {
    auto& d = out.back();
    d.avg_duration = domain::mean_ms(d.totals.duration, d.totals.results - d.totals.skipped);
    d.p95_duration = domain::p95(std::move(durations));
    durations.clear();
  };
  while (s->executeStep()) {
    int64_t day = day_of(s->getColumn(0).getInt64());
    if (out.empty() || out.back().day != day) {
      if (!out.empty()) close_day();
      out.push_back(TrendDay{day, {}, std::nullopt, std::nullopt});
    }
    std::string status = s->getColumn(1).getString();
    out.back().totals.add(status, s->getColumn(2).getInt64());
    if (status != "skipped") durations.push_back(s->getColumn(2).getInt64());
  }
  if (!out.empty()) close_day();
  return out;
}

}  // namespace euriqa::store
