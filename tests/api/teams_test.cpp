// Teams, team members, invitations and roles over real HTTP (docs/openapi.yaml "Teams",
// "Team Members"; contract §3).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "support/server.h"
#include "support/tenancy.h"

using namespace euriqa::test;
using namespace euriqa::test::tenancy;

namespace {

const std::vector<std::string> kOpen = {"--signup", "open"};

Result create_team(TestServer& s, const Session& by, const std::string& name) {
  return s.post("/api/teams", obj({{"name", quote(name)}}), by.auth());
}

// An owner with a team and a project, plus an admin, a member and a viewer of it.
struct Crew {
  TestServer& s;
  Session owner;
  Workspace ws;
  Session admin, member, viewer;
  explicit Crew(TestServer& srv)
      : s(srv),
        owner(register_user(s, "owner@example.com", "correct-horse-9", "Olive Owner")),
        ws(create_workspace(s, owner)),
        admin(add_member(s, owner, ws.team_id, "admin@example.com", "admin")),
        member(add_member(s, owner, ws.team_id, "member@example.com", "member")),
        viewer(add_member(s, owner, ws.team_id, "viewer@example.com", "viewer")) {}
  std::string mid(const Session& who) { return member_id(s, owner, ws.team_id, who.user_id); }
};

}  // namespace

// ---------------------------------------------------------------- teams

TEST_CASE("POST /api/teams answers 201 with id, name and createdAt") {
  TestServer s;
  auto u = register_user(s, "alice@example.com");
  auto r = create_team(s, u, "QA Automation Team");
  CHECK(r.status == 201);
  CHECK(is_id(r.str("id"), "team_"));
  CHECK(r.str("name") == "QA Automation Team");
  CHECK(is_recent(r.str("createdAt")));
}

TEST_CASE("the creator of a team becomes its owner") {
  TestServer s;
  auto u = register_user(s, "alice@example.com");
  auto t = create_team(s, u, "Acme");
  REQUIRE(t.status == 201);

  auto me = s.get("/api/auth/me", u.auth());
  REQUIRE(me.status == 200);
  REQUIRE(size_of(me, "teams") == 1);
  CHECK(me.str("teams.0.id") == t.str("id"));
  CHECK(me.str("teams.0.name") == "Acme");
  CHECK(me.str("teams.0.role") == "owner");

  auto members = s.get("/api/team-members?teamId=" + t.str("id"), u.auth());
  REQUIRE(members.status == 200);
  REQUIRE(size_of(members, "data") == 1);
  CHECK(members.str("data.0.userId") == u.user_id);
  CHECK(members.str("data.0.role") == "owner");
}

TEST_CASE("GET /api/teams lists exactly the caller's teams") {
  TestServer s(kOpen);
  auto alice = register_user(s, "alice@example.com");
  auto bob = register_user(s, "bob@example.com");
  auto a1 = create_team(s, alice, "Alpha");
  auto a2 = create_team(s, alice, "Beta");
  auto b1 = create_team(s, bob, "Bob's");
  REQUIRE((a1.status == 201 && a2.status == 201 && b1.status == 201));

  auto r = s.get("/api/teams", alice.auth());
  CHECK(r.status == 200);
  REQUIRE(size_of(r, "data") == 2);
  int i1 = find_in(r, "data", "id", a1.str("id"));
  int i2 = find_in(r, "data", "id", a2.str("id"));
  REQUIRE(i1 >= 0);
  REQUIRE(i2 >= 0);
  CHECK(r.str("data." + std::to_string(i1) + ".name") == "Alpha");
  CHECK(r.str("data." + std::to_string(i1) + ".createdAt") == a1.str("createdAt"));
  CHECK(r.str("data." + std::to_string(i2) + ".name") == "Beta");
  CHECK(find_in(r, "data", "id", b1.str("id")) == -1);

  auto rb = s.get("/api/teams", bob.auth());
  REQUIRE(size_of(rb, "data") == 1);
  CHECK(rb.str("data.0.id") == b1.str("id"));
}

