// Authorization in one place: resolves the caller's role in a team or project and
// checks it against the role matrix (domain/roles.h). A team or project the caller
// cannot see answers 404 exactly like a missing one; a visible one with too small a
// role answers 403. API keys are confined to their own project (and may read their
// own team and its project list).
#pragma once
#include <optional>
#include <string>

#include "domain/principal.h"
#include "domain/roles.h"
#include "http/router.h"
#include "store/db.h"
#include "store/projects.h"
#include "store/results.h"
#include "store/runs.h"

namespace euriqa::api {

// The caller's role in the team; 404 when the caller is not in it.
domain::Role team_role(store::Conn& c, const domain::Principal& p, const std::string& team_id);
// 403 FORBIDDEN naming the missing role when role does not allow action.
void require(domain::Role role, domain::Action action);
// team_role + require.
domain::Role authorize_team(store::Conn& c, const domain::Principal& p, const std::string& team_id,
                            domain::Action action);
// The project when visible to the caller and the action is allowed; 404/403 otherwise.
store::Project authorize_project(store::Conn& c, const domain::Principal& p, const std::string& project_id,
                                 domain::Action action);
// The project a request names: the given id, else (for an API key) the key's own
// project; 400 required otherwise.
std::string resolve_project_id(const domain::Principal& p, const std::optional<std::string>& given);
// authorize_project, but a project the caller cannot see reads "<what> not found":
// for resources inside a project (runs, tests) whose own id was given.
store::Project authorize_within(store::Conn& c, const domain::Principal& p, const std::string& project_id,
                                domain::Action action, const std::string& what);

// The run when visible to the caller with the action allowed; 404 "Run not found" otherwise.
store::Run authorize_run(store::Conn& c, const domain::Principal& p, const std::string& run_id, domain::Action action);

// The test result when visible to the caller with the action allowed; 404 "Test not
// found" otherwise.
store::TestResult authorize_result(store::Conn& c, const domain::Principal& p, const std::string& result_id,
                                   domain::Action action);

// The route's policy, before the body is read (contract §12): API keys refused on
// sessions-only routes; a cookie-authenticated write must send JSON (multipart for
// uploads), else 415; and a request with a body needs a caller who holds a role
// allowing the route's action somewhere (a key: its own role), else 403 — the
// handler still checks the role in the resource's own team.
void admit(store::Db& db, const http::Request& req, const http::Policy& policy);

// Sessions only (creating teams and projects, members, invitations): 403 for API keys.
void require_session(const domain::Principal& p, const std::string& what);

}  // namespace euriqa::api
