// Registers every route of the API on the router. Each resource file adds its own.
#pragma once
#include "api/app.h"
#include "http/router.h"

namespace euriqa::api {

using http::Policy;

void register_routes(http::Router& router, App& app);

// A handler of (App&, Request&) as the router's handler.
template <typename F>
http::Handler handle(App& app, F f) {
  return [&app, f](http::Request& r) { return f(app, r); };
}

void register_health(http::Router& router, App& app);
void register_auth(http::Router& router, App& app);
void register_account_recovery(http::Router& router, App& app);
void register_profile(http::Router& router, App& app);
void register_run_failure_emails(http::Router& router, App& app);
void register_teams(http::Router& router, App& app);
void register_members(http::Router& router, App& app);
void register_invitations(http::Router& router, App& app);
void register_projects(http::Router& router, App& app);
void register_settings(http::Router& router, App& app);
void register_api_keys(http::Router& router, App& app);
void register_runs(http::Router& router, App& app);
void register_builds(http::Router& router, App& app);
void register_failure_groups(http::Router& router, App& app);
void register_run_rows(http::Router& router, App& app);
void register_tests(http::Router& router, App& app);
void register_suites(http::Router& router, App& app);
void register_artifacts(http::Router& router, App& app);
void register_reports(http::Router& router, App& app);
void register_flakiness(http::Router& router, App& app);
void register_quarantine(http::Router& router, App& app);
void register_test_cases(http::Router& router, App& app);
void register_webhooks(http::Router& router, App& app);
void register_metrics(http::Router& router, App& app);
void register_openapi(http::Router& router, App& app);

}  // namespace euriqa::api