TEST_CASE("GET /api/teams without authentication is 401") {
  TestServer s;
  auto r = s.get("/api/teams");
  CHECK(r.status == 401);
  CHECK(r.error_code() == "UNAUTHORIZED");
}

TEST_CASE("creating a team without a name is 400 naming the field") {
  TestServer s;
  auto u = register_user(s, "alice@example.com");
  auto missing = s.post("/api/teams", "{}", u.auth());
  CHECK(missing.status == 400);
  CHECK(missing.error_code() == "VALIDATION_ERROR");
  CHECK(missing.str("error.details.field") == "name");
  CHECK(missing.str("error.details.reason") == "required");

  auto blank = create_team(s, u, "   ");
  CHECK(blank.status == 400);
  CHECK(blank.str("error.details.field") == "name");

  CHECK(size_of(s.get("/api/teams", u.auth()), "data") == 0);
}

TEST_CASE("an admin renames the team") {
  TestServer s;
  Crew c(s);
  auto r = s.patch("/api/teams/" + c.ws.team_id, obj({{"name", quote("Renamed")}}), c.admin.auth());
  CHECK(r.status == 200);
  CHECK(r.str("id") == c.ws.team_id);
  CHECK(r.str("name") == "Renamed");
  auto list = s.get("/api/teams", c.owner.auth());
  CHECK(list.str("data.0.name") == "Renamed");
}

TEST_CASE("a member cannot rename the team") {
  TestServer s;
  Crew c(s);
  auto r = s.patch("/api/teams/" + c.ws.team_id, obj({{"name", quote("Mine now")}}), c.member.auth());
  CHECK(r.status == 403);
  CHECK(r.error_code() == "FORBIDDEN");
  CHECK(s.get("/api/teams", c.owner.auth()).str("data.0.name") == "Team");
}

TEST_CASE("an admin cannot delete the team") {
  TestServer s;
  Crew c(s);
  auto r = s.del("/api/teams/" + c.ws.team_id, c.admin.auth());
  CHECK(r.status == 403);
  CHECK(r.error_code() == "FORBIDDEN");
  CHECK(s.get("/api/projects/" + c.ws.project_id, c.owner.auth()).status == 200);
}

TEST_CASE("the owner deletes the team with its projects") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto second = s.post("/api/projects", obj({{"name", quote("Second")}, {"teamId", quote(ws.team_id)}}), owner.auth());
  REQUIRE(second.status == 201);

  auto r = s.del("/api/teams/" + ws.team_id, owner.auth());
  CHECK(r.status == 200);
  CHECK(r.at("success") != nullptr);
  CHECK(boolean(r, "success") == 1);

  CHECK(s.get("/api/projects/" + ws.project_id, owner.auth()).status == 404);
  CHECK(s.get("/api/projects/" + second.str("id"), owner.auth()).status == 404);
  CHECK(s.get("/api/projects?teamId=" + ws.team_id, owner.auth()).status == 404);
  CHECK(size_of(s.get("/api/teams", owner.auth()), "data") == 0);
  CHECK(size_of(s.get("/api/auth/me", owner.auth()), "teams") == 0);
}

// ---------------------------------------------------------------- team members

TEST_CASE("team members list every member with all fields") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com", "correct-horse-9", "Olive Owner");
  auto ws = create_workspace(s, owner);
  auto m = add_member(s, owner, ws.team_id, "member@example.com", "member");

  auto r = s.get("/api/team-members?teamId=" + ws.team_id, owner.auth());
  REQUIRE(r.status == 200);
  REQUIRE(size_of(r, "data") == 2);
  int io = find_in(r, "data", "userId", owner.user_id);
  int im = find_in(r, "data", "userId", m.user_id);
  REQUIRE(io >= 0);
  REQUIRE(im >= 0);
  std::string o = "data." + std::to_string(io) + ".";
  CHECK(is_id(r.str(o + "id"), "member_"));
  CHECK(r.str(o + "teamId") == ws.team_id);
  CHECK(r.str(o + "role") == "owner");
  CHECK(r.str(o + "name") == "Olive Owner");
  CHECK(r.str(o + "email") == "owner@example.com");
  CHECK(r.is_null(o + "avatarUrl"));
  CHECK(is_recent(r.str(o + "joinedAt")));
  std::string p = "data." + std::to_string(im) + ".";
  CHECK(is_id(r.str(p + "id"), "member_"));
  CHECK(r.str(p + "id") != r.str(o + "id"));
  CHECK(r.str(p + "role") == "member");
  CHECK(r.str(p + "email") == "member@example.com");
  CHECK(r.is_null(p + "avatarUrl"));
  CHECK(is_recent(r.str(p + "joinedAt")));
}

