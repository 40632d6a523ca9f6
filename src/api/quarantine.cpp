// Quarantine (docs/openapi.yaml "Flakiness", contract §6 and §15): quarantining or lifting it
// by any result id of the logical test (POST /api/flakiness) with a reason, an issue
// link and an expiry; the list of tests in quarantine for reporters; and the event log.
// A quarantine set with an API key is recorded as set by the key's creator, for whom
// the key acts (contract §3).
#include "api/access.h"
#include "api/render.h"
#include "api/routes.h"
#include "domain/error.h"
#include "domain/http_url.h"
#include "domain/time.h"
#include "domain/validation.h"
#include "store/flakiness.h"
#include "store/quarantine.h"
#include "store/results.h"

namespace euriqa::api {

using domain::Action;

namespace {

constexpr size_t kMaxReason = 500;      // characters
constexpr size_t kMaxIssueUrl = 2000;   // bytes (URLs are ASCII)

// The change a POST /api/flakiness body asks for, validated.
store::QuarantineChange parse_change(const http::JsonObject& body, const domain::Principal& p, int64_t now) {
  store::QuarantineChange change;
  change.quarantined = body.required_bool("isQuarantined");
  change.user_id = p.user_id;
  change.at = now;
  change.reason = body.optional_string("reason", 4 * kMaxReason);
  if (change.reason && domain::utf8_length(*change.reason) > kMaxReason)
    body.fail("reason", "too_long", "Field 'reason' is longer than 500 characters");
  change.issue_url = body.optional_string("issueUrl", kMaxIssueUrl);
  if (change.issue_url && !domain::is_http_url(*change.issue_url))
    body.fail("issueUrl", "invalid_value", "Field 'issueUrl' must be an http:// or https:// URL");
  if (auto text = body.optional_string("expiresAt", 100)) {
    change.expires_at = domain::parse_time(*text);
    if (!change.expires_at) body.fail("expiresAt", "invalid_value", "Field 'expiresAt' must be an RFC 3339 time");
    if (*change.expires_at <= now) body.fail("expiresAt", "out_of_range", "Field 'expiresAt' must be in the future");
  }
  return change;
}

http::Response quarantine(App& app, http::Request& req) {
  const auto& p = req.caller();
  const auto& body = req.json();
  std::string test_id = body.required_string("testId", 100);
  std::string project_id = resolve_project_id(p, body.optional_string("projectId", 100));
  int64_t now = domain::now_ms();
  auto change = parse_change(body, p, now);
  auto test = app.db.write([&](store::Conn& c) {
    authorize_within(c, p, project_id, Action::WriteResults, "Test");
    auto r = store::find_result(c, test_id);
    if (!r || r->project_id != project_id) throw domain::not_found("Test");
    store::change_quarantine(c, r->logical_test_id, change);
    return *store::find_flaky_test(c, r->logical_test_id, now);
  });
  return object_response(200, [&](http::JsonWriter& w) {
    w.begin_object().field("testId", test_id).field("isQuarantined", test.quarantine.has_value());
    w.time_field("quarantinedAt", test.quarantine ? std::optional<int64_t>(test.quarantine->since) : std::nullopt);
    write_quarantine_terms(w, test.quarantine);
    w.time_field("updatedAt", now).end_object();
  });
}

http::Response quarantine_list(App& app, http::Request& req) {
  const auto& p = req.caller();
  std::string project_id = resolve_project_id(p, req.query("projectId"));
  auto tests = app.db.read([&](store::Conn& c) {
    authorize_project(c, p, project_id, Action::Read);
    return store::quarantined_tests(c, project_id, domain::now_ms());
  });
  return data_response(tests, [](http::JsonWriter& w, const store::FlakyTest& t) {
    w.begin_object().field("filePath", t.file_path).field("fullTitle", t.full_title).field("title", t.title);
    w.field("testId", t.test_id);
    write_quarantine_terms(w, t.quarantine);
    w.end_object();
  });
}

http::Response events(App& app, http::Request& req) {
  const auto& p = req.caller();
  std::string project_id = resolve_project_id(p, req.query("projectId"));
  auto test_id = req.query("testId");
  auto page = domain::parse_page(req.query("limit"), req.query("offset"));
  auto [rows, total] = app.db.read([&](store::Conn& c) {
    authorize_project(c, p, project_id, Action::Read);
    std::optional<int64_t> logical;
    if (test_id) {
      auto r = store::find_result(c, *test_id);
      if (!r || r->project_id != project_id) throw domain::not_found("Test");
      logical = r->logical_test_id;
    }
    return store::quarantine_events(c, project_id, logical, domain::now_ms(), page.limit, page.offset);
  });
  http::JsonWriter w;
  w.begin_object().key("data").begin_array();
  for (const auto& e : rows) {
    w.begin_object().field("testId", e.test_id).field("fullTitle", e.full_title).field("action", e.action).key("by");
    write_user_ref(w, e.by_id, e.by_name);
    w.field("reason", e.reason).time_field("at", e.at).end_object();
  }
  w.end_array().field("total", total).field("limit", page.limit).field("offset", page.offset).end_object();
  return http::Response::json(200, w.take());
}

}  // namespace

void register_quarantine(http::Router& router, App& app) {
  router.post("/api/flakiness", Policy::role(Action::WriteResults).limit("flakiness"), handle(app, quarantine));
  router.get("/api/quarantine", Policy::role(Action::Read).limit("flakiness"), handle(app, quarantine_list));
  router.get("/api/quarantine/events", Policy::role(Action::Read).limit("flakiness"), handle(app, events));
}

}  // namespace euriqa::api
