// The test explorer (contract §15): the logical tests with results in a window, with
// their rates, durations and last outcome; a test's every result, paged; its trend per
// UTC day. `runs` counts the test's results in the window: a run reports a test once
// (Playwright folds retries into one result), so it is the number of runs that ran the
// test, unless one run reported the same file and title twice (counted twice).
#include <algorithm>

#include "api/access.h"
#include "api/query.h"
#include "api/render.h"
#include "api/routes.h"
#include "domain/error.h"
#include "domain/time.h"
#include "domain/validation.h"
#include "store/test_cases.h"

namespace euriqa::api {

using domain::Action;

namespace {

constexpr int kDefaultTrendDays = 30;
constexpr int kMaxTrendDays = 365;
constexpr size_t kMaxSearch = 500;

const std::vector<std::string> kSortKeys = {"failureRate", "flakyRate", "p95Duration", "avgDuration",
                                            "runs",        "lastSeen",  "fullTitle"};

store::TestCaseSort sort_of(const std::string& key) {
  using S = store::TestCaseSort;
  static const S order[] = {S::FailureRate, S::FlakyRate, S::P95Duration, S::AvgDuration,
                            S::Runs,        S::LastSeen,  S::FullTitle};
  auto at = std::find(kSortKeys.begin(), kSortKeys.end(), key);
  return order[at - kSortKeys.begin()];
}

void write_rate(http::JsonWriter& w, const char* key, const std::optional<double>& v) {
  w.key(key);
  v ? w.real(*v) : w.null();
}

void write_case(http::JsonWriter& w, const store::TestCase& t) {
  w.begin_object().field("testId", t.test_id).field("filePath", t.file_path).field("fullTitle", t.full_title);
  w.field("runs", t.totals.results).field("passed", t.totals.passed).field("failed", t.totals.failed);
  w.field("flaky", t.totals.flaky).field("skipped", t.totals.skipped);
  write_rate(w, "failureRate", t.failure_rate);
  write_rate(w, "flakyRate", t.flaky_rate);
  w.field("avgDuration", t.avg_duration).field("p95Duration", t.p95_duration);
  w.field("lastStatus", t.last_status).time_field("lastSeen", t.newest.at).field("quarantined", t.quarantined);
  w.end_object();
}

http::Response list(App& app, http::Request& req) {
  const auto& p = req.caller();
  store::TestCaseQuery q;
  q.project_id = resolve_project_id(p, req.query("projectId"));
  q.branch = req.query("branch");
  q.from = time_query(req, "from");
  q.to = time_query(req, "to");
  q.sort = sort_of(enum_query(req, "sort", kSortKeys).value_or("failureRate"));
  q.descending = enum_query(req, "order", {"asc", "desc"}).value_or("desc") == "desc";
  std::string search = req.query("search").value_or("");
  if (search.size() > kMaxSearch) throw domain::validation("search", "too_long", "Search text is too long");
  if (!search.empty()) q.search = search;
  auto page = domain::parse_page(req.query("limit"), req.query("offset"));
  q.limit = page.limit;
  q.offset = page.offset;
  q.now = domain::now_ms();
  auto [rows, total] = app.db.read([&](store::Conn& c) {
    authorize_project(c, p, q.project_id, Action::Read);
    return store::list_test_cases(c, q);
  });
  http::JsonWriter w;
  w.begin_object().key("data").begin_array();
  for (const auto& t : rows) write_case(w, t);
  w.end_array().field("total", total).field("limit", q.limit).field("offset", q.offset).end_object();
  return http::Response::json(200, w.take());
}

http::Response results(App& app, http::Request& req) {
  auto page = domain::parse_page(req.query("limit"), req.query("offset"));
  auto [rows, total] = app.db.read([&](store::Conn& c) {
    auto t = authorize_result(c, req.caller(), req.param("testId"), Action::Read);
    return store::logical_test_results(c, t.logical_test_id, page.limit, page.offset);
  });
  return result_page(rows, total, page.limit, page.offset);
}

http::Response trend(App& app, http::Request& req) {
  auto days = int_query(req, "days", 1, kMaxTrendDays).value_or(kDefaultTrendDays);
  int64_t today = domain::day_of(domain::now_ms());
  auto rows = app.db.read([&](store::Conn& c) {
    auto t = authorize_result(c, req.caller(), req.param("testId"), Action::Read);
    return store::test_case_trend(c, t.project_id, t.logical_test_id, today - days + 1, today);
  });
  http::JsonWriter w;
  w.begin_object().key("data").begin_array();
  for (const auto& d : rows) {
    w.begin_object().field("date", domain::format_time(d.day * domain::kDayMs).substr(0, 10));
    w.field("runs", d.totals.results).field("passed", d.totals.passed).field("failed", d.totals.failed);
    w.field("flaky", d.totals.flaky).field("skipped", d.totals.skipped);
    w.field("avgDuration", d.avg_duration).field("p95Duration", d.p95_duration).end_object();
  }
  w.end_array().end_object();
  return http::Response::json(200, w.take());
}

}  // namespace

void register_test_cases(http::Router& router, App& app) {
  router.get("/api/test-cases", Policy::role(Action::Read).limit("testsRead"), handle(app, list));
  router.get("/api/test-cases/:testId/results", Policy::role(Action::Read).limit("testsRead"), handle(app, results));
  router.get("/api/test-cases/:testId/trend", Policy::role(Action::Read).limit("testsRead"), handle(app, trend));
}

}  // namespace euriqa::api