TEST_CASE("a viewer can list the team's members") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto v = add_member(s, owner, ws.team_id, "viewer@example.com", "viewer");
  auto r = s.get("/api/team-members?teamId=" + ws.team_id, v.auth());
  CHECK(r.status == 200);
  CHECK(size_of(r, "data") == 2);
}

TEST_CASE("team members list without teamId is 400 naming teamId") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  create_workspace(s, owner);
  auto r = s.get("/api/team-members", owner.auth());
  CHECK(r.status == 400);
  CHECK(r.error_code() == "VALIDATION_ERROR");
  CHECK(r.str("error.details.field") == "teamId");
  CHECK(r.str("error.details.reason") == "required");
}

// ---------------------------------------------------------------- invitations

TEST_CASE("inviting answers 201 with a pending invitation expiring 7 days after creation") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto r = invite(s, owner, ws.team_id, "newmember@example.com", "member");
  CHECK(r.status == 201);
  CHECK(is_id(r.str("id"), "invite_"));
  CHECK(r.str("teamId") == ws.team_id);
  CHECK(r.str("email") == "newmember@example.com");
  CHECK(r.str("role") == "member");
  CHECK(r.str("status") == "pending");
  CHECK(is_recent(r.str("createdAt")));
  int64_t created = rfc3339(r.str("createdAt"));
  int64_t expires = rfc3339(r.str("expiresAt"));
  REQUIRE(created > 0);
  CHECK(expires - created == 7 * 24 * 3600);
}

TEST_CASE("inviting with role owner is 400 invalid_value") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto r = invite(s, owner, ws.team_id, "x@example.com", "owner");
  CHECK(r.status == 400);
  CHECK(r.error_code() == "VALIDATION_ERROR");
  CHECK(r.str("error.details.field") == "role");
  CHECK(r.str("error.details.reason") == "invalid_value");
  CHECK(size_of(s.get("/api/invitations?teamId=" + ws.team_id, owner.auth()), "data") == 0);
}

TEST_CASE("inviting with an unknown role or without a role is 400") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto bad = invite(s, owner, ws.team_id, "x@example.com", "superuser");
  CHECK(bad.status == 400);
  CHECK(bad.str("error.details.reason") == "invalid_value");
  auto missing = s.post("/api/team-members", obj({{"teamId", quote(ws.team_id)}, {"email", quote("x@example.com")}}),
                        owner.auth());
  CHECK(missing.status == 400);
  CHECK(missing.str("error.details.field") == "role");
  CHECK(missing.str("error.details.reason") == "required");
}

TEST_CASE("inviting an invalid email is 400 naming email") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto r = invite(s, owner, ws.team_id, "not-an-email", "member");
  CHECK(r.status == 400);
  CHECK(r.str("error.details.field") == "email");
}

TEST_CASE("inviting an existing member is 409 CONFLICT") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  add_member(s, owner, ws.team_id, "member@example.com", "member");
  auto r = invite(s, owner, ws.team_id, "member@example.com", "admin");
  CHECK(r.status == 409);
  CHECK(r.error_code() == "CONFLICT");
  auto self = invite(s, owner, ws.team_id, "OWNER@example.com", "viewer");
  CHECK(self.status == 409);
}

TEST_CASE("a member cannot invite") {
  TestServer s;
  Crew c(s);
  auto r = invite(s, c.member, c.ws.team_id, "x@example.com", "viewer");
  CHECK(r.status == 403);
  CHECK(r.error_code() == "FORBIDDEN");
}

TEST_CASE("an admin can invite") {
  TestServer s;
  Crew c(s);
  auto r = invite(s, c.admin, c.ws.team_id, "x@example.com", "admin");
  CHECK(r.status == 201);
  CHECK(r.str("role") == "admin");
}

