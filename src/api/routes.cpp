#include "api/routes.h"

namespace euriqa::api {

void register_routes(http::Router& router, App& app) {
  register_health(router, app);
  register_auth(router, app);
  register_account_recovery(router, app);
  register_profile(router, app);
  register_run_failure_emails(router, app);
  register_teams(router, app);
  register_members(router, app);
  register_invitations(router, app);
  register_projects(router, app);
  register_settings(router, app);
  register_api_keys(router, app);
  register_runs(router, app);
  register_builds(router, app);
  register_failure_groups(router, app);
  register_run_rows(router, app);
  register_tests(router, app);
  register_suites(router, app);
  register_artifacts(router, app);
  register_reports(router, app);
  register_flakiness(router, app);
  register_quarantine(router, app);
  register_test_cases(router, app);
  register_webhooks(router, app);
  register_metrics(router, app);
  register_openapi(router, app);
}

}  // namespace euriqa::api
