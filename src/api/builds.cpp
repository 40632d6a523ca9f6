// CI builds (contract §14): the runs of a project sharing ciBuildId, listed and read
// as one (status, summed counts, shards), and compared with a base build.
#include <algorithm>
#include <cmath>

#include "api/access.h"
#include "api/comparisons.h"
#include "api/render.h"
#include "api/routes.h"
#include "domain/error.h"
#include "domain/validation.h"
#include "store/builds.h"

namespace euriqa::api {

using domain::Action;

namespace {

// failed if any run failed, else running if any runs, else cancelled if any was, else passed.
std::string build_status(const std::vector<store::Run>& runs) {
  auto any = [&](const char* s) { return std::any_of(runs.begin(), runs.end(), [&](const auto& r) { return r.status == s; }); };
  if (any("failed")) return "failed";
  if (any("running")) return "running";
  if (any("cancelled")) return "cancelled";
  return "passed";
}

void write_build(http::JsonWriter& w, const std::string& ci_build_id, const std::vector<store::Run>& runs) {
  const auto& first = *std::min_element(runs.begin(), runs.end(), [](const auto& a, const auto& b) {
    return a.created_at < b.created_at;
  });
  store::Counts sum;
  bool all_over = true;
  int64_t finished = 0;
  for (const auto& r : runs) {
    sum.total += r.counts.total;
    sum.passed += r.counts.passed;
    sum.failed += r.counts.failed;
    sum.skipped += r.counts.skipped;
    sum.flaky += r.counts.flaky;
    if (!r.completed_at) all_over = false;
    else finished = std::max(finished, *r.completed_at);
  }
  w.begin_object().field("ciBuildId", ci_build_id).field("projectId", first.project_id);
  w.field("branch", first.branch).field("commitSha", first.commit_sha).field("commitMessage", first.commit_message);
  w.field("status", build_status(runs));
  w.key("shards").begin_array();
  for (const auto& r : runs) {
    w.begin_object().field("runId", r.id).field("shardCurrent", r.shard_current).field("shardTotal", r.shard_total);
    w.field("status", r.status).field("totalTests", r.counts.total).field("duration", r.duration).end_object();
  }
  w.end_array();
  w.field("totalTests", sum.total).field("passedTests", sum.passed).field("failedTests", sum.failed);
  w.field("skippedTests", sum.skipped).field("flakyTests", sum.flaky);
  w.key("passRate");
  if (sum.total == 0) w.null();
  else w.real(std::round(static_cast<double>(sum.passed) * 10000.0 / static_cast<double>(sum.total)) / 100.0);
  w.key("duration");
  all_over ? w.num(finished - first.created_at) : w.null();
  w.time_field("createdAt", first.created_at);
  w.key("finishedAt");
  all_over ? w.time(finished) : w.null();
  w.end_object();
}

http::Response list(App& app, http::Request& req) {
  const auto& p = req.caller();
  store::BuildFilter f;
  f.project_id = resolve_project_id(p, req.query("projectId"));
  f.branch = req.query("branch");
  f.status = req.query("status");
  if (f.status && *f.status != "running" && !store::is_terminal_status(*f.status))
    throw domain::validation("status", "invalid_value", "Query parameter 'status' must be running, passed, failed or cancelled");
  auto page = domain::parse_page(req.query("limit"), req.query("offset"));
  f.limit = page.limit;
  f.offset = page.offset;
  struct Loaded {
    std::string id;
    std::vector<store::Run> runs;
  };
  auto [builds, total] = app.db.read([&](store::Conn& c) {
    authorize_project(c, p, f.project_id, Action::Read);
    auto [ids, n] = store::list_build_ids(c, f);
    std::vector<Loaded> out;
    for (auto& id : ids) out.push_back({id, store::runs_of_build(c, f.project_id, id)});
    return std::make_pair(std::move(out), n);
  });
  http::JsonWriter w;
  w.begin_object().key("data").begin_array();
  for (const auto& b : builds) write_build(w, b.id, b.runs);
  w.end_array().field("total", total).field("limit", f.limit).field("offset", f.offset).end_object();
  return http::Response::json(200, w.take());
}

http::Response get(App& app, http::Request& req) {
  const auto& p = req.caller();
  std::string project_id = resolve_project_id(p, req.query("projectId"));
  auto runs = app.db.read([&](store::Conn& c) {
    authorize_within(c, p, project_id, Action::Read, "Build");
    auto r = store::runs_of_build(c, project_id, req.param("ciBuildId"));
    if (r.empty()) throw domain::not_found("Build");
    return r;
  });
  return object_response(200, [&](http::JsonWriter& w) { write_build(w, req.param("ciBuildId"), runs); });
}

http::Response compare(App& app, http::Request& req) {
  const auto& p = req.caller();
  std::string project_id = resolve_project_id(p, req.query("projectId"));
  BaseChoice base{req.query("baseCiBuildId"), req.query("baseBranch")};
  auto result = app.db.read([&](store::Conn& c) {
    authorize_within(c, p, project_id, Action::Read, "Build");
    return compare_build(c, project_id, req.param("ciBuildId"), base);
  });
  return object_response(200, [&](http::JsonWriter& w) { write_comparison(w, result); });
}

}  // namespace

void register_builds(http::Router& router, App& app) {
  router.get("/api/builds", Policy::role(Action::Read).limit("runsRead"), handle(app, list));
  router.get("/api/builds/:ciBuildId", Policy::role(Action::Read).limit("runsRead"), handle(app, get));
  router.get("/api/builds/:ciBuildId/compare", Policy::role(Action::Read).limit("runsRead"), handle(app, compare));
}

}  // namespace euriqa::api
