// Registers every route of the API on the router. Each resource file adds its own.
#pragma once
#include "api/app.h"
#include "http/router.h"

namespace euriqa::api {

void register_routes(http::Router& router, App& app);

// Counts the request against its caller's limit for the route's group: the
// RateLimit-* headers to send, or ApiError 429 RATE_LIMITED with Retry-After.
std::vector<std::pair<std::string, std::string>> apply_rate_limit(App& app, http::Request& req);

void register_health(http::Router& router, App& app);
void register_auth(http::Router& router, App& app);
void register_teams(http::Router& router, App& app);
void register_members(http::Router& router, App& app);
void register_invitations(http::Router& router, App& app);
void register_projects(http::Router& router, App& app);
void register_settings(http::Router& router, App& app);
void register_api_keys(http::Router& router, App& app);
void register_runs(http::Router& router, App& app);
void register_tests(http::Router& router, App& app);
void register_suites(http::Router& router, App& app);
void register_artifacts(http::Router& router, App& app);
void register_flakiness(http::Router& router, App& app);
void register_webhooks(http::Router& router, App& app);
void register_metrics(http::Router& router, App& app);

}  // namespace euriqa::api