TEST_CASE("GET /api/invitations lists the caller's pending invitations") {
  TestServer s(kOpen);
  auto owner = register_user(s, "owner@example.com");
  auto t1 = create_workspace(s, owner, "One");
  auto t2 = create_workspace(s, owner, "Two");
  auto i1 = invite(s, owner, t1.team_id, "guest@example.com", "viewer");
  auto i2 = invite(s, owner, t2.team_id, "guest@example.com", "admin");
  auto other = invite(s, owner, t1.team_id, "other@example.com", "member");
  REQUIRE((i1.status == 201 && i2.status == 201 && other.status == 201));

  auto guest = register_user(s, "guest@example.com");
  auto r = s.get("/api/invitations", guest.auth());
  CHECK(r.status == 200);
  REQUIRE(size_of(r, "data") == 2);
  int a = find_in(r, "data", "id", i1.str("id"));
  int b = find_in(r, "data", "id", i2.str("id"));
  REQUIRE(a >= 0);
  REQUIRE(b >= 0);
  CHECK(r.str("data." + std::to_string(a) + ".teamId") == t1.team_id);
  CHECK(r.str("data." + std::to_string(a) + ".role") == "viewer");
  CHECK(r.str("data." + std::to_string(a) + ".status") == "pending");
  CHECK(r.str("data." + std::to_string(b) + ".teamId") == t2.team_id);
  CHECK(r.str("data." + std::to_string(b) + ".role") == "admin");

  // Someone else sees none of them.
  auto stranger = register_user(s, "stranger@example.com");
  CHECK(size_of(s.get("/api/invitations", stranger.auth()), "data") == 0);
}

TEST_CASE("GET /api/invitations?teamId= lists the team's pending invitations for an admin") {
  TestServer s;
  Crew c(s);
  auto i1 = invite(s, c.owner, c.ws.team_id, "a@example.com", "viewer");
  auto i2 = invite(s, c.admin, c.ws.team_id, "b@example.com", "member");
  REQUIRE((i1.status == 201 && i2.status == 201));
  auto r = s.get("/api/invitations?teamId=" + c.ws.team_id, c.admin.auth());
  CHECK(r.status == 200);
  // The crew's own invitations were accepted and are no longer pending.
  CHECK(size_of(r, "data") == 2);
  CHECK(find_in(r, "data", "id", i1.str("id")) >= 0);
  CHECK(find_in(r, "data", "id", i2.str("id")) >= 0);
  CHECK(find_in(r, "data", "email", "member@example.com") == -1);
}

TEST_CASE("GET /api/invitations?teamId= is 403 for a member") {
  TestServer s;
  Crew c(s);
  auto r = s.get("/api/invitations?teamId=" + c.ws.team_id, c.member.auth());
  CHECK(r.status == 403);
  CHECK(r.error_code() == "FORBIDDEN");
}

// Acceptance by the invitation link (contract §11); by id it needs a verified address
// (tests/api/accounts_test.cpp).
Result accept_link(TestServer& s, const Result& inv, const Session& who) {
  return s.post("/api/invitations/accept", obj({{"token", quote(invite_token(inv))}}), who.auth());
}

TEST_CASE("accepting an invitation makes the caller a member with the invited role") {
  TestServer s(kOpen);
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto inv = invite(s, owner, ws.team_id, "Guest@Example.com", "viewer");
  REQUIRE(inv.status == 201);
  CHECK(inv.str("email") == "guest@example.com");  // emails are case-insensitive
  auto guest = register_user(s, "guest@example.com");

  // Not a member before accepting.
  CHECK(s.get("/api/projects?teamId=" + ws.team_id, guest.auth()).status == 404);

  auto acc = accept_link(s, inv, guest);
  CHECK(acc.status == 200);
  CHECK(acc.str("userId") == guest.user_id);
  CHECK(acc.str("teamId") == ws.team_id);
  CHECK(acc.str("role") == "viewer");

  auto me = s.get("/api/auth/me", guest.auth());
  REQUIRE(size_of(me, "teams") == 1);
  CHECK(me.str("teams.0.id") == ws.team_id);
  CHECK(me.str("teams.0.role") == "viewer");
  CHECK(role_of(s, owner, ws.team_id, guest.user_id) == "viewer");
  CHECK(s.get("/api/projects?teamId=" + ws.team_id, guest.auth()).status == 200);
  // No longer pending, for the invitee or the team.
  CHECK(size_of(s.get("/api/invitations", guest.auth()), "data") == 0);
  CHECK(size_of(s.get("/api/invitations?teamId=" + ws.team_id, owner.auth()), "data") == 0);
}

