// Failure groups (contract §13): a run's failed results grouped by error signature,
// and a project's groups across runs over a period.
#include "api/access.h"
#include "api/error_text.h"
#include "api/query.h"
#include "api/render.h"
#include "api/routes.h"
#include "domain/error.h"
#include "domain/validation.h"
#include "store/failure_groups.h"

namespace euriqa::api {

using domain::Action;

namespace {

constexpr int kTestsPerGroup = 20;

http::Response of_run(App& app, http::Request& req) {
  auto groups = app.db.read([&](store::Conn& c) {
    authorize_run(c, req.caller(), req.param("id"), Action::Read);
    return store::run_failure_groups(c, req.param("id"), kTestsPerGroup);
  });
  http::JsonWriter w;
  w.begin_object().key("data").begin_array();
  for (const auto& g : groups) {
    w.begin_object().field("signature", g.signature);
    w.field("message", g.tests.empty() ? std::string() : error_first_line_of(g.tests.front().error_json));
    w.field("count", g.count).key("tests").begin_array();
    for (const auto& t : g.tests) {
      w.begin_object().field("id", t.id).field("title", t.title).field("fullTitle", t.full_title);
      w.field("filePath", t.file_path).field("status", t.status).end_object();
    }
    w.end_array().end_object();
  }
  w.end_array().field("total", static_cast<int64_t>(groups.size())).end_object();
  return http::Response::json(200, w.take());
}

http::Response of_project(App& app, http::Request& req) {
  const auto& p = req.caller();
  store::GroupWindow win;
  win.project_id = resolve_project_id(p, req.query("projectId"));
  win.from = time_query(req, "from");
  win.to = time_query(req, "to");
  win.branch = req.query("branch");
  auto page = domain::parse_page(req.query("limit"), req.query("offset"));
  win.limit = page.limit;
  win.offset = page.offset;
  auto [groups, total] = app.db.read([&](store::Conn& c) {
    authorize_project(c, p, win.project_id, Action::Read);
    return store::project_failure_groups(c, win);
  });
  http::JsonWriter w;
  w.begin_object().key("data").begin_array();
  for (const auto& g : groups) {
    w.begin_object().field("signature", g.signature).field("message", g.message);
    w.field("occurrences", g.occurrences).field("tests", g.tests).field("runs", g.runs);
    w.time_field("firstSeen", g.first_seen).time_field("lastSeen", g.last_seen);
    // Beyond the contract, for the dashboard's Errors page: the newest occurrence and a
    // daily trend (occurrences per UTC day from trendStart).
    w.field("newestTestId", g.newest_test_id).time_field("trendStart", g.trend_start).key("trend").begin_array();
    for (int64_t n : g.trend) w.num(n);
    w.end_array().end_object();
  }
  w.end_array().field("total", total).field("limit", win.limit).field("offset", win.offset).end_object();
  return http::Response::json(200, w.take());
}

}  // namespace

void register_failure_groups(http::Router& router, App& app) {
  router.get("/api/runs/:id/failure-groups", Policy::role(Action::Read).limit("testsRead"), handle(app, of_run));
  router.get("/api/failure-groups", Policy::role(Action::Read).limit("testsRead"), handle(app, of_project));
}

}  // namespace euriqa::api
