// Invitations: the caller's pending ones, a team's pending ones (admin+), accept,
// and revoke (admin+).
#include "api/access.h"
#include "api/render.h"
#include "api/routes.h"
#include "domain/error.h"
#include "domain/time.h"
#include "store/teams.h"

namespace euriqa::api {

using domain::Action;

namespace {


http::Response list_invitations(App& app, http::Request& req) {
  const auto& p = req.caller();
  require_session(p, "read invitations");
  int64_t now = domain::now_ms();
  auto team_id = req.query("teamId");
  auto invitations = app.db.read([&](store::Conn& c) {
    if (team_id) {
      authorize_team(c, p, *team_id, Action::InviteMembers);
      return store::pending_invitations_for_team(c, *team_id, now);
    }
    return store::pending_invitations_for_email(c, p.email, now);
  });
  return data_response(invitations, [now](http::JsonWriter& w, const store::Invitation& i) {
    write_invitation(w, i, now);
  });
}

http::Response accept(App& app, http::Request& req) {
  const auto& p = req.caller();
  require_session(p, "accept invitations");
  int64_t now = domain::now_ms();
  auto member = app.db.write([&](store::Conn& c) {
    auto inv = store::find_invitation(c, req.param("id"));
    if (!inv || inv->status == "revoked") throw domain::not_found("Invitation");
    if (inv->email != p.email) throw domain::forbidden("This invitation was sent to another email address");
    if (inv->status == "accepted") throw domain::conflict("This invitation has already been accepted");
    if (inv->expires_at <= now) throw domain::ApiError(410, "GONE", "This invitation has expired");
    auto m = store::insert_member(c, inv->team_id, p.user_id, inv->role);
    store::set_invitation_status(c, inv->id, "accepted");
    return m;
  });
  return object_response(200, [&](http::JsonWriter& w) { write_member(w, member); });
}

http::Response revoke(App& app, http::Request& req) {
  const auto& p = req.caller();
  app.db.write([&](store::Conn& c) {
    auto inv = store::find_invitation(c, req.param("id"));
    if (!inv || inv->status != "pending") throw domain::not_found("Invitation");
    try {
      team_role(c, p, inv->team_id);
    } catch (const domain::ApiError&) {
      throw domain::not_found("Invitation");
    }
    authorize_team(c, p, inv->team_id, Action::InviteMembers);
    require_session(p, "revoke invitations");
    store::set_invitation_status(c, inv->id, "revoked");
  });
  return success("Invitation revoked successfully");
}

}  // namespace

void register_invitations(http::Router& router, App& app) {
  router.get("/api/invitations", Policy::caller().limit("projectsTeams").no_keys(), handle(app, list_invitations));
  router.post("/api/invitations/:id/accept", Policy::caller().limit("projectsTeams").no_keys(), handle(app, accept));
  router.del("/api/invitations/:id", Policy::role(Action::InviteMembers).limit("projectsTeams").no_keys(), handle(app, revoke));
}

}  // namespace euriqa::api