TEST_CASE("accepting an invitation twice is refused") {
  TestServer s(kOpen);
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto inv = invite(s, owner, ws.team_id, "guest@example.com", "member");
  auto guest = register_user(s, "guest@example.com");
  REQUIRE(accept_link(s, inv, guest).status == 200);
  auto again = accept_link(s, inv, guest);
  CHECK(again.status == 410);  // the link worked once
  CHECK(again.error_code() == "GONE");
  auto by_id = s.post("/api/invitations/" + inv.str("id") + "/accept", "", guest.auth());
  CHECK(by_id.status == 409);  // accepted already
  CHECK(by_id.error_code() == "CONFLICT");
  CHECK(size_of(s.get("/api/team-members?teamId=" + ws.team_id, owner.auth()), "data") == 2);
}

TEST_CASE("accepting an invitation sent to another email is 403") {
  TestServer s(kOpen);
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto inv = invite(s, owner, ws.team_id, "guest@example.com", "member");
  auto intruder = register_user(s, "intruder@example.com");
  auto r = s.post("/api/invitations/" + inv.str("id") + "/accept", "", intruder.auth());
  CHECK(r.status == 403);
  CHECK(r.error_code() == "FORBIDDEN");
  CHECK(role_of(s, owner, ws.team_id, intruder.user_id) == "");
  CHECK(accept_link(s, inv, intruder).status == 403);  // the link does not help
  // The invitation stays usable by its addressee.
  auto guest = register_user(s, "guest@example.com");
  CHECK(accept_link(s, inv, guest).status == 200);
}

TEST_CASE("accepting an expired invitation is 410 GONE") {
  TestServer s(kOpen);
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto inv = invite(s, owner, ws.team_id, "guest@example.com", "member");
  REQUIRE(inv.status == 201);
  auto guest = register_user(s, "guest@example.com");  // registers while the invitation is valid
  REQUIRE(db_set_int(s, "invitations", "expires_at", inv.str("id"), now_ms() - 1000) == 1);

  auto r = accept_link(s, inv, guest);
  CHECK(r.status == 410);
  CHECK(r.error_code() == "GONE");
  CHECK(has_error_shape(r));
  CHECK(role_of(s, owner, ws.team_id, guest.user_id) == "");
  CHECK(size_of(s.get("/api/invitations", guest.auth()), "data") == 0);
}

TEST_CASE("a revoked invitation can no longer be accepted") {
  TestServer s(kOpen);
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto inv = invite(s, owner, ws.team_id, "guest@example.com", "member");
  auto keep = invite(s, owner, ws.team_id, "keep@example.com", "member");
  auto guest = register_user(s, "guest@example.com");

  auto del = s.del("/api/invitations/" + inv.str("id"), owner.auth());
  CHECK(del.status == 200);
  CHECK(boolean(del, "success") == 1);

  auto team = s.get("/api/invitations?teamId=" + ws.team_id, owner.auth());
  REQUIRE(size_of(team, "data") == 1);
  CHECK(team.str("data.0.id") == keep.str("id"));
  CHECK(size_of(s.get("/api/invitations", guest.auth()), "data") == 0);
  auto acc = accept_link(s, inv, guest);
  CHECK(acc.status == 404);
  CHECK(acc.error_code() == "NOT_FOUND");
  CHECK(s.post("/api/invitations/" + inv.str("id") + "/accept", "", guest.auth()).status == 404);
  CHECK(role_of(s, owner, ws.team_id, guest.user_id) == "");
}

