// Flakiness and quarantine (reference "Flakiness", contract §6): scores kept at
// ingest, listed without recomputing history; manual quarantine by any result id of
// the logical test; the quarantine list for reporters.
#include <cmath>

#include "api/access.h"
#include "api/render.h"
#include "api/routes.h"
#include "domain/error.h"
#include "domain/time.h"
#include "domain/validation.h"
#include "store/flakiness.h"
#include "store/results.h"

namespace euriqa::api {

using domain::Action;

namespace {


void write_flaky(http::JsonWriter& w, const store::FlakyTest& t) {
  w.begin_object().field("testId", t.test_id).field("testTitle", t.title).field("fullTitle", t.full_title);
  w.field("filePath", t.file_path).key("flakinessScore").real(t.score);
  w.field("totalRuns", t.total_runs).field("flakyRuns", t.flaky_runs).time_field("lastFlakyAt", t.last_flaky_at);
  w.field("isQuarantined", t.is_quarantined).time_field("quarantinedAt", t.quarantined_at).end_object();
}

std::optional<bool> bool_query(const http::Request& req, const char* name) {
  auto v = req.query(name);
  if (!v) return std::nullopt;
  if (*v == "true") return true;
  if (*v == "false") return false;
  throw domain::validation(name, "invalid_type", std::string("Query parameter '") + name + "' must be true or false");
}

http::Response list(App& app, http::Request& req) {
  const auto& p = req.caller();
  store::FlakinessFilter f;
  f.project_id = resolve_project_id(p, req.query("projectId"));
  if (auto v = req.query("minScore")) {
    char* end = nullptr;
    double d = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0' || !std::isfinite(d))
      throw domain::validation("minScore", "invalid_type", "Query parameter 'minScore' must be a number");
    if (d < 0 || d > 1) throw domain::validation("minScore", "out_of_range", "Query parameter 'minScore' must be between 0 and 1");
    f.min_score = d;
  }
  f.quarantined = bool_query(req, "quarantined");
  auto page = domain::parse_page(req.query("limit"), req.query("offset"));
  f.limit = page.limit;
  f.offset = page.offset;
  auto [rows, total, summary] = app.db.read([&](store::Conn& c) {
    authorize_project(c, p, f.project_id, Action::Read);
    auto [r, t] = store::list_flakiness(c, f);
    return std::make_tuple(std::move(r), t, store::flakiness_summary(c, f.project_id));
  });
  http::JsonWriter w;
  w.begin_object().key("data").begin_array();
  for (const auto& t : rows) write_flaky(w, t);
  w.end_array().key("summary").begin_object().field("totalFlakyTests", summary.total_flaky_tests);
  w.field("quarantinedTests", summary.quarantined_tests).key("averageFlakinessScore").real(summary.average_score);
  w.end_object().field("total", total).field("limit", f.limit).field("offset", f.offset).end_object();
  return http::Response::json(200, w.take());
}

http::Response quarantine(App& app, http::Request& req) {
  const auto& p = req.caller();
  const auto& body = req.json();
  std::string test_id = body.required_string("testId", 100);
  std::string project_id = resolve_project_id(p, body.optional_string("projectId", 100));
  bool quarantined = body.required_bool("isQuarantined");
  int64_t now = domain::now_ms();
  auto test = app.db.write([&](store::Conn& c) {
    authorize_within(c, p, project_id, Action::WriteResults, "Test");
    auto r = store::find_result(c, test_id);
    if (!r || r->project_id != project_id) throw domain::not_found("Test");
    store::set_quarantine(c, r->logical_test_id, quarantined, now);
    return *store::find_flaky_test(c, r->logical_test_id);
  });
  return object_response(200, [&](http::JsonWriter& w) {
    w.begin_object().field("testId", test_id).field("isQuarantined", test.is_quarantined);
    w.time_field("quarantinedAt", test.quarantined_at).time_field("updatedAt", now).end_object();
  });
}

http::Response quarantine_list(App& app, http::Request& req) {
  const auto& p = req.caller();
  std::string project_id = resolve_project_id(p, req.query("projectId"));
  auto tests = app.db.read([&](store::Conn& c) {
    authorize_project(c, p, project_id, Action::Read);
    return store::quarantined_tests(c, project_id);
  });
  return data_response(tests, [](http::JsonWriter& w, const store::FlakyTest& t) {
    w.begin_object().field("filePath", t.file_path).field("fullTitle", t.full_title).field("title", t.title);
    w.field("testId", t.test_id).time_field("since", t.quarantined_at).end_object();
  });
}

}  // namespace

void register_flakiness(http::Router& router, App& app) {
  router.get("/api/flakiness", Policy::role(Action::Read).limit("flakiness"), handle(app, list));
  router.post("/api/flakiness", Policy::role(Action::WriteResults).limit("flakiness"), handle(app, quarantine));
  router.get("/api/quarantine", Policy::role(Action::Read).limit("flakiness"), handle(app, quarantine_list));
}

}  // namespace euriqa::api
