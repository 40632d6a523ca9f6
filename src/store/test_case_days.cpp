#include "store/test_case_days.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "domain/time.h"
#include "store/duration_packs.h"
#include "store/run_branches.h"
#include "store/sql_util.h"

namespace euriqa::store {

using domain::day_of;
using domain::kDayMs;

void Totals::add(const std::string& status, int64_t duration_ms) {
  ++results;
  if (status == "passed") ++passed;
  else if (status == "failed") ++failed;
  else if (status == "flaky") ++flaky;
  else if (status == "skipped") ++skipped;
  if (status != "skipped") duration += duration_ms;
}

Totals& Totals::operator+=(const Totals& o) {
  results += o.results;
  passed += o.passed;
  failed += o.failed;
  flaky += o.flaky;
  skipped += o.skipped;
  duration += o.duration;
  return *this;
}

Totals& Totals::operator-=(const Totals& o) {
  results -= o.results;
  passed -= o.passed;
  failed -= o.failed;
  flaky -= o.flaky;
  skipped -= o.skipped;
  duration -= o.duration;
  return *this;
}

namespace {

struct Series {
  int64_t id = 0;
  std::optional<int64_t> floor;
  std::optional<int64_t> rolled;  // rolled_through: the days up to it are in the rows and packs
};

// A batch's or a run's results of one logical test on one day.
struct Cell {
  Totals delta;
  Newest newest;
};
using Cells = std::map<int64_t, Cell>;  // by logical test

struct RowValues {
  Totals cum;
  std::optional<Newest> newest;
};

// The series a run's results count in: every branch, and the run's branch.
std::vector<std::optional<std::string>> series_of(const Run& run) {
  std::vector<std::optional<std::string>> out{std::nullopt};
  if (run.branch) out.push_back(run.branch);
  return out;
}

std::optional<Series> find_series(Conn& c, const std::string& project_id, const std::optional<std::string>& branch) {
  auto s = c.prepare(
      "SELECT id, floor_day, rolled_through FROM test_case_series WHERE project_id = ? AND every = ? AND branch = ?");
  s->bind(1, project_id);
  s->bind(2, branch ? 0 : 1);
  s->bind(3, branch.value_or(""));
  if (!s->executeStep()) return std::nullopt;
  return Series{s->getColumn(0).getInt64(), opt_int(s->getColumn(1)), opt_int(s->getColumn(2))};
}

Series series_for(Conn& c, const std::string& project_id, const std::optional<std::string>& branch) {
  if (auto found = find_series(c, project_id, branch)) return *found;
  auto s = c.prepare("INSERT INTO test_case_series (project_id, every, branch) VALUES (?,?,?)");
  s->bind(1, project_id);
  s->bind(2, branch ? 0 : 1);
  s->bind(3, branch.value_or(""));
  s->exec();
  return Series{c.raw().getLastInsertRowid(), std::nullopt, std::nullopt};
}

void set_floor(Conn& c, Series& series, int64_t day) {
  auto s = c.prepare("UPDATE test_case_series SET floor_day = ? WHERE id = ?");
  s->bind(1, day);
  s->bind(2, series.id);
  s->exec();
  series.floor = day;
}

// The latest day with rows in [lo, hi], if any.
std::optional<int64_t> latest_day(Conn& c, int64_t series_id, int64_t lo, int64_t hi) {
  auto s = c.prepare("SELECT max(day) FROM test_case_days WHERE series_id = ? AND day BETWEEN ? AND ?");
  s->bind(1, series_id);
  s->bind(2, lo);
  s->bind(3, hi);
  s->executeStep();
  return opt_int(s->getColumn(0));
}

// The days with rows in [lo, hi], ascending (one index seek each).
std::vector<int64_t> days_between(Conn& c, int64_t series_id, int64_t lo, int64_t hi) {
  std::vector<int64_t> out;
  auto s = c.prepare("SELECT min(day) FROM test_case_days WHERE series_id = ? AND day BETWEEN ? AND ?");
  for (int64_t from = lo; from <= hi;) {
    s->bind(1, series_id);
    s->bind(2, from);
    s->bind(3, hi);
    s->executeStep();
    auto day = opt_int(s->getColumn(0));
    s->reset();
    if (!day) break;
    out.push_back(*day);
    if (*day == kLastDay) break;
    from = *day + 1;
  }
  return out;
}

void bind_newest(SQLite::Statement& s, int at, const std::optional<Newest>& n) {
  if (n) {
    s.bind(at, n->at);
    s.bind(at + 1, n->rowid);
  } else {
    s.bind(at);
    s.bind(at + 1);
  }
}

const char* kAddToRow =
    "UPDATE test_case_days SET results = results + ?1, passed = passed + ?2, failed = failed + ?3, "
    "flaky = flaky + ?4, skipped = skipped + ?5, duration = duration + ?6, day_results = day_results + ?7, "
    "last_rowid = CASE WHEN ?8 IS NOT NULL AND (last_at IS NULL OR ?8 > last_at OR (?8 = last_at AND ?9 > last_rowid)) "
    "THEN ?9 ELSE last_rowid END, "
    "last_at = CASE WHEN ?8 IS NOT NULL AND (last_at IS NULL OR ?8 > last_at OR (?8 = last_at AND ?9 > last_rowid)) "
    "THEN ?8 ELSE last_at END "
    "WHERE series_id = ?10 AND day = ?11 AND logical_test_id = ?12";

void bind_add(SQLite::Statement& s, int64_t series_id, int64_t day, int64_t test, const Totals& d, int64_t day_results,
              const std::optional<Newest>& newest) {
  s.bind(1, d.results);
  s.bind(2, d.passed);
  s.bind(3, d.failed);
  s.bind(4, d.flaky);
  s.bind(5, d.skipped);
  s.bind(6, d.duration);
  s.bind(7, day_results);
  bind_newest(s, 8, newest);
  s.bind(10, series_id);
  s.bind(11, day);
  s.bind(12, test);
}

// Adds to the test's row of the day (a newer result moves its newest); false when the
// test has no row that day.
bool add_to_row(Conn& c, int64_t series_id, int64_t day, int64_t test, const Totals& d, int64_t day_results,
                const std::optional<Newest>& newest) {
  auto s = c.prepare(kAddToRow);
  bind_add(*s, series_id, day, test, d, day_results, newest);
  return s->exec() > 0;
}

RowValues read_values(SQLite::Statement& s, int i) {
  RowValues v;
  v.cum.results = s.getColumn(i).getInt64();
  v.cum.passed = s.getColumn(i + 1).getInt64();
  v.cum.failed = s.getColumn(i + 2).getInt64();
  v.cum.flaky = s.getColumn(i + 3).getInt64();
  v.cum.skipped = s.getColumn(i + 4).getInt64();
  v.cum.duration = s.getColumn(i + 5).getInt64();
  if (!s.getColumn(i + 6).isNull()) v.newest = Newest{s.getColumn(i + 6).getInt64(), s.getColumn(i + 7).getInt64()};
  return v;
}

// add_to_row, answering the row as it is after the change.
std::optional<RowValues> add_to_row_returning(Conn& c, int64_t series_id, int64_t day, int64_t test, const Totals& d,
                                              const std::optional<Newest>& newest) {
  auto s = c.prepare(std::string(kAddToRow) +
                     " RETURNING results, passed, failed, flaky, skipped, duration, last_at, last_rowid");
  bind_add(*s, series_id, day, test, d, 0, newest);
  if (!s->executeStep()) return std::nullopt;
  auto v = read_values(*s, 0);
  while (s->executeStep()) {
  }
  return v;
}

std::optional<RowValues> read_row(Conn& c, int64_t series_id, int64_t day, int64_t test) {
  auto s = c.prepare(
      "SELECT results, passed, failed, flaky, skipped, duration, last_at, last_rowid FROM test_case_days "
      "WHERE series_id = ? AND day = ? AND logical_test_id = ?");
  s->bind(1, series_id);
  s->bind(2, day);
  s->bind(3, test);
  if (!s->executeStep()) return std::nullopt;
  return read_values(*s, 0);
}

void insert_row(Conn& c, int64_t series_id, int64_t day, int64_t test, const RowValues& v, int64_t day_results) {
  auto s = c.prepare(
      "INSERT INTO test_case_days (series_id, day, logical_test_id, results, passed, failed, flaky, skipped, "
      "duration, day_results, last_at, last_rowid) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  s->bind(1, series_id);
  s->bind(2, day);
  s->bind(3, test);
  s->bind(4, v.cum.results);
  s->bind(5, v.cum.passed);
  s->bind(6, v.cum.failed);
  s->bind(7, v.cum.flaky);
  s->bind(8, v.cum.skipped);
  s->bind(9, v.cum.duration);
  s->bind(10, day_results);
  bind_newest(*s, 11, v.newest);
  s->exec();
}

// Gives day `to` the rows of day `from`, with no results of their own.
void carry(Conn& c, int64_t series_id, int64_t from, int64_t to) {
  auto s = c.prepare(
      "INSERT INTO test_case_days (series_id, day, logical_test_id, results, passed, failed, flaky, skipped, "
      "duration, day_results, last_at, last_rowid) SELECT series_id, ?, logical_test_id, results, passed, failed, "
      "flaky, skipped, duration, 0, last_at, last_rowid FROM test_case_days WHERE series_id = ? AND day = ?");
  s->bind(1, to);
  s->bind(2, series_id);
  s->bind(3, from);
  s->exec();
}

// Results arrived on or before the floor day (a clock set back): the floor becomes the
// day before theirs; its rows keep their totals.
void lower_floor(Conn& c, Series& series, int64_t day) {
  auto s = c.prepare("UPDATE test_case_days SET day = ? WHERE series_id = ? AND day = ?");
  s->bind(1, day);
  s->bind(2, series.id);
  s->bind(3, *series.floor);
  s->exec();
  set_floor(c, series, day);
}

// Adds each cell to its test's row of the day, one prepared statement for the batch. A
// test without a row has no results and no row on any earlier day (a test once seen
// keeps a row on every later day), so its row starts from the cell alone.
void add_cells(Conn& c, int64_t series_id, int64_t day, const Cells& cells) {
  auto s = c.prepare(
      "INSERT INTO test_case_days (series_id, day, logical_test_id, results, passed, failed, flaky, skipped, "
      "duration, day_results, last_at, last_rowid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?4, ?10, ?11) "
      "ON CONFLICT (series_id, day, logical_test_id) DO UPDATE SET results = results + excluded.results, "
      "passed = passed + excluded.passed, failed = failed + excluded.failed, flaky = flaky + excluded.flaky, "
      "skipped = skipped + excluded.skipped, duration = duration + excluded.duration, "
      "day_results = day_results + excluded.day_results, "
      "last_rowid = CASE WHEN last_at IS NULL OR excluded.last_at > last_at OR "
      "(excluded.last_at = last_at AND excluded.last_rowid > last_rowid) THEN excluded.last_rowid ELSE last_rowid END, "
      "last_at = CASE WHEN last_at IS NULL OR excluded.last_at > last_at OR "
      "(excluded.last_at = last_at AND excluded.last_rowid > last_rowid) THEN excluded.last_at ELSE last_at END");
  for (const auto& [test, cell] : cells) {
    const auto& d = cell.delta;
    int i = 1;
    for (int64_t v : {series_id, day, test, d.results, d.passed, d.failed, d.flaky, d.skipped, d.duration,
                      cell.newest.at, cell.newest.rowid})
      s->bind(i++, v);
    s->exec();
    s->reset();
  }
}

// A batch's results of one day enter the series.
void add_day(Conn& c, Series& series, int64_t day, const Cells& cells) {
  if (series.floor && day <= *series.floor) lower_floor(c, series, day - 1);
  auto latest = latest_day(c, series.id, kNoDay, kLastDay);
  if (!latest || *latest < day) {
    if (latest) carry(c, series.id, *latest, day);
  } else if (*latest > day && !latest_day(c, series.id, day, day)) {
    if (auto before = latest_day(c, series.id, kNoDay, day - 1)) carry(c, series.id, *before, day);
  }
  add_cells(c, series.id, day, cells);
  if (!latest || *latest <= day) return;
  // Later days (the clock was set back) hold these results in their totals too.
  auto later = days_between(c, series.id, day + 1, *latest);
  for (const auto& [test, cell] : cells) {
    auto last = *read_row(c, series.id, day, test);
    for (int64_t d : later) {
      if (auto v = add_to_row_returning(c, series.id, d, test, cell.delta, cell.newest)) last = *v;
      else insert_row(c, series.id, d, test, last, 0);
    }
  }
}

}  // namespace

void record_test_case_days(Conn& c, const Run& run, const std::vector<TestResult>& results,
                           const std::vector<int64_t>& rowids) {
  if (results.empty()) return;
  int64_t first_day = kLastDay;
  for (const auto& r : results) first_day = std::min(first_day, day_of(r.created_at));
  for (const auto& branch : series_of(run)) {
    Series series = series_for(c, run.project_id, branch);
    // The usual case: the results' days are not rolled up yet; maintenance adds them
    // once those days are over.
    if (!series.rolled || *series.rolled < first_day) continue;
    std::map<int64_t, Cells> by_day;
    DurationsByTest durations;
    for (size_t i = 0; i < results.size(); ++i) {
      const auto& r = results[i];
      int64_t day = day_of(r.created_at);
      if (day > *series.rolled) continue;
      auto& cell = by_day[day][r.logical_test_id];
      cell.delta.add(r.status, r.duration);
      cell.newest = std::max(cell.newest, Newest{r.created_at, rowids[i]});
      if (r.status != "skipped") durations[r.logical_test_id].push_back({day, r.duration});
    }
    for (const auto& [day, cells] : by_day) add_day(c, series, day, cells);
    add_packed_durations(c, series.id, durations);
  }
}

namespace {

// A series behind the day maintenance rolls up to, with what this step adds to it.
struct Rolling {
  Series series;
  std::optional<std::string> branch;  // none: every branch
  std::map<int64_t, Cells> by_day;
  DurationsByTest durations;
};

// The series of the first project with one behind `through_day`, if any.
std::vector<Rolling> series_behind(Conn& c, int64_t through_day, std::string& project_id) {
  auto first = c.prepare(
      "SELECT project_id FROM test_case_series WHERE rolled_through IS NULL OR rolled_through < ? LIMIT 1");
  first->bind(1, through_day);
  if (!first->executeStep()) return {};
  project_id = first->getColumn(0).getString();
  auto s = c.prepare(
      "SELECT id, floor_day, rolled_through, every, branch FROM test_case_series WHERE project_id = ? "
      "AND (rolled_through IS NULL OR rolled_through < ?)");
  s->bind(1, project_id);
  s->bind(2, through_day);
  std::vector<Rolling> out;
  while (s->executeStep()) {
    Rolling r;
    r.series = Series{s->getColumn(0).getInt64(), opt_int(s->getColumn(1)), opt_int(s->getColumn(2))};
    if (s->getColumn(3).getInt() == 0) r.branch = s->getColumn(4).getString();
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

bool roll_up_test_case_days(Conn& c, int64_t through_day, int max_days) {
  std::string project_id;
  auto behind = series_behind(c, through_day, project_id);
  if (behind.empty()) return false;
  std::optional<int64_t> first_result;
  {
    auto s = c.prepare("SELECT min(created_at) FROM test_results WHERE project_id = ?");
    s->bind(1, project_id);
    s->executeStep();
    first_result = opt_int(s->getColumn(0));
  }
  // This step's days: from the first one a series lacks, at most max_days of them.
  int64_t lo = through_day + 1;
  for (const auto& b : behind)
    lo = std::min(lo, b.series.rolled ? *b.series.rolled + 1 : first_result ? day_of(*first_result) : through_day + 1);
  int64_t hi = std::min(through_day, lo + std::max(1, max_days) - 1);
  if (lo <= hi) {
    Rolling* every = nullptr;
    std::map<std::string, Rolling*> by_branch;
    for (auto& b : behind) {
      if (b.branch) by_branch[*b.branch] = &b;
      else every = &b;
    }
    RunBranches runs(c);
    auto s = c.prepare(
        "SELECT created_at, logical_test_id, status, duration, rowid, run_id FROM test_results WHERE project_id = ? "
        "AND created_at BETWEEN ? AND ? ORDER BY created_at");
    s->bind(1, project_id);
    s->bind(2, lo * kDayMs);
    s->bind(3, (hi + 1) * kDayMs - 1);
    while (s->executeStep()) {
      int64_t at = s->getColumn(0).getInt64(), day = day_of(at), test = s->getColumn(1).getInt64();
      std::string status = s->getColumn(2).getString();
      int64_t duration = s->getColumn(3).getInt64();
      Newest newest{at, s->getColumn(4).getInt64()};
      auto add = [&](Rolling& r) {
        if (r.series.rolled && day <= *r.series.rolled) return;
        auto& cell = r.by_day[day][test];
        cell.delta.add(status, duration);
        cell.newest = std::max(cell.newest, newest);
        if (status != "skipped") r.durations[test].push_back({day, duration});
      };
      if (every) add(*every);
      if (by_branch.empty()) continue;
      const auto& branch = runs.branch_of(s->getColumn(5).getString());
      if (!branch) continue;
      if (auto it = by_branch.find(*branch); it != by_branch.end()) add(*it->second);
    }
  }
  auto done = c.prepare("UPDATE test_case_series SET rolled_through = ? WHERE id = ?");
  for (auto& b : behind) {
    for (const auto& [day, cells] : b.by_day) add_day(c, b.series, day, cells);
    add_packed_durations(c, b.series.id, b.durations);
    done->bind(1, b.series.rolled ? std::max(*b.series.rolled, hi) : hi);
    done->bind(2, b.series.id);
    done->exec();
    done->reset();
  }
  return true;
}

namespace {

// The newest result of the test in the series up to the end of `day` (and above the
// floor), other than the run's: the test's results from the newest back, until one is
// on the series' branch.
std::optional<Newest> newest_remaining(Conn& c, const Series& series, const std::optional<std::string>& branch,
                                       RunBranches& runs, int64_t test, int64_t day, const std::string& except_run) {
  auto s = c.prepare(
      "SELECT created_at, rowid, run_id FROM test_results WHERE logical_test_id = ? AND created_at BETWEEN ? AND ? "
      "AND run_id <> ? ORDER BY created_at DESC");
  s->bind(1, test);
  s->bind(2, series.floor ? (*series.floor + 1) * kDayMs : kNoDay);
  s->bind(3, (day + 1) * kDayMs - 1);
  s->bind(4, except_run);
  std::optional<Newest> best;
  while (s->executeStep()) {
    Newest n{s->getColumn(0).getInt64(), s->getColumn(1).getInt64()};
    if (best && n.at < best->at) break;  // older than the one found (rowids of one ms come in any order)
    if (branch && !runs.on_branch(s->getColumn(2).getString(), *branch)) continue;
    if (!best || *best < n) best = n;
  }
  return best;
}

void set_newest(Conn& c, int64_t series_id, int64_t day, int64_t test, const std::optional<Newest>& n) {
  auto s = c.prepare("UPDATE test_case_days SET last_at = ?, last_rowid = ? WHERE series_id = ? AND day = ? "
                     "AND logical_test_id = ?");
  bind_newest(*s, 1, n);
  s->bind(3, series_id);
  s->bind(4, day);
  s->bind(5, test);
  s->exec();
}

std::optional<int64_t> newest_rowid(Conn& c, int64_t series_id, int64_t day, int64_t test) {
  auto row = read_row(c, series_id, day, test);
  if (!row || !row->newest) return std::nullopt;
  return row->newest->rowid;
}

// Takes a run's results of one day out: out of the days before it (down to the floor,
// which absorbs them for tests without earlier rows) when those are fewer, else out of
// that day and the ones after. Either way every difference of two days stays right.
void take_out(Conn& c, Series& series, int64_t day, const Cells& cells, const std::vector<int64_t>& days) {
  auto at = std::lower_bound(days.begin(), days.end(), day);
  auto earlier = static_cast<size_t>(at - days.begin());
  auto later = static_cast<size_t>(days.end() - at) - 1;
  if (earlier <= later) {
    if (!series.floor) set_floor(c, series, days.front() - 1);
    for (const auto& [test, cell] : cells) {
      // Every day from the floor on holds the results taken out; a day where the test
      // had no row yet gets one (so that it has a row on every day from the floor).
      RowValues at_floor{cell.delta, std::nullopt};
      if (auto v = add_to_row_returning(c, series.id, *series.floor, test, cell.delta, std::nullopt)) at_floor = *v;
      else insert_row(c, series.id, *series.floor, test, at_floor, 0);
      for (auto d = days.begin(); d != at; ++d)
        if (*d > *series.floor && !add_to_row(c, series.id, *d, test, cell.delta, 0, std::nullopt))
          insert_row(c, series.id, *d, test, RowValues{at_floor.cum, std::nullopt}, 0);
      add_to_row(c, series.id, day, test, Totals{}, -cell.delta.results, std::nullopt);
    }
    return;
  }
  for (const auto& [test, cell] : cells) {
    Totals minus;
    minus -= cell.delta;
    add_to_row(c, series.id, day, test, minus, -cell.delta.results, std::nullopt);
    for (auto d = at + 1; d != days.end(); ++d) add_to_row(c, series.id, *d, test, minus, 0, std::nullopt);
  }
}

}  // namespace

void forget_run_test_case_days(Conn& c, const Run& run) {
  std::map<int64_t, Cells> by_day;
  std::unordered_map<int64_t, std::vector<int64_t>> gone;  // rowids by logical test
  std::unordered_map<int64_t, std::pair<int64_t, int64_t>> span;  // first and last day by logical test
  DurationsByTest durations;  // of results not skipped
  {
    auto s = c.prepare("SELECT created_at, logical_test_id, status, duration, rowid FROM test_results WHERE run_id = ?");
    s->bind(1, run.id);
    while (s->executeStep()) {
      int64_t day = day_of(s->getColumn(0).getInt64()), test = s->getColumn(1).getInt64();
      std::string status = s->getColumn(2).getString();
      by_day[day][test].delta.add(status, s->getColumn(3).getInt64());
      if (status != "skipped") durations[test].push_back({day, s->getColumn(3).getInt64()});
      gone[test].push_back(s->getColumn(4).getInt64());
      auto [it, fresh] = span.try_emplace(test, day, day);
      if (!fresh) it->second = {std::min(it->second.first, day), std::max(it->second.second, day)};
    }
  }
  if (by_day.empty()) return;
  RunBranches runs(c);
  for (const auto& branch : series_of(run)) {
    auto found = find_series(c, run.project_id, branch);
    if (!found) continue;
    Series series = *found;
    if (!series.rolled) continue;  // none of its days rolled up yet
    // Only the rolled-up days hold the run's results.
    DurationsByTest rolled_durations;
    for (const auto& [test, list] : durations)
      for (const auto& e : list)
        if (e.day <= *series.rolled) rolled_durations[test].push_back(e);
    forget_packed_durations(c, series.id, rolled_durations);
    auto days = days_between(c, series.id, kNoDay, kLastDay);
    for (const auto& [day, cells] : by_day)
      if ((!series.floor || day > *series.floor) && day <= *series.rolled) take_out(c, series, day, cells, days);
    // Rows whose newest result was one of the run's get the newest of those left.
    for (const auto& [test, rowids] : gone) {
      auto [first, last] = span[test];
      for (auto d = std::lower_bound(days.begin(), days.end(), first); d != days.end(); ++d) {
        if (series.floor && *d <= *series.floor) continue;
        auto newest = newest_rowid(c, series.id, *d, test);
        if (newest && std::find(rowids.begin(), rowids.end(), *newest) != rowids.end()) {
          set_newest(c, series.id, *d, test,
                     newest_remaining(c, series, branch, runs, test, *d, run.id));
        } else if (*d >= last) {
          break;
        }
      }
    }
  }
}

namespace {

// Tests with no results above the floor (their rows all hold the floor's totals) leave
// the series, so that days stop carrying them; were one to come back, it would start
// from nothing, which is what its rows said.
void drop_tests_without_results(Conn& c, const Series& series) {
  auto latest = latest_day(c, series.id, kNoDay, kLastDay);
  if (!latest) return;
  std::string gone = "[";
  {
    auto s = c.prepare(
        "SELECT l.logical_test_id FROM test_case_days l LEFT JOIN test_case_days f ON f.series_id = l.series_id "
        "AND f.day = ? AND f.logical_test_id = l.logical_test_id WHERE l.series_id = ? AND l.day = ? "
        "AND l.results = coalesce(f.results, 0)");
    if (series.floor) s->bind(1, *series.floor); else s->bind(1);
    s->bind(2, series.id);
    s->bind(3, *latest);
    while (s->executeStep()) gone += (gone.size() > 1 ? "," : "") + std::to_string(s->getColumn(0).getInt64());
  }
  if (gone.size() == 1) return;
  gone += "]";
  auto del = c.prepare("DELETE FROM test_case_days WHERE series_id = ? AND day = ? AND logical_test_id IN "
                       "(SELECT value FROM json_each(?))");
  for (int64_t day : days_between(c, series.id, kNoDay, kLastDay)) {
    del->bind(1, series.id);
    del->bind(2, day);
    del->bind(3, gone);
    del->exec();
    del->reset();
  }
}

}  // namespace

void prune_test_case_days(Conn& c) {
  std::vector<Series> all;
  {
    auto s = c.prepare("SELECT id, floor_day, rolled_through FROM test_case_series");
    while (s->executeStep())
      all.push_back({s->getColumn(0).getInt64(), opt_int(s->getColumn(1)), opt_int(s->getColumn(2))});
  }
  for (auto& series : all) {
    int64_t lo = series.floor ? *series.floor + 1 : kNoDay;
    std::optional<int64_t> first_with_results;
    {
      auto s = c.prepare("SELECT min(day) FROM test_case_days WHERE series_id = ? AND day >= ? AND day_results > 0");
      s->bind(1, series.id);
      s->bind(2, lo);
      s->executeStep();
      first_with_results = opt_int(s->getColumn(0));
    }
    auto new_floor = latest_day(c, series.id, lo, first_with_results ? *first_with_results - 1 : kLastDay);
    if (!new_floor) continue;
    // Each test's latest row below the new floor day becomes its floor row there.
    auto below = days_between(c, series.id, series.floor.value_or(kNoDay), *new_floor - 1);
    for (auto d = below.rbegin(); d != below.rend(); ++d) {
      auto s = c.prepare(
          "INSERT OR IGNORE INTO test_case_days (series_id, day, logical_test_id, results, passed, failed, flaky, "
          "skipped, duration, day_results, last_at, last_rowid) SELECT series_id, ?, logical_test_id, results, passed, "
          "failed, flaky, skipped, duration, 0, NULL, NULL FROM test_case_days WHERE series_id = ? AND day = ?");
      s->bind(1, *new_floor);
      s->bind(2, series.id);
      s->bind(3, *d);
      s->exec();
    }
    auto del = c.prepare("DELETE FROM test_case_days WHERE series_id = ? AND day < ?");
    del->bind(1, series.id);
    del->bind(2, *new_floor);
    del->exec();
    set_floor(c, series, *new_floor);
  }
  for (const auto& series : all) drop_tests_without_results(c, series);
}

void rebuild_test_case_days(Conn& c, const std::string& project_id) {
  {
    auto s = c.prepare("DELETE FROM test_case_series WHERE project_id = ?");
    s->bind(1, project_id);
    s->exec();
  }
  // The series of every branch with results, none rolled up: maintenance rolls them up.
  series_for(c, project_id, std::nullopt);
  auto s = c.prepare(
      "SELECT DISTINCT r.branch FROM runs r WHERE r.project_id = ? AND r.branch IS NOT NULL "
      "AND EXISTS (SELECT 1 FROM test_results t WHERE t.run_id = r.id)");
  s->bind(1, project_id);
  std::vector<std::string> branches;
  while (s->executeStep()) branches.push_back(s->getColumn(0).getString());
  for (const auto& b : branches) series_for(c, project_id, b);
}

RolledSeries rolled_series(Conn& c, const std::string& project_id, const std::optional<std::string>& branch) {
  RolledSeries out;
  if (auto series = find_series(c, project_id, branch); series && series->rolled) {
    out.id = series->id;
    out.rolled_through = *series->rolled;
  }
  return out;
}

std::vector<std::string> projects_with_results(Conn& c) {
  auto s = c.prepare("SELECT id FROM projects p WHERE EXISTS (SELECT 1 FROM test_results t WHERE t.project_id = p.id)");
  std::vector<std::string> out;
  while (s->executeStep()) out.push_back(s->getColumn(0).getString());
  return out;
}

std::vector<TestTotals> whole_day_totals(Conn& c, const std::string& project_id,
                                         const std::optional<std::string>& branch, int64_t first_day,
                                         int64_t last_day) {
  auto series = find_series(c, project_id, branch);
  if (!series || first_day > last_day) return {};
  auto last = latest_day(c, series->id, kNoDay, last_day);
  if (!last || *last < first_day || (series->floor && *last <= *series->floor)) return {};
  // The day whose totals the window starts from: the last one before it, not below the floor.
  int64_t start = series->floor.value_or(kNoDay);
  if (first_day != kNoDay)
    if (auto d = latest_day(c, series->id, kNoDay, first_day - 1); d && *d > start) start = *d;
  // Both days' rows in logical test order, merged: a test without a row on the start
  // day had nothing yet.
  const char* kDayRows =
      "SELECT logical_test_id, results, passed, failed, flaky, skipped, duration, last_at, last_rowid "
      "FROM test_case_days WHERE series_id = ? AND day = ? ORDER BY logical_test_id";
  auto at_last = c.prepare(kDayRows);
  at_last->bind(1, series->id);
  at_last->bind(2, *last);
  auto at_start = c.prepare(std::string(kDayRows) + " /* the window's start */");
  bool more_start = false;
  if (start != kNoDay) {
    at_start->bind(1, series->id);
    at_start->bind(2, start);
    more_start = at_start->executeStep();
  }
  std::vector<TestTotals> out;
  while (at_last->executeStep()) {
    int64_t test = at_last->getColumn(0).getInt64();
    while (more_start && at_start->getColumn(0).getInt64() < test) more_start = at_start->executeStep();
    auto v = read_values(*at_last, 1);
    if (more_start && at_start->getColumn(0).getInt64() == test) v.cum -= read_values(*at_start, 1).cum;
    if (v.cum.results > 0 && v.newest) out.push_back({test, v.cum, *v.newest});
  }
  return out;
}

}  // namespace euriqa::store