TEST_CASE("a member cannot revoke an invitation") {
  TestServer s;
  Crew c(s);
  auto inv = invite(s, c.owner, c.ws.team_id, "guest@example.com", "member");
  auto r = s.del("/api/invitations/" + inv.str("id"), c.member.auth());
  CHECK(r.status == 403);
  CHECK(size_of(s.get("/api/invitations?teamId=" + c.ws.team_id, c.owner.auth()), "data") == 1);
}

// ---------------------------------------------------------------- roles

TEST_CASE("an admin changes roles below owner") {
  TestServer s;
  Crew c(s);
  auto r = s.patch("/api/team-members/" + c.mid(c.member), obj({{"role", quote("viewer")}}), c.admin.auth());
  CHECK(r.status == 200);
  CHECK(r.str("role") == "viewer");
  CHECK(r.str("userId") == c.member.user_id);
  CHECK(role_of(s, c.owner, c.ws.team_id, c.member.user_id) == "viewer");

  auto up = s.patch("/api/team-members/" + c.mid(c.viewer), obj({{"role", quote("admin")}}), c.admin.auth());
  CHECK(up.status == 200);
  CHECK(role_of(s, c.owner, c.ws.team_id, c.viewer.user_id) == "admin");
}

TEST_CASE("the new role takes effect on the member's permissions") {
  TestServer s;
  Crew c(s);
  auto body = obj({{"name", quote("New")}, {"teamId", quote(c.ws.team_id)}});
  CHECK(s.post("/api/projects", body, c.member.auth()).status == 403);
  REQUIRE(s.patch("/api/team-members/" + c.mid(c.member), obj({{"role", quote("admin")}}), c.owner.auth()).status ==
          200);
  CHECK(s.post("/api/projects", body, c.member.auth()).status == 201);
}

TEST_CASE("an admin cannot grant owner") {
  TestServer s;
  Crew c(s);
  auto r = s.patch("/api/team-members/" + c.mid(c.member), obj({{"role", quote("owner")}}), c.admin.auth());
  CHECK(r.status == 403);
  CHECK(r.error_code() == "FORBIDDEN");
  CHECK(role_of(s, c.owner, c.ws.team_id, c.member.user_id) == "member");
  // Nor to themselves.
  auto self = s.patch("/api/team-members/" + c.mid(c.admin), obj({{"role", quote("owner")}}), c.admin.auth());
  CHECK(self.status == 403);
  CHECK(role_of(s, c.owner, c.ws.team_id, c.admin.user_id) == "admin");
}

TEST_CASE("an admin cannot change an owner's role") {
  TestServer s;
  Crew c(s);
  auto r = s.patch("/api/team-members/" + c.mid(c.owner), obj({{"role", quote("viewer")}}), c.admin.auth());
  CHECK(r.status == 403);
  CHECK(role_of(s, c.owner, c.ws.team_id, c.owner.user_id) == "owner");
}

TEST_CASE("a member cannot change roles") {
  TestServer s;
  Crew c(s);
  auto r = s.patch("/api/team-members/" + c.mid(c.viewer), obj({{"role", quote("member")}}), c.member.auth());
  CHECK(r.status == 403);
  CHECK(role_of(s, c.owner, c.ws.team_id, c.viewer.user_id) == "viewer");
  auto self = s.patch("/api/team-members/" + c.mid(c.member), obj({{"role", quote("admin")}}), c.member.auth());
  CHECK(self.status == 403);
  CHECK(role_of(s, c.owner, c.ws.team_id, c.member.user_id) == "member");
}

TEST_CASE("an owner grants owner, after which the first owner may step down") {
  TestServer s;
  Crew c(s);
  auto r = s.patch("/api/team-members/" + c.mid(c.admin), obj({{"role", quote("owner")}}), c.owner.auth());
  CHECK(r.status == 200);
  CHECK(r.str("role") == "owner");
  auto down = s.patch("/api/team-members/" + c.mid(c.owner), obj({{"role", quote("admin")}}), c.owner.auth());
  CHECK(down.status == 200);
  CHECK(role_of(s, c.admin, c.ws.team_id, c.owner.user_id) == "admin");
  CHECK(role_of(s, c.admin, c.ws.team_id, c.admin.user_id) == "owner");
}

