// Team members: list, invite (an invitation valid 7 days), change role, remove.
// A team always keeps at least one owner.
#include "api/access.h"
#include "api/account_links.h"
#include "api/render.h"
#include "api/routes.h"
#include "domain/crypto.h"
#include "domain/emails.h"
#include "domain/error.h"
#include "domain/time.h"
#include "domain/validation.h"
#include "store/teams.h"
#include "store/users.h"

namespace euriqa::api {

using domain::Action;

namespace {

using domain::Role;

constexpr int64_t kInvitationLifetimeMs = 7ll * 24 * 3600 * 1000;

std::string required_team_id(const http::Request& req) {
  auto id = req.query("teamId");
  if (!id || id->empty()) throw domain::validation("teamId", "required", "Query parameter 'teamId' is required");
  return *id;
}

http::Response list_members(App& app, http::Request& req) {
  const auto& p = req.caller();
  std::string team_id = required_team_id(req);
  auto members = app.db.read([&](store::Conn& c) {
    authorize_team(c, p, team_id, Action::Read);  // a key reads its own team's members (docs/openapi.yaml: listMembers)
    return store::list_members(c, team_id);
  });
  return data_response(members, write_member);
}

http::Response invite(App& app, http::Request& req) {
  const auto& p = req.caller();
  const auto& body = req.json();
  std::string team_id = body.required_string("teamId", 100);
  std::string email = domain::normalize_email(body.required_string("email", domain::kMaxEmailLength));
  if (!domain::is_valid_email(email)) body.fail("email", "invalid_value", "Field 'email' must be an email address");
  Role role = *domain::parse_role(body.required_enum("role", {"admin", "member", "viewer"}));
  int64_t now = domain::now_ms();
  // The link's token is shown in this answer only (and mailed when SMTP is set up);
  // the server keeps its hash. Re-inviting the email voids the earlier link.
  std::string token = domain::new_link_token();
  std::string url = invite_link(app, req, token);
  bool mailed = false;
  auto inv = app.db.write([&](store::Conn& c) {
    Role mine = authorize_team(c, p, team_id, Action::InviteMembers);
    require_session(p, "invite members");
    if (static_cast<int>(role) > static_cast<int>(mine))
      throw domain::forbidden("You cannot invite someone with a role above your own");
    if (auto u = store::find_user_by_email(c, email); u && store::role_in_team(c, team_id, u->id))
      throw domain::conflict("This person is already a member of the team");
    auto created = store::insert_invitation(c, team_id, email, role, p.user_id, now, now + kInvitationLifetimeMs,
                                            domain::sha256_hex(token));
    mailed = queue_mail(app, c, email,
                        domain::invitation_mail(created.team_name, domain::role_name(role), p.name, url, created.expires_at));
    return created;
  });
  if (mailed) app.wake_mail();
  return object_response(201, [&](http::JsonWriter& w) {
    write_invitation(w, inv, now, [&](http::JsonWriter& x) { x.field("inviteUrl", url).field("emailSent", mailed); });
  });
}

// Loads the member and the caller's role in its team (404 when not visible).
std::pair<store::Member, Role> member_and_caller_role(store::Conn& c, const domain::Principal& p,
                                                      const std::string& member_id) {
  auto m = store::find_member(c, member_id);
  if (!m) throw domain::not_found("Member");
  Role mine;
  try {
    mine = team_role(c, p, m->team_id);
  } catch (const domain::ApiError&) {
    throw domain::not_found("Member");
  }
  require_session(p, "manage team members");
  return {*m, mine};
}

void keep_an_owner(store::Conn& c, const store::Member& target) {
  if (target.role == Role::Owner && store::count_owners(c, target.team_id) <= 1)
    throw domain::conflict("A team must keep at least one owner");
}

http::Response change_role(App& app, http::Request& req) {
  const auto& p = req.caller();
  Role role = *domain::parse_role(req.json().required_enum("role", {"owner", "admin", "member", "viewer"}));
  auto member = app.db.write([&](store::Conn& c) {
    auto [target, mine] = member_and_caller_role(c, p, req.param("id"));
    bool touches_owner = role == Role::Owner || target.role == Role::Owner;
    require(mine, touches_owner ? Action::ManageOwners : Action::ChangeRoleBelowOwner);
    if (role != Role::Owner) keep_an_owner(c, target);
    store::update_member_role(c, target.id, role);
    return *store::find_member(c, target.id);
  });
  app.key_cache.invalidate_all();
  return object_response(200, [&](http::JsonWriter& w) { write_member(w, member); });
}

http::Response remove_member(App& app, http::Request& req) {
  const auto& p = req.caller();
  app.db.write([&](store::Conn& c) {
    auto [target, mine] = member_and_caller_role(c, p, req.param("id"));
    bool leaving = target.user_id == p.user_id;  // anyone may leave a team
    if (!leaving) require(mine, target.role == Role::Owner ? Action::ManageOwners : Action::RemoveNonOwner);
    keep_an_owner(c, target);
    store::delete_member(c, target.id);
  });
  app.key_cache.invalidate_all();
  return success("Member removed successfully");
}

// POST /api/team-members/:id/reset-link: a password reset link for a member, shown
// once, for teams without email (issue 12). Only over someone the caller outranks in
// every team the member belongs to: a link is the whole account, and an admin of one
// team must not gain another team where the member holds more.
http::Response reset_link_for(App& app, http::Request& req) {
  const auto& p = req.caller();
  std::string token;
  auto member = app.db.write([&](store::Conn& c) {
    auto [target, mine] = member_and_caller_role(c, p, req.param("id"));
    require(mine, Action::InviteMembers);
    if (target.user_id == p.user_id) throw domain::forbidden("Change your own password from your profile");
    for (const auto& [team, role] : store::teams_of_user(c, target.user_id)) {
      auto caller_role = store::role_in_team(c, team.id, p.user_id);
      if (!caller_role || static_cast<int>(*caller_role) <= static_cast<int>(role))
        throw domain::forbidden("You can create a reset link only for someone whose role is below yours in every team "
                                "they belong to");
    }
    token = issue_account_token(c, target.user_id, store::TokenPurpose::ResetPassword, target.email,
                                kResetLinkLifetimeMs);
    return target;
  });
  int64_t expires = domain::now_ms() + kResetLinkLifetimeMs;
  return object_response(201, [&](http::JsonWriter& w) {
    w.begin_object().field("memberId", member.id).field("email", member.email);
    w.field("resetUrl", reset_link(app, req, token)).time_field("expiresAt", expires).end_object();
  });
}

}  // namespace

void register_members(http::Router& router, App& app) {
  router.get("/api/team-members", Policy::role(Action::Read).limit("projectsTeams"), handle(app, list_members));
  router.post("/api/team-members", Policy::role(Action::InviteMembers).limit("projectsTeams").no_keys(), handle(app, invite));
  router.patch("/api/team-members/:id", Policy::role(Action::ChangeRoleBelowOwner).limit("projectsTeams").no_keys(), handle(app, change_role));
  router.del("/api/team-members/:id", Policy::caller().limit("projectsTeams").no_keys(), handle(app, remove_member));
  router.post("/api/team-members/:id/reset-link", Policy::role(Action::InviteMembers).limit("projectsTeams").no_keys(),
              handle(app, reset_link_for));
}

}  // namespace euriqa::api
