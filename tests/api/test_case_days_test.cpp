// The explorer's running totals (store/test_case_days) against the results themselves:
// random batches on random days (the clock moved forward and back), on no branch or one
// of two, random run deletions, retention of the oldest runs with the floor moved up,
// and after each step every window of whole days compared with a count over the results.
// Days are rolled up by maintenance's steps between the changes (results then also
// land on rolled-up days); the packed durations (store/duration_packs) are compared with
// the results' durations the same way, and the explorer's answers (rolled-up days and
// the rest read from the results) with both.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "domain/test_case_stats.h"
#include "domain/time.h"
#include "store/db.h"
#include "store/duration_packs.h"
#include "store/test_cases.h"
#include "store/projects.h"
#include "store/results.h"
#include "store/runs.h"
#include "store/teams.h"
#include "store/test_case_days.h"
#include "store/users.h"
#include "support/server.h"

using namespace euriqa;

namespace {

constexpr int64_t kDay = 86400000;

struct Expected {
  store::Totals totals;
  store::Newest newest;
};

// Every logical test's totals over whole days [a, b], counted from the results.
std::map<int64_t, Expected> count_results(store::Conn& c, const std::string& project_id,
                                          const std::optional<std::string>& branch, int64_t a, int64_t b) {
  auto s = c.prepare(
      "SELECT t.logical_test_id, t.status, t.duration, t.created_at, t.rowid, r.branch FROM test_results t "
      "JOIN runs r ON r.id = t.run_id WHERE t.project_id = ?");
  s->bind(1, project_id);
  std::map<int64_t, Expected> out;
  while (s->executeStep()) {
    int64_t day = domain::day_of(s->getColumn(3).getInt64());
    if (day < a || day > b) continue;
    if (branch && (s->getColumn(5).isNull() || s->getColumn(5).getString() != *branch)) continue;
    auto& e = out[s->getColumn(0).getInt64()];
    e.totals.add(s->getColumn(1).getString(), s->getColumn(2).getInt64());
    e.newest = std::max(e.newest, store::Newest{s->getColumn(3).getInt64(), s->getColumn(4).getInt64()});
  }
  return out;
}

// EURIQA_TEST_SEED replays another random history (12345 unless given).
unsigned seed() {
  const char* v = std::getenv("EURIQA_TEST_SEED");
  return v ? static_cast<unsigned>(std::stoul(v)) : 12345U;
}

bool same(const store::Totals& a, const store::Totals& b) {
  return a.results == b.results && a.passed == b.passed && a.failed == b.failed && a.flaky == b.flaky &&
         a.skipped == b.skipped && a.duration == b.duration;
}

struct World {
  std::string dir = test::make_temp_dir();
  store::Db db{dir + "/euriqa.db"};
  std::string project_id;
  std::mt19937 rng{seed()};
  std::vector<std::string> runs;
  int64_t today = domain::day_of(domain::now_ms());

  World() {
    project_id = db.write([](store::Conn& c) {
      auto u = store::insert_user(c, "days@example.com", "Days", "x", true);
      auto t = store::insert_team(c, "T", u.id);
      return store::insert_project(c, t.id, "P").id;
    });
  }
  ~World() {
    domain::set_clock_offset_ms(0);
    std::filesystem::remove_all(dir);
  }
  int pick(int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); }

  // A run on a random branch with a batch or two on random days (offsets from today), of
  // random tests t0..t7, or of the one test named.
  void ingest(int min_offset, int max_offset, const std::string& only = "") {
    static const char* kStatuses[] = {"passed", "passed", "failed", "flaky", "skipped"};
    store::Run run;
    run.project_id = project_id;
    run.status = "running";
    int b = pick(3);
    if (b) run.branch = b == 1 ? "main" : "feature";
    run = db.write([&](store::Conn& c) { return store::insert_run(c, run); });
    runs.push_back(run.id);
    for (int batch = 0, n = 1 + pick(2); batch < n; ++batch) {
      int offset = min_offset + pick(max_offset - min_offset + 1);
      domain::set_clock_offset_ms(static_cast<int64_t>(offset) * kDay + pick(kDay));
      std::vector<store::TestResult> rows;
      for (int i = 0, k = 1 + pick(6); i < k; ++i) {
        store::TestResult r;
        r.title = only.empty() ? "t" + std::to_string(pick(8)) : only;
        r.full_title = "s > " + r.title;
        r.file_path = "a.spec.ts";
        r.status = kStatuses[pick(5)];
        r.duration = 1 + pick(1000);
        rows.push_back(r);
      }
      db.write([&](store::Conn& c) { store::insert_results(c, run, rows); });
    }
    domain::set_clock_offset_ms(0);
  }

  void delete_random_run() {
    if (runs.empty()) return;
    size_t i = static_cast<size_t>(pick(static_cast<int>(runs.size())));
    db.write([&](store::Conn& c) { store::delete_run(c, runs[i]); });
    runs.erase(runs.begin() + static_cast<long>(i));
  }