TEST_CASE("demoting the last owner is 409 CONFLICT") {
  TestServer s;
  Crew c(s);
  auto r = s.patch("/api/team-members/" + c.mid(c.owner), obj({{"role", quote("admin")}}), c.owner.auth());
  CHECK(r.status == 409);
  CHECK(r.error_code() == "CONFLICT");
  CHECK(role_of(s, c.owner, c.ws.team_id, c.owner.user_id) == "owner");
}

TEST_CASE("changing a role to an unknown value is 400 invalid_value") {
  TestServer s;
  Crew c(s);
  auto r = s.patch("/api/team-members/" + c.mid(c.member), obj({{"role", quote("superuser")}}), c.owner.auth());
  CHECK(r.status == 400);
  CHECK(r.str("error.details.field") == "role");
  CHECK(r.str("error.details.reason") == "invalid_value");
  CHECK(role_of(s, c.owner, c.ws.team_id, c.member.user_id) == "member");
}

TEST_CASE("changing the role of an unknown member id is 404") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  create_workspace(s, owner);
  auto r = s.patch("/api/team-members/member_0000000000000000", obj({{"role", quote("viewer")}}), owner.auth());
  CHECK(r.status == 404);
  CHECK(r.error_code() == "NOT_FOUND");
}

// ---------------------------------------------------------------- removal

TEST_CASE("an admin removes a member, who then loses access") {
  TestServer s;
  Crew c(s);
  auto r = s.del("/api/team-members/" + c.mid(c.member), c.admin.auth());
  CHECK(r.status == 200);
  CHECK(boolean(r, "success") == 1);
  CHECK(role_of(s, c.owner, c.ws.team_id, c.member.user_id) == "");
  CHECK(s.get("/api/projects/" + c.ws.project_id, c.member.auth()).status == 404);
  CHECK(size_of(s.get("/api/auth/me", c.member.auth()), "teams") == 0);
}

TEST_CASE("an admin cannot remove an owner") {
  TestServer s;
  Crew c(s);
  auto r = s.del("/api/team-members/" + c.mid(c.owner), c.admin.auth());
  CHECK(r.status == 403);
  CHECK(r.error_code() == "FORBIDDEN");
  CHECK(role_of(s, c.owner, c.ws.team_id, c.owner.user_id) == "owner");
}

TEST_CASE("an owner removes another owner") {
  TestServer s;
  Crew c(s);
  REQUIRE(s.patch("/api/team-members/" + c.mid(c.admin), obj({{"role", quote("owner")}}), c.owner.auth()).status ==
          200);
  auto r = s.del("/api/team-members/" + c.mid(c.admin), c.owner.auth());
  CHECK(r.status == 200);
  CHECK(role_of(s, c.owner, c.ws.team_id, c.admin.user_id) == "");
}

TEST_CASE("removing the last owner is 409 CONFLICT") {
  TestServer s;
  Crew c(s);
  auto r = s.del("/api/team-members/" + c.mid(c.owner), c.owner.auth());
  CHECK(r.status == 409);
  CHECK(r.error_code() == "CONFLICT");
  CHECK(role_of(s, c.owner, c.ws.team_id, c.owner.user_id) == "owner");
}

TEST_CASE("a member may remove themselves") {
  TestServer s;
  Crew c(s);
  auto r = s.del("/api/team-members/" + c.mid(c.viewer), c.viewer.auth());
  CHECK(r.status == 200);
  CHECK(role_of(s, c.owner, c.ws.team_id, c.viewer.user_id) == "");
  CHECK(s.get("/api/team-members?teamId=" + c.ws.team_id, c.viewer.auth()).status == 404);
}

TEST_CASE("a member cannot remove another member") {
  TestServer s;
  Crew c(s);
  auto r = s.del("/api/team-members/" + c.mid(c.viewer), c.member.auth());
  CHECK(r.status == 403);
  CHECK(role_of(s, c.owner, c.ws.team_id, c.viewer.user_id) == "viewer");
}
