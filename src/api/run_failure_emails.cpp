// "Email me when a run on branch X fails" (issue 12), per member and project: list,
// add and remove one's own subscriptions. Any member of the project's team may opt in
// (viewers included); the mail goes to verified addresses only.
#include "api/access.h"
#include "api/render.h"
#include "api/routes.h"
#include "domain/error.h"
#include "domain/time.h"
#include "store/run_failure_subscriptions.h"

namespace euriqa::api {

using domain::Action;

namespace {

void write_subscription(http::JsonWriter& w, const store::RunFailureSubscription& s) {
  w.begin_object().field("id", s.id).field("projectId", s.project_id);
  w.key("branch");
  s.branch.empty() ? w.null() : w.str(s.branch);
  w.time_field("createdAt", s.created_at).end_object();
}

http::Response list(App& app, http::Request& req) {
  const auto& p = req.caller();
  std::string project_id = resolve_project_id(p, req.query("projectId"));
  auto subs = app.db.read([&](store::Conn& c) {
    authorize_project(c, p, project_id, Action::Read);
    return store::subscriptions_of(c, p.user_id, project_id);
  });
  return data_response(subs, write_subscription);
}

http::Response add(App& app, http::Request& req) {
  const auto& p = req.caller();
  const auto& body = req.json();
  std::string project_id = body.required_string("projectId", 100);
  std::string branch = body.optional_string("branch", 500).value_or("");
  auto sub = app.db.write([&](store::Conn& c) {
    authorize_project(c, p, project_id, Action::Read);
    return store::subscribe(c, p.user_id, project_id, branch, domain::now_ms());
  });
  return object_response(201, [&](http::JsonWriter& w) { write_subscription(w, sub); });
}

http::Response remove(App& app, http::Request& req) {
  const auto& p = req.caller();
  bool found = app.db.write([&](store::Conn& c) { return store::unsubscribe(c, p.user_id, req.param("id")); });
  if (!found) throw domain::not_found("Subscription");
  return success("You will no longer be emailed for these runs");
}

}  // namespace

void register_run_failure_emails(http::Router& router, App& app) {
  router.get("/api/run-failure-emails", Policy::caller().limit("projectsTeams").no_keys(), handle(app, list));
  router.post("/api/run-failure-emails", Policy::caller().limit("projectsTeams").no_keys(), handle(app, add));
  router.del("/api/run-failure-emails/:id", Policy::caller().limit("projectsTeams").no_keys(), handle(app, remove));
}

}  // namespace euriqa::api
