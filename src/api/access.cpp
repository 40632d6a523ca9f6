#include "api/access.h"

#include "domain/error.h"
#include "http/request_head.h"
#include "store/teams.h"

namespace euriqa::api {

using domain::Action;
using domain::Role;

Role team_role(store::Conn& c, const domain::Principal& p, const std::string& team_id) {
  if (p.is_api_key()) {
    if (team_id != p.key_team_id) throw domain::not_found("Team");
    return p.key_role;
  }
  auto role = store::role_in_team(c, team_id, p.user_id);
  if (!role) throw domain::not_found("Team");
  return *role;
}

void require(Role role, Action action) {
  if (domain::role_allows(role, action)) return;
  domain::ApiError e = domain::forbidden(std::string("Your role (") + domain::role_name(role) +
                                         ") cannot " + domain::action_description(action) + "; it needs " +
                                         domain::role_name(domain::minimum_role(action)) + " or above");
  e.detail("requiredRole", domain::role_name(domain::minimum_role(action)));
  e.detail("role", domain::role_name(role));
  throw e;
}

Role authorize_team(store::Conn& c, const domain::Principal& p, const std::string& team_id, Action action) {
  Role role = team_role(c, p, team_id);
  require(role, action);
  return role;
}

store::Project authorize_project(store::Conn& c, const domain::Principal& p, const std::string& project_id,
                                 Action action) {
  if (p.is_api_key() && project_id != p.key_project_id) throw domain::not_found("Project");
  auto project = store::find_project(c, project_id);
  if (!project) throw domain::not_found("Project");
  Role role;
  try {
    role = team_role(c, p, project->team_id);
  } catch (const domain::ApiError&) {
    throw domain::not_found("Project");
  }
  require(role, action);
  return *project;
}

std::string resolve_project_id(const domain::Principal& p, const std::optional<std::string>& given) {
  if (given && !given->empty()) return *given;
  if (p.is_api_key()) return p.key_project_id;
  throw domain::validation("projectId", "required", "Field 'projectId' is required");
}

store::Project authorize_within(store::Conn& c, const domain::Principal& p, const std::string& project_id,
                                Action action, const std::string& what) {
  try {
    return authorize_project(c, p, project_id, action);
  } catch (const domain::ApiError& e) {
    if (e.status() == 404) throw domain::not_found(what);  // 403 (visible, role too small) stays
    throw;
  }
}

store::Run authorize_run(store::Conn& c, const domain::Principal& p, const std::string& run_id, Action action) {
  auto run = store::find_run(c, run_id);
  if (!run) throw domain::not_found("Run");
  authorize_within(c, p, run->project_id, action, "Run");
  return *run;
}

store::TestResult authorize_result(store::Conn& c, const domain::Principal& p, const std::string& result_id,
                                   Action action) {
  auto t = store::find_result(c, result_id);
  if (!t) throw domain::not_found("Test");
  authorize_within(c, p, t->project_id, action, "Test");
  return *t;
}

void require_session(const domain::Principal& p, const std::string& what) {
  if (p.is_api_key())
    throw domain::forbidden("API keys cannot " + what + "; sign in to the dashboard instead");
}

}  // namespace euriqa::api

namespace euriqa::api {

namespace {

bool media_type_is(const http::Request& req, std::string_view type) {
  std::string value = req.header("Content-Type").value_or("");
  std::string_view v = value;
  v = v.substr(0, v.find(';'));
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return http::iequals(v, type);
}

}  // namespace

void admit(store::Db& db, const http::Request& req, const http::Policy& policy) {
  const auto& p = req.caller();
  if (policy.sessions_only && p.is_api_key())
    throw domain::forbidden("API keys cannot manage credentials, webhooks, teams or memberships; sign in instead");
  bool write = req.method != "GET" && req.method != "HEAD" && req.method != "OPTIONS";
  if (p.via_session && write && req.has_body) {
    bool multipart = policy.body == http::BodyKind::Multipart;
    if (!media_type_is(req, multipart ? "multipart/form-data" : "application/json"))
      throw domain::ApiError(415, "UNSUPPORTED_MEDIA_TYPE",
                             std::string("Send the body as ") + (multipart ? "multipart/form-data" : "application/json"));
  }
  // Only a body needs refusing before it is read; without one, the handler's own
  // check answers (and a resource of another team stays a plain 404, contract §3).
  if (!req.has_body || !policy.action || *policy.action == Action::Read) return;
  if (p.is_api_key()) {
    require(p.key_role, *policy.action);
    return;
  }
  auto best = db.read([&](store::Conn& c) { return store::highest_role(c, p.user_id); });
  if (!best) throw domain::forbidden("You are not a member of any team");
  require(*best, *policy.action);
}

}  // namespace euriqa::api
