// Accounts that prove their address (contract §11, issue 12), without email: the
// squatting attack of issue 12, invitation links (single use, expiry, re-invite voids,
// invite-only sign-up), acceptance by id for verified addresses only, password reset
// links made by an admin or the operator, the profile and the list of sessions.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <SQLiteCpp/SQLiteCpp.h>

#include <fstream>
#include <string>

#include "support/server.h"

using namespace euriqa::test;

namespace {

const std::vector<std::string> kOpen = {"--signup", "open"};
constexpr const char* kPassword = "correct-horse-9";

Result invite(TestServer& s, const Session& by, const std::string& team_id, const std::string& email,
              const std::string& role) {
  return s.post("/api/team-members", obj({{"teamId", quote(team_id)}, {"email", quote(email)}, {"role", quote(role)}}),
                by.auth());
}

Result register_raw(TestServer& s, const std::string& email, const std::string& token = "",
                    const std::string& password = kPassword) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"email", quote(email)}, {"password", quote(password)}, {"name", quote("Someone")}};
  if (!token.empty()) fields.push_back({"inviteToken", quote(token)});
  return s.post("/api/auth/register", obj(fields));
}

Result login_raw(TestServer& s, const std::string& email, const std::string& password = kPassword) {
  return s.post("/api/auth/login", obj({{"email", quote(email)}, {"password", quote(password)}}));
}

bool is_true(const Result& r, const std::string& path) {
  const auto* v = r.at(path);
  return v && v->IsBool() && v->GetBool();
}

struct Admin {
  TestServer& s;
  Session owner = register_user(s, "owner@corp.example");
  Workspace ws = create_workspace(s, owner, "Team A", "Project A");
  explicit Admin(TestServer& server) : s(server) {}
};

}  // namespace

// ---------------------------------------------------------------- the attack of issue 12

TEST_CASE("open sign-up: a stranger registering an invited address gets no role, and the real invitee takes it back") {
  TestServer s(kOpen);
  Admin a(s);
  auto inv = invite(s, a.owner, a.ws.team_id, "Bob@Corp.Example", "admin");
  REQUIRE(inv.status == 201);
  // The stranger registers the invited address without any proof of owning it...
  auto stranger = register_raw(s, "bob@corp.example");
  REQUIRE(stranger.status == 201);
  CHECK_FALSE(is_true(stranger, "emailVerified"));
  Auth squatter = Auth::session(cookie_token(stranger));
  // ...and cannot take the invitation by its id,
  auto by_id = s.post("/api/invitations/" + inv.str("id") + "/accept", "", squatter);
  CHECK(by_id.status == 403);
  CHECK(by_id.str("error.details.reason") == "email_unverified");
  // nor reach the team's API keys.
  CHECK(s.get("/api/api-keys?projectId=" + a.ws.project_id, squatter).status == 404);
  CHECK(s.get("/api/teams", squatter).at("data")->Size() == 0);
  // The real Bob, holding the link, registers: the unproved account is his now.
  auto bob = register_raw(s, "bob@corp.example", invite_token(inv), "bobs-own-password");
  REQUIRE_MESSAGE(bob.status == 201, bob.body);
  CHECK(is_true(bob, "emailVerified"));
  Auth real = Auth::session(cookie_token(bob));
  CHECK(s.get("/api/api-keys?projectId=" + a.ws.project_id, real).status == 200);
  // The stranger's session ended, and the stranger's password no longer works.
  CHECK(s.get("/api/auth/me", squatter).status == 401);
  CHECK(login_raw(s, "bob@corp.example").status == 401);
  CHECK(login_raw(s, "bob@corp.example", "bobs-own-password").status == 200);
  auto members = s.get("/api/team-members?teamId=" + a.ws.team_id, a.owner.auth());
  CHECK(members.body.find("bob@corp.example") != std::string::npos);
}