  // Retention: the runs whose results are all older than `days` days, then the floors.
  void retain(int days) {
    db.write([&](store::Conn& c) {
      auto s = c.prepare("SELECT run_id FROM test_results GROUP BY run_id HAVING max(created_at) < ?");
      s->bind(1, (today - days) * kDay);
      std::vector<std::string> old;
      while (s->executeStep()) old.push_back(s->getColumn(0).getString());
      for (const auto& id : old) {
        store::delete_run(c, id);
        runs.erase(std::remove(runs.begin(), runs.end(), id), runs.end());
      }
      store::prune_test_case_days(c);
    });
  }

  // Maintenance's roll-up, in steps of a random number of days.
  void roll() {
    int max_days = 1 + pick(5);
    while (db.write([&](store::Conn& c) { return store::roll_up_test_case_days(c, today - 1, max_days); })) {
    }
  }

  // The durations of results that were not skipped, by logical test, on whole days [a, b].
  std::map<int64_t, std::vector<int64_t>> durations_of(store::Conn& c, const std::optional<std::string>& branch,
                                                        int64_t a, int64_t b) {
    auto s = c.prepare(
        "SELECT t.logical_test_id, t.duration, t.created_at, r.branch FROM test_results t "
        "JOIN runs r ON r.id = t.run_id WHERE t.project_id = ? AND t.status <> 'skipped'");
    s->bind(1, project_id);
    std::map<int64_t, std::vector<int64_t>> out;
    while (s->executeStep()) {
      int64_t day = domain::day_of(s->getColumn(2).getInt64());
      if (day < a || day > b) continue;
      if (branch && (s->getColumn(3).isNull() || s->getColumn(3).getString() != *branch)) continue;
      out[s->getColumn(0).getInt64()].push_back(s->getColumn(1).getInt64());
    }
    for (auto& [test, d] : out) std::sort(d.begin(), d.end());
    return out;
  }

  // The rows the series hold for the logical test of that title.
  int64_t rows_of(const std::string& title) {
    return db.read([&](store::Conn& c) {
      auto s = c.prepare(
          "SELECT count(*) FROM test_case_days d JOIN logical_tests l ON l.id = d.logical_test_id "
          "WHERE l.project_id = ? AND l.title = ?");
      s->bind(1, project_id);
      s->bind(2, title);
      s->executeStep();
      return s->getColumn(0).getInt64();
    });
  }

  // The explorer's rows over the window: sorted by p95, every candidate's p95 comes from
  // all packs and results together; sorted otherwise, the page's tests' from theirs.
  std::map<int64_t, store::TestCase> explore(store::Conn& c, const std::optional<std::string>& branch, int64_t a,
                                             int64_t b, store::TestCaseSort sort) {
    store::TestCaseQuery q;
    q.project_id = project_id;
    q.branch = branch;
    if (a != std::numeric_limits<int64_t>::min()) q.from = a * kDay;
    q.to = (b + 1) * kDay - 1;
    q.sort = sort;
    q.limit = 1000;
    std::map<int64_t, store::TestCase> out;
    for (auto& t : store::list_test_cases(c, q).first) out[t.logical_test_id] = t;
    return out;
  }

  void check_windows(const char* step) {
    std::vector<int64_t> edges = {today - 60, today - 30, today - 12, today - 7, today - 3, today - 1, today, today + 2};
    db.read([&](store::Conn& c) {
      for (const auto& branch : {std::optional<std::string>(), std::optional<std::string>("main"),
                                 std::optional<std::string>("feature")}) {
        auto series = store::rolled_series(c, project_id, branch);
        CHECK(series.rolled_through <= today - 1);
        for (size_t i = 0; i < edges.size(); ++i)
          for (size_t j = i; j < edges.size(); ++j) {
            int64_t a = i == 0 ? std::numeric_limits<int64_t>::min() : edges[i], b = edges[j];
            CAPTURE(step);
            CAPTURE(branch.value_or("(every branch)"));
            CAPTURE(a - today);
            CAPTURE(b - today);
            // The rolled-up days' rows and packs hold exactly those days' results.
            int64_t rolled = std::min(b, series.rolled_through);
            auto want = a <= rolled ? count_results(c, project_id, branch, a, rolled) : std::map<int64_t, Expected>{};
            auto got = store::whole_day_totals(c, project_id, branch, a, rolled);
            CHECK(got.size() == want.size());
            for (const auto& g : got) {
              auto w = want.find(g.logical_test_id);
              REQUIRE(w != want.end());
              CHECK(same(g.totals, w->second.totals));
              CHECK(g.newest.at == w->second.newest.at);
              CHECK(g.newest.rowid == w->second.newest.rowid);
            }
            auto want_durations = a <= rolled ? durations_of(c, branch, a, rolled) : std::map<int64_t, std::vector<int64_t>>{};
            std::map<int64_t, std::vector<int64_t>> got_durations;
            if (series.rolled_through != store::kNoDay)
              store::for_each_packed(c, series.id, a, rolled, [&](int64_t test, std::vector<int64_t>& d) {
                CHECK(got_durations.count(test) == 0);  // one pack per test
                if (d.empty()) return;
                std::sort(d.begin(), d.end());
                got_durations[test] = d;
              });
            CHECK(got_durations == want_durations);
            // The explorer: every day of the window, rolled up or not.
            auto all = count_results(c, project_id, branch, a, b);
            auto all_durations = durations_of(c, branch, a, b);
            for (auto sort : {store::TestCaseSort::P95Duration, store::TestCaseSort::FailureRate}) {
              auto rows = explore(c, branch, a, b, sort);
              CHECK(rows.size() == all.size());
              for (const auto& [test, row] : rows) {
                auto w = all.find(test);
                REQUIRE(w != all.end());
                CHECK(same(row.totals, w->second.totals));
                CHECK(row.newest.at == w->second.newest.at);
                auto d = all_durations.find(test);
                CHECK(row.p95_duration == (d == all_durations.end() ? std::nullopt : domain::p95(d->second)));
              }
            }
          }
      }
    });
  }
};

}  // namespace

