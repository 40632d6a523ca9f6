// GET /api/runs/:id/rows: every result of a run as the run page lists it, in one answer
// (one request against the rate limit, however big the run; gzip-compressed for the
// browser). Columnar: `fields` names the columns once and `rows` holds one array per
// result, newest first; `error` is the first line of a failed or flaky result's error.
#include "api/access.h"
#include "api/error_text.h"
#include "api/render.h"
#include "api/routes.h"
#include "store/results.h"

namespace euriqa::api {

using domain::Action;

namespace {

void opt_str(http::JsonWriter& w, const std::optional<std::string>& v) {
  if (v) w.str(*v);
  else w.null();
}

http::Response rows(App& app, http::Request& req) {
  auto [run, rows] = app.db.read([&](store::Conn& c) {
    auto r = authorize_run(c, req.caller(), req.param("id"), Action::Read);
    return std::make_pair(r, store::run_rows(c, r.id));
  });
  http::JsonWriter w;
  w.begin_object().field("runId", run.id).field("total", static_cast<int64_t>(rows.size()));
  w.key("fields").begin_array();
  for (const char* f : {"id", "title", "fullTitle", "filePath", "suiteId", "status", "duration", "retries", "error"}) w.str(f);
  w.end_array().key("rows").begin_array();
  for (const auto& r : rows) {
    w.begin_array().str(r.id).str(r.title).str(r.full_title);
    opt_str(w, r.file_path);
    opt_str(w, r.suite_id);
    w.str(r.status).num(r.duration);
    if (r.retries) w.num(*r.retries);
    else w.null();
    if (r.error_json) w.str(error_first_line_of(r.error_json));
    else w.null();
    w.end_array();
  }
  w.end_array().end_object();
  return http::Response::json(200, w.take());
}

}  // namespace

void register_run_rows(http::Router& router, App& app) {
  router.get("/api/runs/:id/rows", Policy::role(Action::Read).limit("testsRead"), handle(app, rows));
}

}  // namespace euriqa::api
