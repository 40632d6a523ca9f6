// Flakiness (docs/openapi.yaml "Flakiness", contract §6): scores kept at ingest, listed without
// recomputing history, each row with its quarantine's terms (contract §15). Quarantine
// itself (POST /api/flakiness) is in api/quarantine.cpp.
#include <cmath>

#include "api/access.h"
#include "api/query.h"
#include "api/render.h"
#include "api/routes.h"
#include "domain/error.h"
#include "domain/time.h"
#include "domain/validation.h"
#include "store/flakiness.h"

namespace euriqa::api {

using domain::Action;

namespace {

void write_flaky(http::JsonWriter& w, const store::FlakyTest& t) {
  w.begin_object().field("testId", t.test_id).field("testTitle", t.title).field("fullTitle", t.full_title);
  w.field("filePath", t.file_path).key("flakinessScore").real(t.score);
  w.field("totalRuns", t.total_runs).field("flakyRuns", t.flaky_runs).time_field("lastFlakyAt", t.last_flaky_at);
  w.field("isQuarantined", t.quarantine.has_value());
  w.time_field("quarantinedAt", t.quarantine ? std::optional<int64_t>(t.quarantine->since) : std::nullopt);
  write_quarantine_terms(w, t.quarantine);
  w.end_object();
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
  f.now = domain::now_ms();
  auto [rows, total, summary] = app.db.read([&](store::Conn& c) {
    authorize_project(c, p, f.project_id, Action::Read);
    auto [r, t] = store::list_flakiness(c, f);
    return std::make_tuple(std::move(r), t, store::flakiness_summary(c, f.project_id, f.now));
  });
  http::JsonWriter w;
  w.begin_object().key("data").begin_array();
  for (const auto& t : rows) write_flaky(w, t);
  w.end_array().key("summary").begin_object().field("totalFlakyTests", summary.total_flaky_tests);
  w.field("quarantinedTests", summary.quarantined_tests).key("averageFlakinessScore").real(summary.average_score);
  w.end_object().field("total", total).field("limit", f.limit).field("offset", f.offset).end_object();
  return http::Response::json(200, w.take());
}

}  // namespace

void register_flakiness(http::Router& router, App& app) {
  router.get("/api/flakiness", Policy::role(Action::Read).limit("flakiness"), handle(app, list));
}

}  // namespace euriqa::api