TEST_CASE("totals over whole days match the results through ingest in order") {
  World w;
  for (int i = 0; i < 30; ++i) {
    w.ingest(-20 + i / 2, -20 + i / 2);
    if (i % 6 == 5) w.roll();
  }
  w.check_windows("in order");
  w.roll();
  w.check_windows("in order, packed to yesterday");
}

TEST_CASE("totals match with the clock set back and forth between batches") {
  World w;
  for (int i = 0; i < 40; ++i) {
    w.ingest(-25, 0);
    if (i % 5 == 2) w.roll();  // later results then land on rolled-up days
    if (i % 8 == 7) w.check_windows("mixed days");
  }
  w.roll();
  w.check_windows("mixed days, packed");
}

TEST_CASE("totals match after runs are deleted, old, new and in between") {
  World w;
  for (int i = 0; i < 40; ++i) w.ingest(-25, 0);
  w.roll();
  for (int i = 0; i < 25; ++i) {
    w.delete_random_run();
    if (i % 5 == 4) w.check_windows("after deletions");
    if (i % 3 == 0) w.ingest(-25, 0);
    if (i % 4 == 0) w.roll();
  }
  w.check_windows("after deletions and more results");
}

TEST_CASE("retention of the oldest runs and the moved floor keep totals exact") {
  World w;
  for (int day = -40; day <= 0; ++day) w.ingest(day, day);
  for (int day = -40; day <= -33; ++day) w.ingest(day, day, "gone");  // leaves with retention, comes back
  for (int keep : {35, 28, 20, 12}) {
    w.roll();
    w.retain(keep);
    w.check_windows("after retention");
    if (keep == 20) w.ingest(-1, 0, "gone");
    w.ingest(-2, 0);
    w.ingest(-keep - 5, -keep);  // results older than the floor (a clock set back)
    w.check_windows("after retention and late results");
    w.delete_random_run();
    w.check_windows("after retention and a deletion");
  }
  w.retain(0);  // every result gone
  w.check_windows("nothing left");
  w.ingest(-3, 0);
  w.check_windows("new results after everything went");
}

TEST_CASE("a test whose results all went with retention leaves every day, and comes back from nothing") {
  World w;
  for (int day = -40; day <= 0; ++day) w.ingest(day, day);
  for (int day = -40; day <= -33; ++day) w.ingest(day, day, "gone");
  CHECK(w.rows_of("gone") == 0);  // not rolled up yet
  w.roll();
  CHECK(w.rows_of("gone") > 0);
  w.retain(30);
  CHECK(w.rows_of("gone") == 0);  // days no longer carry it
  w.check_windows("gone");
  w.ingest(-2, -2, "gone");  // on a rolled-up day (-2 or -1): counted at once
  CHECK(w.rows_of("gone") > 0);
  w.check_windows("back");
}

TEST_CASE("a rebuild gives the same totals") {
  World w;
  for (int i = 0; i < 30; ++i) w.ingest(-25, 0);
  for (int i = 0; i < 8; ++i) w.delete_random_run();
  w.roll();
  w.retain(15);
  w.db.write([&](store::Conn& c) { store::rebuild_test_case_days(c, w.project_id); });
  w.check_windows("rebuilt");
  w.roll();
  w.check_windows("rebuilt and packed");
  w.ingest(-3, 0);
  w.delete_random_run();
  w.check_windows("rebuilt, then changed");
}

TEST_CASE("a pack decodes to what was encoded, negative and large values included") {
  std::vector<store::DayDuration> entries = {{-3, 0}, {0, 1}, {0, 1}, {20000, 8200}, {20001, -5},
                                             {20400, int64_t{1} << 40}, {20400, 127}, {20401, 128}};
  CHECK(store::decode_pack(store::encode_pack(entries)) == entries);
  CHECK(store::decode_pack(store::encode_pack({})).empty());
  // A truncated pack gives the entries before the cut, nothing made up.
  auto bytes = store::encode_pack(entries);
  auto cut = store::decode_pack(std::string_view(bytes).substr(0, bytes.size() - 1));
  CHECK(cut.size() == entries.size() - 1);
  CHECK(std::equal(cut.begin(), cut.end(), entries.begin()));
}