TEST_CASE("invite-only sign-up: the stranger cannot even make an account; the invitee with the link can") {
  TestServer s;  // invite-only is the default
  Admin a(s);
  auto inv = invite(s, a.owner, a.ws.team_id, "bob@corp.example", "admin");
  REQUIRE(inv.status == 201);
  auto without = register_raw(s, "bob@corp.example");
  CHECK(without.status == 403);
  CHECK(without.error_code() == "SIGNUP_DISABLED");
  auto bogus = register_raw(s, "bob@corp.example", "notarealtoken0000000000000000000000000000");
  CHECK(bogus.status == 403);
  CHECK(bogus.error_code() == "SIGNUP_DISABLED");
  auto bob = register_raw(s, "bob@corp.example", invite_token(inv));
  REQUIRE_MESSAGE(bob.status == 201, bob.body);
  CHECK(is_true(bob, "emailVerified"));
  auto me = s.get("/api/auth/me", Auth::session(cookie_token(bob)));
  CHECK(me.str("teams.0.id") == a.ws.team_id);
  CHECK(me.str("teams.0.role") == "admin");
}

// ---------------------------------------------------------------- invitation links

TEST_CASE("the invite answer carries a link with a long random token, stored only hashed") {
  TestServer s({"--signup", "open", "--base-url", "https://euriqa.example.com"});
  Admin a(s);
  auto inv = invite(s, a.owner, a.ws.team_id, "bob@corp.example", "member");
  REQUIRE(inv.status == 201);
  std::string url = inv.str("inviteUrl");
  CHECK(url.rfind("https://euriqa.example.com/invite/", 0) == 0);
  std::string token = invite_token(inv);
  CHECK(token.size() >= 32);
  CHECK(token.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == std::string::npos);
  CHECK_FALSE(is_true(inv, "emailSent"));  // no SMTP configured
  // Not in the database, nor in any list.
  SQLite::Database db(s.data_dir() + "/euriqa.db", SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT COUNT(*) FROM invitations WHERE token_hash = ? OR token_hash IS NULL");
  q.bind(1, token);
  q.executeStep();
  CHECK(q.getColumn(0).getInt() == 0);
  CHECK(s.get("/api/invitations?teamId=" + a.ws.team_id, a.owner.auth()).body.find(token) == std::string::npos);
}

TEST_CASE("GET /api/invitations/by-token shows the invitation without signing in, 404 otherwise") {
  TestServer s(kOpen);
  Admin a(s);
  auto inv = invite(s, a.owner, a.ws.team_id, "bob@corp.example", "viewer");
  auto r = s.get("/api/invitations/by-token/" + invite_token(inv));
  REQUIRE(r.status == 200);
  CHECK(r.str("teamName") == "Team A");
  CHECK(r.str("email") == "bob@corp.example");
  CHECK(r.str("role") == "viewer");
  CHECK(r.str("invitedBy") == "Test User");
  CHECK_FALSE(r.str("expiresAt").empty());
  CHECK(r.at("teamId") == nullptr);  // nothing beyond what the page shows
  CHECK(s.get("/api/invitations/by-token/nope").status == 404);
  CHECK(s.get("/api/invitations/by-token/" + std::string(40, 'a')).status == 404);
}

TEST_CASE("an invitation link works once") {
  TestServer s(kOpen);
  Admin a(s);
  auto inv = invite(s, a.owner, a.ws.team_id, "bob@corp.example", "member");
  std::string token = invite_token(inv);
  REQUIRE(register_raw(s, "bob@corp.example", token).status == 201);
  CHECK(s.get("/api/invitations/by-token/" + token).status == 404);
  auto again = register_raw(s, "bob2@corp.example", token);
  CHECK(again.status == 410);
  CHECK(again.error_code() == "GONE");
  auto other = register_user(s, "carol@corp.example");
  CHECK(s.post("/api/invitations/accept", obj({{"token", quote(token)}}), other.auth()).status == 410);
}

TEST_CASE("re-inviting an email voids its earlier link") {
  TestServer s(kOpen);
  Admin a(s);
  auto first = invite(s, a.owner, a.ws.team_id, "bob@corp.example", "member");
  auto second = invite(s, a.owner, a.ws.team_id, "bob@corp.example", "admin");
  CHECK(s.get("/api/invitations/by-token/" + invite_token(first)).status == 404);
  auto voided = register_raw(s, "bob@corp.example", invite_token(first));
  CHECK(voided.status == 404);
  auto ok = register_raw(s, "bob@corp.example", invite_token(second));
  REQUIRE(ok.status == 201);
  CHECK(s.get("/api/auth/me", Auth::session(cookie_token(ok))).str("teams.0.role") == "admin");
}

TEST_CASE("a revoked invitation's link is void") {
  TestServer s(kOpen);
  Admin a(s);
  auto inv = invite(s, a.owner, a.ws.team_id, "bob@corp.example", "member");
  REQUIRE(s.del("/api/invitations/" + inv.str("id"), a.owner.auth()).status == 200);
  CHECK(s.get("/api/invitations/by-token/" + invite_token(inv)).status == 404);
  CHECK(register_raw(s, "bob@corp.example", invite_token(inv)).status == 404);
}

TEST_CASE("an invitation link expires after seven days") {
  TestServer s(kOpen);
  Admin a(s);
  auto inv = invite(s, a.owner, a.ws.team_id, "bob@corp.example", "member");
  std::string token = invite_token(inv);
  s.stop();
  TestServer later(kOpen, s.data_dir(), {{"EURIQA_TEST_CLOCK_OFFSET_SECONDS", std::to_string(7 * 24 * 3600 + 60)}});
  CHECK(later.get("/api/invitations/by-token/" + token).status == 404);
  auto r = register_raw(later, "bob@corp.example", token);
  CHECK(r.status == 410);
  CHECK(r.error_code() == "GONE");
}

TEST_CASE("a link for another email is refused at registration and acceptance") {
  TestServer s(kOpen);
  Admin a(s);
  auto inv = invite(s, a.owner, a.ws.team_id, "bob@corp.example", "member");
  CHECK(register_raw(s, "mallory@corp.example", invite_token(inv)).status == 403);
  auto mallory = register_user(s, "mallory2@corp.example");
  auto r = s.post("/api/invitations/accept", obj({{"token", quote(invite_token(inv))}}), mallory.auth());
  CHECK(r.status == 403);
  CHECK(s.get("/api/invitations/by-token/" + invite_token(inv)).status == 200);  // still usable by Bob
}

TEST_CASE("a signed-in invitee accepts by link, which also verifies the address") {
  TestServer s(kOpen);
  Admin a(s);
  auto bob = register_user(s, "bob@corp.example");
  CHECK_FALSE(is_true(s.get("/api/auth/me", bob.auth()), "emailVerified"));
  auto inv = invite(s, a.owner, a.ws.team_id, "bob@corp.example", "member");
  auto r = s.post("/api/invitations/accept", obj({{"token", quote(invite_token(inv))}}), bob.auth());
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(r.str("teamId") == a.ws.team_id);
  CHECK(is_true(s.get("/api/auth/me", bob.auth()), "emailVerified"));
  // Verified now: a later invitation may be accepted by id.
  auto team_b = s.post("/api/teams", obj({{"name", quote("Team B")}}), a.owner.auth());
  auto inv_b = invite(s, a.owner, team_b.str("id"), "bob@corp.example", "viewer");
  CHECK(s.post("/api/invitations/" + inv_b.str("id") + "/accept", "", bob.auth()).status == 200);
}

TEST_CASE("the first user and users made by the operator count as verified") {
  TestServer s;
  auto first = register_user(s, "first@corp.example");
  CHECK(is_true(s.get("/api/auth/me", first.auth()), "emailVerified"));
  s.stop();
  auto made = run_euriqa({"user", "create", "--data", s.data_dir(), "--email", "ops@corp.example", "--password-stdin"},
                         std::string(kPassword) + "\n");
  REQUIRE(made.exit_code == 0);
  s.start();
  auto ops = login(s, "ops@corp.example");
  CHECK(is_true(s.get("/api/auth/me", ops.auth()), "emailVerified"));
}

// ---------------------------------------------------------------- password reset

TEST_CASE("a password reset request answers 202 whether or not the address exists, and is throttled") {
  TestServer s(kOpen);
  register_user(s, "alice@corp.example");
  auto known = s.post("/api/auth/password-reset", obj({{"email", quote("alice@corp.example")}}));
  auto unknown = s.post("/api/auth/password-reset", obj({{"email", quote("nobody@corp.example")}}));
  CHECK(known.status == 202);
  CHECK(unknown.status == 202);
  CHECK(known.body == unknown.body);
  for (int i = 0; i < 2; ++i) s.post("/api/auth/password-reset", obj({{"email", quote("nobody@corp.example")}}));
  auto throttled = s.post("/api/auth/password-reset", obj({{"email", quote("nobody@corp.example")}}));
  CHECK(throttled.status == 429);
  CHECK_FALSE(throttled.header("Retry-After").empty());
}

namespace {
std::string reset_token_of(const Result& r) {
  std::string url = r.str("resetUrl");
  return url.substr(url.rfind('/') + 1);
}
}  // namespace

TEST_CASE("an admin's reset link sets a member's password once and signs every session of theirs out") {
  TestServer s(kOpen);
  Admin a(s);
  auto member = add_member(s, a.owner, a.ws.team_id, "m@corp.example", "member");
  auto other_session = login(s, "m@corp.example");
  auto members = s.get("/api/team-members?teamId=" + a.ws.team_id, a.owner.auth());
  std::string member_id;
  for (const auto& m : members.at("data")->GetArray())
    if (std::string(m["email"].GetString()) == "m@corp.example") member_id = m["id"].GetString();
  auto link = s.post("/api/team-members/" + member_id + "/reset-link", "", a.owner.auth());
  REQUIRE_MESSAGE(link.status == 201, link.body);
  CHECK(link.str("resetUrl").find("/reset-password/") != std::string::npos);
  std::string token = reset_token_of(link);
  auto confirm = s.post("/api/auth/password-reset/confirm",
                        obj({{"token", quote(token)}, {"password", quote("a-brand-new-pw")}}));
  REQUIRE_MESSAGE(confirm.status == 200, confirm.body);
  CHECK(s.get("/api/auth/me", member.auth()).status == 401);
  CHECK(s.get("/api/auth/me", other_session.auth()).status == 401);
  CHECK(login_raw(s, "m@corp.example").status == 401);
  CHECK(login_raw(s, "m@corp.example", "a-brand-new-pw").status == 200);
  auto again = s.post("/api/auth/password-reset/confirm", obj({{"token", quote(token)}, {"password", quote("x-second-pw")}}));
  CHECK(again.status == 410);
  auto unknown = s.post("/api/auth/password-reset/confirm",
                        obj({{"token", quote(std::string(40, 'z'))}, {"password", quote("x-second-pw")}}));
  CHECK(unknown.status == 404);
}

TEST_CASE("a reset link expires after an hour") {
  TestServer s(kOpen);
  Admin a(s);
  add_member(s, a.owner, a.ws.team_id, "m@corp.example", "viewer");
  auto members = s.get("/api/team-members?teamId=" + a.ws.team_id, a.owner.auth());
  std::string member_id = members.str("data.1.id");
  REQUIRE(members.str("data.1.email") == "m@corp.example");
  std::string token = reset_token_of(s.post("/api/team-members/" + member_id + "/reset-link", "", a.owner.auth()));
  s.stop();
  TestServer later(kOpen, s.data_dir(), {{"EURIQA_TEST_CLOCK_OFFSET_SECONDS", "3601"}});
  auto r = later.post("/api/auth/password-reset/confirm", obj({{"token", quote(token)}, {"password", quote("too-late-pw")}}));
  CHECK(r.status == 410);
  CHECK(login_raw(later, "m@corp.example").status == 200);  // the password stands
}

TEST_CASE("reset links only over members the caller outranks in every team they belong to") {
  TestServer s(kOpen);
  Admin a(s);
  auto admin = add_member(s, a.owner, a.ws.team_id, "admin@corp.example", "admin");
  auto member = add_member(s, a.owner, a.ws.team_id, "m@corp.example", "member");
  auto peer = add_member(s, a.owner, a.ws.team_id, "peer@corp.example", "admin");
  auto ids = s.get("/api/team-members?teamId=" + a.ws.team_id, a.owner.auth());
  auto id_of = [&](const std::string& email) {
    for (const auto& m : ids.at("data")->GetArray())
      if (std::string(m["email"].GetString()) == email) return std::string(m["id"].GetString());
    return std::string();
  };
  auto link = [&](const Session& by, const std::string& email) {
    return s.post("/api/team-members/" + id_of(email) + "/reset-link", "", by.auth()).status;
  };
  CHECK(link(admin, "m@corp.example") == 201);
  CHECK(link(admin, "peer@corp.example") == 403);   // same role
  CHECK(link(admin, "owner@corp.example") == 403);  // above
  CHECK(link(member, "peer@corp.example") == 403);  // members cannot
  CHECK(link(admin, "admin@corp.example") == 403);  // not oneself
  // The member owns another team, where the admin is nobody: no link.
  auto own = s.post("/api/teams", obj({{"name", quote("M's own")}}), member.auth());
  REQUIRE(own.status == 201);
  CHECK(link(admin, "m@corp.example") == 403);
  CHECK(link(a.owner, "m@corp.example") == 403);
}

TEST_CASE("euriqa user reset-password sets the password and ends every session") {
  TestServer s(kOpen);
  auto alice = register_user(s, "alice@corp.example");
  s.stop();
  auto r = run_euriqa({"user", "reset-password", "--data", s.data_dir(), "--email", "alice@corp.example",
                       "--password-stdin"},
                      "operator-chosen-pw\n");
  CHECK_MESSAGE(r.exit_code == 0, r.out);
  auto missing = run_euriqa({"user", "reset-password", "--data", s.data_dir(), "--email", "nobody@corp.example",
                             "--password-stdin"},
                            "operator-chosen-pw\n");
  CHECK(missing.exit_code == 1);
  s.start();
  CHECK(s.get("/api/auth/me", alice.auth()).status == 401);
  CHECK(login_raw(s, "alice@corp.example", "operator-chosen-pw").status == 200);
}

// ---------------------------------------------------------------- profile and sessions

TEST_CASE("a user renames themselves") {
  TestServer s(kOpen);
  auto u = register_user(s, "alice@corp.example");
  auto r = s.patch("/api/auth/me", obj({{"name", quote("Alice Liddell")}}), u.auth());
  REQUIRE(r.status == 200);
  CHECK(r.str("name") == "Alice Liddell");
  CHECK(s.get("/api/auth/me", u.auth()).str("name") == "Alice Liddell");
  CHECK(s.patch("/api/auth/me", obj({{"name", quote("")}}), u.auth()).status == 400);
}

TEST_CASE("changing the password needs the current one and signs the other sessions out") {
  TestServer s(kOpen);
  auto here = register_user(s, "alice@corp.example");
  auto elsewhere = login(s, "alice@corp.example");
  auto wrong = s.post("/api/auth/password", obj({{"currentPassword", quote("not-my-pw-1")}, {"newPassword", quote("fresh-password-2")}}),
                      here.auth());
  CHECK(wrong.status == 400);
  CHECK(wrong.str("error.details.field") == "currentPassword");
  CHECK(s.get("/api/auth/me", here.auth()).status == 200);  // a typo does not end the session
  auto weak = s.post("/api/auth/password", obj({{"currentPassword", quote(kPassword)}, {"newPassword", quote("short")}}), here.auth());
  CHECK(weak.status == 400);
  auto ok = s.post("/api/auth/password", obj({{"currentPassword", quote(kPassword)}, {"newPassword", quote("fresh-password-2")}}),
                   here.auth());
  REQUIRE(ok.status == 200);
  CHECK(s.get("/api/auth/me", here.auth()).status == 200);
  CHECK(s.get("/api/auth/me", elsewhere.auth()).status == 401);
  CHECK(login_raw(s, "alice@corp.example", "fresh-password-2").status == 200);
}

TEST_CASE("without email, a changed address applies at once and is unverified") {
  TestServer s(kOpen);
  auto u = register_user(s, "alice@corp.example");
  register_user(s, "taken@corp.example");
  auto taken = s.post("/api/auth/email", obj({{"email", quote("taken@corp.example")}, {"currentPassword", quote(kPassword)}}),
                      u.auth());
  CHECK(taken.status == 409);
  auto wrong = s.post("/api/auth/email", obj({{"email", quote("new@corp.example")}, {"currentPassword", quote("nope-nope-1")}}),
                      u.auth());
  CHECK(wrong.status == 400);
  auto r = s.post("/api/auth/email", obj({{"email", quote("New@Corp.Example")}, {"currentPassword", quote(kPassword)}}),
                  u.auth());
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(r.str("email") == "new@corp.example");
  CHECK_FALSE(is_true(r, "emailVerified"));
  CHECK(login_raw(s, "new@corp.example").status == 200);
}

TEST_CASE("a user lists their sessions and signs one or all others out") {
  TestServer s(kOpen);
  auto here = register_user(s, "alice@corp.example");
  auto laptop = login(s, "alice@corp.example");
  auto phone = login(s, "alice@corp.example");
  auto list = s.get("/api/auth/sessions", here.auth());
  REQUIRE(list.status == 200);
  REQUIRE(list.at("data")->Size() == 3);
  int current = 0;
  std::string laptop_id;
  for (const auto& sess : list.at("data")->GetArray()) {
    if (sess["current"].GetBool()) ++current;
    CHECK(std::string(sess["id"].GetString()).rfind("session_", 0) == 0);
  }
  CHECK(current == 1);
  CHECK(list.body.find(here.token) == std::string::npos);  // tokens never shown
  // The laptop's id, from the laptop's own list.
  auto from_laptop = s.get("/api/auth/sessions", laptop.auth());
  for (const auto& sess : from_laptop.at("data")->GetArray())
    if (sess["current"].GetBool()) laptop_id = sess["id"].GetString();
  REQUIRE_FALSE(laptop_id.empty());
  CHECK(s.del("/api/auth/sessions/" + laptop_id, here.auth()).status == 200);
  CHECK(s.get("/api/auth/me", laptop.auth()).status == 401);
  CHECK(s.get("/api/auth/me", phone.auth()).status == 200);
  CHECK(s.del("/api/auth/sessions/" + laptop_id, here.auth()).status == 404);
  CHECK(s.del("/api/auth/sessions", here.auth()).status == 200);
  CHECK(s.get("/api/auth/me", phone.auth()).status == 401);
  CHECK(s.get("/api/auth/me", here.auth()).status == 200);
  // Another user's session id is not found.
  auto bob = register_user(s, "bob@corp.example");
  auto mine = s.get("/api/auth/sessions", here.auth()).str("data.0.id");
  CHECK(s.del("/api/auth/sessions/" + mine, bob.auth()).status == 404);
  CHECK(s.get("/api/auth/me", here.auth()).status == 200);
}

TEST_CASE("API keys cannot reach the account endpoints") {
  TestServer s(kOpen);
  auto u = register_user(s, "alice@corp.example");
  auto ws = create_workspace(s, u);
  std::string key = create_key(s, u, ws.project_id, "admin");
  CHECK(s.get("/api/auth/sessions", Auth::key(key)).status == 403);
  CHECK(s.patch("/api/auth/me", obj({{"name", quote("x")}}), Auth::key(key)).status == 403);
  CHECK(s.post("/api/auth/password", obj({{"currentPassword", quote(kPassword)}, {"newPassword", quote("via-a-key-1")}}),
               Auth::key(key)).status == 403);
}

// ---------------------------------------------------------------- run-failure email opt-in

TEST_CASE("members opt in to run-failure email per project and branch; other teams see nothing") {
  TestServer s(kOpen);
  Admin a(s);
  auto viewer = add_member(s, a.owner, a.ws.team_id, "v@corp.example", "viewer");
  auto add = [&](const Session& who, const std::string& project, const std::string& branch_json) {
    return s.post("/api/run-failure-emails", obj({{"projectId", quote(project)}, {"branch", branch_json}}), who.auth());
  };
  auto main_only = add(viewer, a.ws.project_id, quote("main"));
  REQUIRE_MESSAGE(main_only.status == 201, main_only.body);
  CHECK(main_only.str("branch") == "main");
  auto any = add(viewer, a.ws.project_id, "null");
  REQUIRE(any.status == 201);
  CHECK(any.is_null("branch"));
  CHECK(add(viewer, a.ws.project_id, quote("main")).str("id") == main_only.str("id"));  // no duplicate
  auto list = s.get("/api/run-failure-emails?projectId=" + a.ws.project_id, viewer.auth());
  CHECK(list.at("data")->Size() == 2);
  CHECK(s.get("/api/run-failure-emails?projectId=" + a.ws.project_id, a.owner.auth()).at("data")->Size() == 0);
  auto outsider = register_user(s, "out@elsewhere.example");
  CHECK(add(outsider, a.ws.project_id, "null").status == 404);
  CHECK(s.get("/api/run-failure-emails?projectId=" + a.ws.project_id, outsider.auth()).status == 404);
  CHECK(s.del("/api/run-failure-emails/" + main_only.str("id"), outsider.auth()).status == 404);
  CHECK(s.del("/api/run-failure-emails/" + main_only.str("id"), viewer.auth()).status == 200);
  CHECK(s.get("/api/run-failure-emails?projectId=" + a.ws.project_id, viewer.auth()).at("data")->Size() == 1);
}
