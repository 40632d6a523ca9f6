// Invitations: the caller's pending ones, a team's pending ones (admin+), the public
// view of an invitation link, acceptance by link (contract §11) or by id (verified
// addresses only), and revoke (admin+).
#include "api/access.h"
#include "api/invitation_tokens.h"
#include "api/render.h"
#include "api/routes.h"
#include "domain/error.h"
#include "domain/time.h"
#include "store/teams.h"
#include "store/users.h"

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

// GET /api/invitations/by-token/:token (no auth): what the /invite/{token} page shows.
http::Response by_token(App& app, http::Request& req) {
  int64_t now = domain::now_ms();
  auto inv = app.db.read([&](store::Conn& c) {
    try {
      return invitation_for_token(c, req.param("token"), now);
    } catch (const domain::ApiError&) {
      throw domain::not_found("Invitation");  // used, expired or unknown alike
    }
  });
  return object_response(200, [&](http::JsonWriter& w) {
    w.begin_object().field("teamName", inv.team_name).field("email", inv.email);
    w.field("role", domain::role_name(inv.role)).field("invitedBy", inv.invited_by_name);
    w.time_field("expiresAt", inv.expires_at).end_object();
  });
}

// POST /api/invitations/accept {token}: the signed-in holder of the link joins.
http::Response accept_by_token(App& app, http::Request& req) {
  const auto& p = req.caller();
  std::string token = req.json().required_string("token", 200);
  int64_t now = domain::now_ms();
  auto member = app.db.write([&](store::Conn& c) {
    auto inv = invitation_for_token(c, token, now);
    if (inv.email != p.email) {
      domain::ApiError e = domain::forbidden("This invitation was sent to another email address (" + inv.email + ")");
      e.detail("reason", "email_mismatch");
      throw e;
    }
    if (store::role_in_team(c, inv.team_id, p.user_id)) throw domain::conflict("You are already a member of this team");
    return accept_invitation(c, inv, p.user_id);
  });
  return object_response(200, [&](http::JsonWriter& w) { write_member(w, member); });
}

http::Response accept(App& app, http::Request& req) {
  const auto& p = req.caller();
  require_session(p, "accept invitations");
  int64_t now = domain::now_ms();
  auto member = app.db.write([&](store::Conn& c) {
    auto inv = store::find_invitation(c, req.param("id"));
    if (!inv || inv->status == "revoked") throw domain::not_found("Invitation");
    if (inv->email != p.email) throw domain::forbidden("This invitation was sent to another email address");
    // Without the link, only an address that was proved may take the role (§11).
    auto me = store::find_user(c, p.user_id);
    if (!me || !me->email_verified) {
      domain::ApiError e = domain::forbidden("Confirm your email address first, or open the invitation link");
      e.detail("reason", "email_unverified");
      throw e;
    }
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
  router.get("/api/invitations/by-token/:token", Policy::open(), handle(app, by_token));
  router.post("/api/invitations/accept", Policy::caller().limit("projectsTeams").no_keys(), handle(app, accept_by_token));
  router.post("/api/invitations/:id/accept", Policy::caller().limit("projectsTeams").no_keys(), handle(app, accept));
  router.del("/api/invitations/:id", Policy::role(Action::InviteMembers).limit("projectsTeams").no_keys(), handle(app, revoke));
}

}  // namespace euriqa::api
