// Test runs (docs/openapi.yaml "Test Runs", contract §5): create, list with filters,
// get, update status and counts, delete with everything in it.
#include <cmath>
#include <functional>

#include "api/access.h"
#include "api/comparisons.h"
#include "api/query.h"
#include "api/render.h"
#include "api/run_failure_mail.h"
#include "api/routes.h"
#include "api/webhook_events.h"
#include "domain/ids.h"
#include "store/webhooks.h"
#include "domain/error.h"
#include "domain/time.h"
#include "domain/validation.h"
#include "store/artifacts.h"
#include "store/runs.h"

namespace euriqa::api {

using domain::Action;

namespace {


// `extra` adds fields to the run object (the comparison summary of GET /api/runs/:id).
void write_run(http::JsonWriter& w, const store::Run& r, const std::function<void(http::JsonWriter&)>& extra = nullptr) {
  w.begin_object().field("id", r.id).field("projectId", r.project_id).field("status", r.status);
  w.field("branch", r.branch).field("commitSha", r.commit_sha).field("commitMessage", r.commit_message);
  w.field("commitAuthor", r.commit_author).field("ciProvider", r.ci_provider).field("ciBuildId", r.ci_build_id);
  w.field("ciBuildUrl", r.ci_build_url).field("playwrightVersion", r.playwright_version);
  w.field("workers", r.workers).field("shardCurrent", r.shard_current).field("shardTotal", r.shard_total);
  w.field("browser", r.browser).field("os", r.os).field("viewport", r.viewport).field("hostname", r.hostname);
  w.field("totalTests", r.counts.total).field("passedTests", r.counts.passed);
  w.field("failedTests", r.counts.failed).field("skippedTests", r.counts.skipped);
  w.field("flakyTests", r.counts.flaky);
  w.key("passRate");
  if (r.counts.total == 0) w.null();
  else w.real(std::round(static_cast<double>(r.counts.passed) * 10000.0 / static_cast<double>(r.counts.total)) / 100.0);
  w.field("duration", r.duration).field("runTitle", r.run_title);
  w.key("tags");
  r.tags_json ? w.raw(*r.tags_json) : w.null();
  w.key("grepPatterns");
  r.grep_patterns_json ? w.raw(*r.grep_patterns_json) : w.null();
  w.time_field("createdAt", r.created_at).time_field("updatedAt", r.updated_at);
  w.time_field("completedAt", r.completed_at);
  if (extra) extra(w);
  w.end_object();
}

}  // namespace

int queue_run_events(store::Conn& c, const store::Run& run) {
  int queued = 0;
  int64_t now = domain::now_ms();
  std::vector<const char*> types = {kRunCompleted};
  if (run.status == "failed") types.push_back(kRunFailed);
  if (store::webhooks_of_project(c, run.project_id).empty()) return 0;  // nobody listens
  // What changed since the branch's previous run, so that a message can say "3 new
  // failures" (issue 13).
  auto comparison = compare_run(c, run, {}, true);
  for (const char* type : types) {
    std::string event_id = domain::new_id("evt_");
    http::JsonWriter w;
    w.begin_object().field("id", event_id).field("type", type).time_field("createdAt", now);
    w.key("data").begin_object().key("run");
    write_run(w, run);
    w.key("comparison");
    write_comparison_summary(w, comparison);
    w.end_object().end_object();
    queued += store::enqueue_event(c, run.project_id, type, event_id, w.take(), now);
  }
  return queued;
}

namespace {

std::optional<std::string> json_array_text(const http::JsonObject& body, const char* field) {
  if (!body.optional_string_array(field, 100, 500)) return std::nullopt;
  return http::to_json_text(*body.get(field));
}

http::Response create_run(App& app, http::Request& req) {
  const auto& p = req.caller();
  const auto& body = req.json();
  store::Run run;
  run.project_id = resolve_project_id(p, body.optional_string("projectId", 100));
  run.status = body.required_enum("status", {"running", "passed", "failed"});
  struct Text { const char* field; std::optional<std::string>* out; size_t max; };
  for (auto [field, out, max] : {Text{"branch", &run.branch, 500}, Text{"commitSha", &run.commit_sha, 100},
                                 Text{"commitMessage", &run.commit_message, 10000},
                                 Text{"commitAuthor", &run.commit_author, 500}, Text{"ciProvider", &run.ci_provider, 100},
                                 Text{"ciBuildId", &run.ci_build_id, 500}, Text{"ciBuildUrl", &run.ci_build_url, 2000},
                                 Text{"playwrightVersion", &run.playwright_version, 100},
                                 Text{"browser", &run.browser, 200}, Text{"os", &run.os, 200},
                                 Text{"viewport", &run.viewport, 100}, Text{"hostname", &run.hostname, 500},
                                 Text{"runTitle", &run.run_title, 1000}})
    *out = body.optional_string(field, max);
  run.workers = body.optional_int("workers", 0, 100000);
  run.shard_current = body.optional_int("shardCurrent", 0, 100000);
  run.shard_total = body.optional_int("shardTotal", 0, 100000);
  run.tags_json = json_array_text(body, "tags");
  run.grep_patterns_json = json_array_text(body, "grepPatterns");
  int queued = 0, mailed = 0;
  auto created = app.db.write([&](store::Conn& c) {
    authorize_project(c, p, run.project_id, Action::WriteResults);
    auto r = store::insert_run(c, run);
    if (r.completed_at) {  // created already finished
      queued = queue_run_events(c, r);
      mailed = queue_run_failure_mail(app, req, c, r);
    }
    return r;
  });
  if (queued) app.wake_webhooks();
  if (mailed) app.wake_mail();
  return object_response(201, [&](http::JsonWriter& w) { write_run(w, created); });
}

http::Response list_runs(App& app, http::Request& req) {
  const auto& p = req.caller();
  store::RunFilter f;
  f.project_id = resolve_project_id(p, req.query("projectId"));
  f.status = req.query("status");
  if (f.status && *f.status != "running" && !store::is_terminal_status(*f.status))
    throw domain::validation("status", "invalid_value", "Query parameter 'status' must be running, passed, failed or cancelled");
  f.branch = req.query("branch");
  f.commit_sha = req.query("commitSha");
  std::string search = req.query("search").value_or("");
  if (search.size() > 500) throw domain::validation("search", "too_long", "Search text is too long");
  if (!search.empty()) f.search = search;
  f.from = time_query(req, "from");
  f.to = time_query(req, "to");
  auto page = domain::parse_page(req.query("limit"), req.query("offset"));
  f.limit = page.limit;
  f.offset = page.offset;
  auto [runs, total] = app.db.read([&](store::Conn& c) {
    authorize_project(c, p, f.project_id, Action::Read);
    return store::list_runs(c, f);
  });
  http::JsonWriter w;
  w.begin_object().key("data").begin_array();
  for (const auto& r : runs) write_run(w, r);
  w.end_array().field("total", total).field("limit", f.limit).field("offset", f.offset).end_object();
  return http::Response::json(200, w.take());
}

http::Response get_run(App& app, http::Request& req) {
  auto [run, comparison] = app.db.read([&](store::Conn& c) {
    auto r = authorize_run(c, req.caller(), req.param("id"), Action::Read);
    return std::make_pair(r, compare_run(c, r, {}, true));
  });
  return object_response(200, [&](http::JsonWriter& w) {
    write_run(w, run, [&](http::JsonWriter& x) {
      x.key("comparison");
      write_comparison_summary(x, comparison);
    });
  });
}

// GET /api/runs/:id/compare?baseRunId=|baseBranch= (contract §14).
http::Response compare(App& app, http::Request& req) {
  BaseChoice base{req.query("baseRunId"), req.query("baseBranch")};
  auto result = app.db.read([&](store::Conn& c) {
    auto run = authorize_run(c, req.caller(), req.param("id"), Action::Read);
    return compare_run(c, run, base);
  });
  return object_response(200, [&](http::JsonWriter& w) { write_comparison(w, result); });
}

http::Response update_run(App& app, http::Request& req) {
  const auto& body = req.json();
  store::RunUpdate u;
  u.status = body.optional_enum("status", {"running", "passed", "failed", "cancelled"});
  constexpr int64_t kMaxCount = 100000000;
  u.total = body.optional_int("totalTests", 0, kMaxCount);
  u.passed = body.optional_int("passedTests", 0, kMaxCount);
  u.failed = body.optional_int("failedTests", 0, kMaxCount);
  u.skipped = body.optional_int("skippedTests", 0, kMaxCount);
  u.flaky = body.optional_int("flakyTests", 0, kMaxCount);
  u.duration = body.optional_int("duration", 0, 365ll * 24 * 3600 * 1000);
  int queued = 0, mailed = 0;
  auto run = app.db.write([&](store::Conn& c) {
    authorize_run(c, req.caller(), req.param("id"), Action::WriteResults);
    auto [r, first_terminal] = store::update_run(c, req.param("id"), u);
    if (first_terminal) {  // in the same transaction: never lost
      queued = queue_run_events(c, r);
      mailed = queue_run_failure_mail(app, req, c, r);
    }
    return r;
  });
  if (queued) app.wake_webhooks();
  if (mailed) app.wake_mail();
  return object_response(200, [&](http::JsonWriter& w) { write_run(w, run); });
}

http::Response delete_run(App& app, http::Request& req) {
  auto files = app.db.write([&](store::Conn& c) {
    authorize_run(c, req.caller(), req.param("id"), Action::DeleteResults);
    auto ids = store::artifact_ids_of_run(c, req.param("id"));
    store::delete_run(c, req.param("id"));
    return ids;
  });
  app.blobs.remove_all(files);  // after the commit
  return success("Run deleted successfully");
}

}  // namespace

void register_runs(http::Router& router, App& app) {
  router.post("/api/runs", Policy::role(Action::WriteResults).limit("runsWrite"), handle(app, create_run));
  router.get("/api/runs", Policy::role(Action::Read).limit("runsRead"), handle(app, list_runs));
  router.get("/api/runs/:id", Policy::role(Action::Read).limit("runsRead"), handle(app, get_run));
  router.get("/api/runs/:id/compare", Policy::role(Action::Read).limit("runsRead"), handle(app, compare));
  router.patch("/api/runs/:id", Policy::role(Action::WriteResults).limit("runsWrite"), handle(app, update_run));
  router.del("/api/runs/:id", Policy::role(Action::DeleteResults).limit("runsWrite"), handle(app, delete_run));
}

}  // namespace euriqa::api
