// Test results (docs/openapi.yaml "Tests", contract §5): create one, batch ingest of up to
// 1,000 (one transaction, all or nothing), list with filters, get, steps, history.
#include "api/access.h"
#include "api/render.h"
#include "api/routes.h"
#include "api/test_input.h"
#include "domain/error.h"
#include "domain/validation.h"
#include "http/metrics.h"
#include "store/results.h"

namespace euriqa::api {

using domain::Action;

namespace {


constexpr int64_t kMaxBatch = 1000;
constexpr int kHistoryLength = 20;

std::vector<store::TestResult> ingest(App& app, const domain::Principal& p, const std::string& run_id,
                                      const std::string& project_id, std::vector<store::TestResult> results) {
  auto created = app.db.write([&](store::Conn& c) {
    auto run = authorize_run(c, p, run_id, Action::WriteResults);
    if (run.project_id != project_id)
      throw domain::validation("runId", "invalid_value", "The run does not belong to this project");
    return store::insert_results(c, run, std::move(results));
  });
  http::metrics().add("euriqa_results_ingested_total", static_cast<int64_t>(created.size()));
  return created;
}

http::Response create_test(App& app, http::Request& req) {
  const auto& p = req.caller();
  const auto& body = req.json();
  std::string run_id = body.required_string("runId", 100);
  std::string project_id = resolve_project_id(p, body.optional_string("projectId", 100));
  std::vector<store::TestResult> one{parse_test_input(body)};
  auto created = ingest(app, p, run_id, project_id, std::move(one));
  return object_response(201, [&](http::JsonWriter& w) { write_test_result(w, created.front(), true); });
}

http::Response create_batch(App& app, http::Request& req) {
  const auto& p = req.caller();
  const auto& body = req.json();
  std::string run_id = body.required_string("runId", 100);
  std::string project_id = resolve_project_id(p, body.optional_string("projectId", 100));
  const auto* tests = body.get("tests");
  if (!tests) body.fail("tests", "required", "Field 'tests' is required");
  if (!tests->IsArray()) body.fail("tests", "invalid_type", "Field 'tests' must be an array");
  if (tests->Size() == 0) body.fail("tests", "invalid_value", "Field 'tests' must not be empty");
  if (tests->Size() > kMaxBatch) body.fail("tests", "too_long", "A batch holds at most 1000 tests");
  std::vector<store::TestResult> parsed;
  parsed.reserve(tests->Size());
  int64_t index = 0;
  for (const auto& item : tests->GetArray()) {
    if (!item.IsObject()) {
      auto e = domain::validation("tests", "invalid_type", "Each test must be an object");
      e.detail("index", static_cast<long long>(index));
      throw e;
    }
    parsed.push_back(parse_test_input(http::JsonObject(item, index)));
    ++index;
  }
  auto created = ingest(app, p, run_id, project_id, std::move(parsed));
  http::JsonWriter w;
  w.begin_object().key("data").begin_array();
  for (const auto& t : created) write_test_result(w, t, false);
  w.end_array().field("count", static_cast<int64_t>(created.size())).end_object();
  return http::Response::json(201, w.take());
}

http::Response list_tests(App& app, http::Request& req) {
  const auto& p = req.caller();
  store::ResultFilter f;
  f.project_id = resolve_project_id(p, req.query("projectId"));
  f.run_id = req.query("runId");
  f.status = req.query("status");
  if (f.status && *f.status != "passed" && *f.status != "failed" && *f.status != "skipped" && *f.status != "flaky")
    throw domain::validation("status", "invalid_value", "Query parameter 'status' must be passed, failed, skipped or flaky");
  f.error_signature = req.query("errorSignature");
  if (f.error_signature && (f.error_signature->size() != 16 ||
                            f.error_signature->find_first_not_of("0123456789abcdef") != std::string::npos))
    throw domain::validation("errorSignature", "invalid_value", "Query parameter 'errorSignature' must be 16 hex characters");
  std::string search = req.query("search").value_or("");
  if (search.size() > 500) throw domain::validation("search", "too_long", "Search text is too long");
  if (!search.empty()) f.search = search;
  auto page = domain::parse_page(req.query("limit"), req.query("offset"));
  f.limit = page.limit;
  f.offset = page.offset;
  auto [rows, total] = app.db.read([&](store::Conn& c) {
    authorize_project(c, p, f.project_id, Action::Read);
    if (f.run_id) {
      auto run = store::find_run(c, *f.run_id);
      if (!run || run->project_id != f.project_id) throw domain::not_found("Run");
    }
    return store::list_results(c, f);
  });
  return result_page(rows, total, f.limit, f.offset);
}

http::Response get_test(App& app, http::Request& req) {
  auto t = app.db.read([&](store::Conn& c) { return authorize_result(c, req.caller(), req.param("id"), Action::Read); });
  return object_response(200, [&](http::JsonWriter& w) { write_test_result(w, t, true); });
}

http::Response get_steps(App& app, http::Request& req) {
  auto t = app.db.read([&](store::Conn& c) { return authorize_result(c, req.caller(), req.param("id"), Action::Read); });
  http::JsonWriter w;
  w.begin_object().key("data");
  t.steps_json ? w.raw(*t.steps_json) : w.begin_array().end_array();
  w.end_object();
  return http::Response::json(200, w.take());
}

http::Response get_history(App& app, http::Request& req) {
  auto entries = app.db.read([&](store::Conn& c) {
    auto t = authorize_result(c, req.caller(), req.param("id"), Action::Read);
    return store::history(c, t.logical_test_id, kHistoryLength);
  });
  http::JsonWriter w;
  w.begin_object().key("data").begin_array();
  for (const auto& e : entries) {
    w.begin_object().field("id", e.id).field("runId", e.run_id).field("status", e.status);
    w.field("duration", e.duration).field("branch", e.branch).field("commitSha", e.commit_sha);
    w.time_field("createdAt", e.created_at).end_object();
  }
  w.end_array().field("total", static_cast<int64_t>(entries.size())).end_object();
  return http::Response::json(200, w.take());
}

}  // namespace

void register_tests(http::Router& router, App& app) {
  // The literal route first: "batch" is not a test id.
  router.post("/api/tests/batch", Policy::role(Action::WriteResults).limit("testsWrite"), handle(app, create_batch));
  router.post("/api/tests", Policy::role(Action::WriteResults).limit("testsWrite"), handle(app, create_test));
  router.get("/api/tests", Policy::role(Action::Read).limit("testsRead"), handle(app, list_tests));
  router.get("/api/tests/:id", Policy::role(Action::Read).limit("testsRead"), handle(app, get_test));
  router.get("/api/tests/:id/steps", Policy::role(Action::Read).limit("testsRead"), handle(app, get_steps));
  router.get("/api/tests/:id/history", Policy::role(Action::Read).limit("testsRead"), handle(app, get_history));
}

}  // namespace euriqa::api
