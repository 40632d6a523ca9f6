// Users, sessions and sign-up over real HTTP (contract §2, §4): register, login,
// logout, /api/auth/me, the session cookie, expiry, sign-up modes, the failed-login
// throttle, the cross-site Origin check, and secrets kept out of the log.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "support/server.h"

using namespace euriqa::test;

namespace {

const std::string kPassword = "correct-horse-9";

Result register_raw(TestServer& s, const std::string& body, const httplib::Headers& headers = {}) {
  return s.request("POST", "/api/auth/register", body, Auth::none(), headers);
}

Result register_with(TestServer& s, const std::string& email, const std::string& password = kPassword,
                     const std::string& name = "Test User") {
  return register_raw(s, obj({{"email", quote(email)}, {"password", quote(password)}, {"name", quote(name)}}));
}

Result login_raw(TestServer& s, const std::string& email, const std::string& password) {
  return s.post("/api/auth/login", obj({{"email", quote(email)}, {"password", quote(password)}}));
}

// The attributes of a Set-Cookie value after the name=value pair, e.g. {"HttpOnly", "Path=/"}.
std::set<std::string> cookie_attributes(const std::string& set_cookie) {
  std::set<std::string> out;
  size_t i = set_cookie.find(';');
  while (i != std::string::npos) {
    size_t j = set_cookie.find(';', i + 1);
    std::string part = set_cookie.substr(i + 1, j == std::string::npos ? std::string::npos : j - i - 1);
    while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (!part.empty()) out.insert(part);
    i = j;
  }
  return out;
}

bool is_user_id(const std::string& id) { return std::regex_match(id, std::regex("user_[A-Za-z0-9]{16,}")); }

bool is_rfc3339_utc(const std::string& t) {
  return std::regex_match(t, std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z)"));
}

// Asserts the contract's validation error shape naming field and reason.
void check_validation(const Result& r, const std::string& field, const std::string& reason) {
  CHECK_MESSAGE(r.status == 400, r.body);
  CHECK(r.error_code() == "VALIDATION_ERROR");
  CHECK_FALSE(r.str("error.message").empty());
  CHECK(r.str("error.details.field") == field);
  CHECK(r.str("error.details.reason") == reason);
  CHECK(cookie_token(r).empty());
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

SQLite::Database open_db(const TestServer& s) {
  return SQLite::Database(s.data_dir() + "/euriqa.db", SQLite::OPEN_READWRITE, 5000);
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string origin_of(const TestServer& s) { return "http://127.0.0.1:" + std::to_string(s.port()); }

}  // namespace

// ---------------------------------------------------------------- register

TEST_CASE("register answers 201 with every user field and sets the session cookie") {
  TestServer s;
  auto r = register_with(s, "alice@example.com", kPassword, "Alice Smith");
  REQUIRE_MESSAGE(r.status == 201, r.body);
  CHECK(r.header("Content-Type") == "application/json; charset=utf-8");
  CHECK(is_user_id(r.str("id")));
  CHECK(r.str("email") == "alice@example.com");
  CHECK(r.str("name") == "Alice Smith");
  CHECK(is_rfc3339_utc(r.str("createdAt")));
  REQUIRE(r.json.IsObject());
  CHECK(r.json.MemberCount() == 5);  // id, email, name, emailVerified, createdAt: nothing secret
  CHECK(r.body.find(kPassword) == std::string::npos);
  CHECK(r.body.find("$argon2") == std::string::npos);
  CHECK_FALSE(cookie_token(r).empty());
}

TEST_CASE("register gives each user a distinct unguessable id") {
  TestServer s({"--signup", "open"});
  auto a = register_with(s, "a@example.com");
  auto b = register_with(s, "b@example.com");
  REQUIRE(a.status == 201);
  REQUIRE(b.status == 201);
  CHECK(is_user_id(a.str("id")));
  CHECK(is_user_id(b.str("id")));
  CHECK(a.str("id") != b.str("id"));
}

TEST_CASE("register stores the email lower-cased") {
  TestServer s;
  auto r = register_with(s, "Alice.Smith@Example.COM");
  REQUIRE_MESSAGE(r.status == 201, r.body);
  CHECK(r.str("email") == "alice.smith@example.com");
  auto me = s.get("/api/auth/me", Auth::session(cookie_token(r)));
  CHECK(me.str("email") == "alice.smith@example.com");
}

TEST_CASE("register refuses an email already used in another case with 409 CONFLICT") {
  TestServer s({"--signup", "open"});
  REQUIRE(register_with(s, "alice@example.com").status == 201);
  auto r = register_with(s, "ALICE@Example.com", "another-password-1");
  CHECK(r.status == 409);
  CHECK(r.error_code() == "CONFLICT");
  CHECK(cookie_token(r).empty());
  // The original password still signs in: nothing was overwritten.
  CHECK(login_raw(s, "alice@example.com", kPassword).status == 200);
  CHECK(login_raw(s, "alice@example.com", "another-password-1").status == 401);
}

TEST_CASE("register without email is a validation error naming email/required") {
  TestServer s;
  check_validation(register_raw(s, obj({{"password", quote(kPassword)}, {"name", quote("A")}})), "email", "required");
}

TEST_CASE("register with a malformed email is a validation error naming email/invalid_value") {
  TestServer s;
  for (const char* bad : {"not-an-email", "@example.com", "alice@", "a b@example.com"}) {
    CAPTURE(bad);
    check_validation(register_with(s, bad), "email", "invalid_value");
  }
}

TEST_CASE("register without password is a validation error naming password/required") {
  TestServer s;
  check_validation(register_raw(s, obj({{"email", quote("a@example.com")}, {"name", quote("A")}})), "password",
                   "required");
}

TEST_CASE("register with a password shorter than 8 characters is refused and creates no user") {
  TestServer s;
  check_validation(register_with(s, "a@example.com", "seven77"), "password", "invalid_value");
  // The refused attempt left nothing behind: the same email registers afterwards,
  // and (invite-only) as the first user of the instance.
  auto ok = register_with(s, "a@example.com", "eight888");
  CHECK_MESSAGE(ok.status == 201, ok.body);
}

TEST_CASE("register accepts a password of exactly 8 characters") {
  TestServer s;
  REQUIRE(register_with(s, "a@example.com", "12345678").status == 201);
  CHECK(login_raw(s, "a@example.com", "12345678").status == 200);
}

TEST_CASE("register with wrongly typed fields is a validation error naming the field/invalid_type") {
  TestServer s;
  check_validation(register_raw(s, obj({{"email", "42"}, {"password", quote(kPassword)}, {"name", quote("A")}})),
                   "email", "invalid_type");
  check_validation(
      register_raw(s, obj({{"email", quote("a@example.com")}, {"password", "12345678"}, {"name", quote("A")}})),
      "password", "invalid_type");
  check_validation(
      register_raw(s, obj({{"email", quote("a@example.com")}, {"password", quote(kPassword)}, {"name", "true"}})),
      "name", "invalid_type");
  check_validation(
      register_raw(s, obj({{"email", "[\"a@example.com\"]"}, {"password", quote(kPassword)}, {"name", quote("A")}})),
      "email", "invalid_type");
}

TEST_CASE("register with malformed JSON is 400 INVALID_JSON") {
  TestServer s;
  auto r = register_raw(s, "{\"email\": \"a@example.com\", ");
  CHECK(r.status == 400);
  CHECK(r.error_code() == "INVALID_JSON");
}

// ---------------------------------------------------------------- login

TEST_CASE("login answers 200 with the user and a new session cookie") {
  TestServer s;
  auto reg = register_with(s, "alice@example.com", kPassword, "Alice");
  REQUIRE(reg.status == 201);
  auto r = login_raw(s, "alice@example.com", kPassword);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(r.str("id") == reg.str("id"));
  CHECK(r.str("email") == "alice@example.com");
  CHECK(r.str("name") == "Alice");
  CHECK(r.str("createdAt") == reg.str("createdAt"));
  CHECK(r.at("password") == nullptr);
  std::string token = cookie_token(r);
  REQUIRE_FALSE(token.empty());
  CHECK(token != cookie_token(reg));
  auto me = s.get("/api/auth/me", Auth::session(token));
  CHECK(me.status == 200);
  CHECK(me.str("id") == reg.str("id"));
}

TEST_CASE("login treats the email case-insensitively") {
  TestServer s;
  REQUIRE(register_with(s, "alice@example.com").status == 201);
  auto r = login_raw(s, "  ALICE@Example.Com", kPassword);
  CHECK_MESSAGE(r.status == 200, r.body);
  CHECK(r.str("email") == "alice@example.com");
}

TEST_CASE("login with a wrong password is 401 INVALID_CREDENTIALS without a cookie") {
  TestServer s;
  REQUIRE(register_with(s, "alice@example.com").status == 201);
  auto r = login_raw(s, "alice@example.com", "wrong-password-1");
  CHECK(r.status == 401);
  CHECK(r.error_code() == "INVALID_CREDENTIALS");
  CHECK(r.header("Set-Cookie").empty());
}

TEST_CASE("login with an unknown email is 401 INVALID_CREDENTIALS, indistinguishable from a wrong password") {
  TestServer s;
  REQUIRE(register_with(s, "alice@example.com").status == 201);
  auto unknown = login_raw(s, "nobody@example.com", kPassword);
  auto wrong = login_raw(s, "alice@example.com", "wrong-password-1");
  CHECK(unknown.status == 401);
  CHECK(unknown.error_code() == "INVALID_CREDENTIALS");
  CHECK(unknown.header("Set-Cookie").empty());
  CHECK(unknown.str("error.message") == wrong.str("error.message"));
}

TEST_CASE("login without a password is a validation error naming password/required") {
  TestServer s;
  REQUIRE(register_with(s, "alice@example.com").status == 201);
  check_validation(s.post("/api/auth/login", obj({{"email", quote("alice@example.com")}})), "password", "required");
}

// ---------------------------------------------------------------- cookie

TEST_CASE("the session cookie is HttpOnly, SameSite=Lax, Path=/ and not Secure over http") {
  TestServer s;
  auto r = register_with(s, "alice@example.com");
  REQUIRE(r.status == 201);
  std::string c = r.header("Set-Cookie");
  CAPTURE(c);
  CHECK(c.rfind("sb-access-token=", 0) == 0);
  auto attrs = cookie_attributes(c);
  CHECK(attrs.count("HttpOnly") == 1);
  CHECK(attrs.count("SameSite=Lax") == 1);
  CHECK(attrs.count("Path=/") == 1);
  CHECK(attrs.count("Secure") == 0);
  // Login sets the same kind of cookie.
  auto l = login_raw(s, "alice@example.com", kPassword);
  auto lattrs = cookie_attributes(l.header("Set-Cookie"));
  CHECK(lattrs.count("HttpOnly") == 1);
  CHECK(lattrs.count("SameSite=Lax") == 1);
  CHECK(lattrs.count("Path=/") == 1);
  CHECK(lattrs.count("Secure") == 0);
}

TEST_CASE("the session cookie is Secure when the base URL is https") {
  TestServer s({"--base-url", "https://euriqa.example.com"});
  auto r = register_with(s, "alice@example.com");
  REQUIRE_MESSAGE(r.status == 201, r.body);
  auto attrs = cookie_attributes(r.header("Set-Cookie"));
  CAPTURE(r.header("Set-Cookie"));
  CHECK(attrs.count("Secure") == 1);
  CHECK(attrs.count("HttpOnly") == 1);
  CHECK(attrs.count("SameSite=Lax") == 1);
  CHECK(attrs.count("Path=/") == 1);
  auto l = login_raw(s, "alice@example.com", kPassword);
  CHECK(cookie_attributes(l.header("Set-Cookie")).count("Secure") == 1);
}

TEST_CASE("the session cookie is not Secure when the base URL is plain http") {
  TestServer s({"--base-url", "http://euriqa.internal:8080"});
  auto r = register_with(s, "alice@example.com");
  REQUIRE_MESSAGE(r.status == 201, r.body);
  CHECK(cookie_attributes(r.header("Set-Cookie")).count("Secure") == 0);
}

TEST_CASE("session tokens are long, random, and stored only as a hash") {
  TestServer s;
  auto reg = register_with(s, "alice@example.com");
  REQUIRE(reg.status == 201);
  std::string t1 = cookie_token(reg);
  std::string t2 = cookie_token(login_raw(s, "alice@example.com", kPassword));
  CHECK(t1.size() >= 32);
  CHECK(t2.size() >= 32);
  CHECK(t1 != t2);
  auto db = open_db(s);
  SQLite::Statement q(db, "SELECT token_hash FROM sessions WHERE user_id = ?");
  q.bind(1, reg.str("id"));
  int rows = 0;
  while (q.executeStep()) {
    ++rows;
    std::string stored = q.getColumn(0).getString();
    CHECK(stored != t1);
    CHECK(stored != t2);
    CHECK(stored.find(t1) == std::string::npos);
    CHECK(stored.find(t2) == std::string::npos);
  }
  CHECK(rows == 2);
}

// ---------------------------------------------------------------- logout

TEST_CASE("logout answers success and the old token is refused afterwards") {
  TestServer s;
  auto reg = register_with(s, "alice@example.com");
  REQUIRE(reg.status == 201);
  auto auth = Auth::session(cookie_token(reg));
  REQUIRE(s.get("/api/auth/me", auth).status == 200);
  auto out = s.post("/api/auth/logout", "", auth);
  CHECK_MESSAGE(out.status == 200, out.body);
  REQUIRE(out.at("success") != nullptr);
  CHECK(out.at("success")->IsBool());
  CHECK(out.at("success")->GetBool());
  // The browser is told to drop the cookie ...
  std::string c = out.header("Set-Cookie");
  CHECK(c.rfind("sb-access-token=;", 0) == 0);
  // ... and, replayed anyway, the token no longer works: revoked server-side.
  auto me = s.get("/api/auth/me", auth);
  CHECK(me.status == 401);
  CHECK(me.error_code() == "UNAUTHORIZED");
  CHECK(s.post("/api/auth/logout", "", auth).status == 401);
}

TEST_CASE("logout revokes only the session it was called with") {
  TestServer s;
  REQUIRE(register_with(s, "alice@example.com").status == 201);
  auto laptop = login(s, "alice@example.com");
  auto phone = login(s, "alice@example.com");
  REQUIRE(s.post("/api/auth/logout", "", laptop.auth()).status == 200);
  CHECK(s.get("/api/auth/me", laptop.auth()).status == 401);
  CHECK(s.get("/api/auth/me", phone.auth()).status == 200);
}

TEST_CASE("logout removes the session row from the database") {
  TestServer s;
  auto reg = register_with(s, "alice@example.com");
  REQUIRE(reg.status == 201);
  auto count = [&] {
    auto db = open_db(s);
    SQLite::Statement q(db, "SELECT COUNT(*) FROM sessions WHERE user_id = ?");
    q.bind(1, reg.str("id"));
    q.executeStep();
    return q.getColumn(0).getInt();
  };
  REQUIRE(count() == 1);
  REQUIRE(s.post("/api/auth/logout", "", Auth::session(cookie_token(reg))).status == 200);
  CHECK(count() == 0);
}

// ---------------------------------------------------------------- me

TEST_CASE("me returns the user with an empty team list before any team exists") {
  TestServer s;
  auto reg = register_with(s, "alice@example.com", kPassword, "Alice");
  REQUIRE(reg.status == 201);
  auto me = s.get("/api/auth/me", Auth::session(cookie_token(reg)));
  REQUIRE_MESSAGE(me.status == 200, me.body);
  CHECK(me.str("id") == reg.str("id"));
  CHECK(me.str("email") == "alice@example.com");
  CHECK(me.str("name") == "Alice");
  CHECK(me.str("createdAt") == reg.str("createdAt"));
  REQUIRE(me.at("teams") != nullptr);
  REQUIRE(me.at("teams")->IsArray());
  CHECK(me.at("teams")->Size() == 0);
  CHECK(me.at("password") == nullptr);
}

TEST_CASE("me lists the caller's teams with id, name and role") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner, "Platform");
  auto viewer = add_member(s, owner, ws.team_id, "viewer@example.com", "viewer");

  auto me = s.get("/api/auth/me", owner.auth());
  REQUIRE_MESSAGE(me.status == 200, me.body);
  REQUIRE(me.at("teams")->Size() == 1);
  CHECK(me.str("teams.0.id") == ws.team_id);
  CHECK(me.str("teams.0.name") == "Platform");
  CHECK(me.str("teams.0.role") == "owner");
  CHECK(me.at("teams.0")->MemberCount() == 3);

  auto vme = s.get("/api/auth/me", viewer.auth());
  REQUIRE(vme.status == 200);
  REQUIRE(vme.at("teams")->Size() == 1);
  CHECK(vme.str("teams.0.id") == ws.team_id);
  CHECK(vme.str("teams.0.role") == "viewer");
}

TEST_CASE("me lists every team the user belongs to") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto a = create_workspace(s, owner, "Alpha");
  auto b = create_workspace(s, owner, "Beta");
  auto me = s.get("/api/auth/me", owner.auth());
  REQUIRE(me.status == 200);
  REQUIRE(me.at("teams")->Size() == 2);
  std::set<std::string> ids = {me.str("teams.0.id"), me.str("teams.1.id")};
  std::set<std::string> names = {me.str("teams.0.name"), me.str("teams.1.name")};
  CHECK(ids == std::set<std::string>{a.team_id, b.team_id});
  CHECK(names == std::set<std::string>{"Alpha", "Beta"});
}

TEST_CASE("me without authentication is 401 with the error shape") {
  TestServer s;
  auto r = s.get("/api/auth/me");
  CHECK(r.status == 401);
  CHECK(r.header("Content-Type") == "application/json; charset=utf-8");
  CHECK(r.error_code() == "UNAUTHORIZED");
  CHECK_FALSE(r.str("error.message").empty());
  REQUIRE(r.at("error.details") != nullptr);
  CHECK(r.at("error.details")->IsObject());
}

TEST_CASE("me with an unknown session token is 401") {
  TestServer s;
  REQUIRE(register_with(s, "alice@example.com").status == 201);
  auto r = s.get("/api/auth/me", Auth::session("not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
  CHECK(r.status == 401);
  CHECK(r.error_code() == "UNAUTHORIZED");
}

// ---------------------------------------------------------------- expiry

TEST_CASE("sessions last 30 days by default") {
  TestServer s;
  int64_t before = now_ms();
  auto reg = register_with(s, "alice@example.com");
  int64_t after = now_ms();
  REQUIRE(reg.status == 201);
  const int64_t thirty_days = int64_t(30) * 24 * 3600 * 1000;
  auto db = open_db(s);
  SQLite::Statement q(db, "SELECT expires_at FROM sessions WHERE user_id = ?");
  q.bind(1, reg.str("id"));
  REQUIRE(q.executeStep());
  int64_t expires = q.getColumn(0).getInt64();
  CHECK(expires >= before + thirty_days - 1000);
  CHECK(expires <= after + thirty_days + 1000);
  CHECK(cookie_attributes(reg.header("Set-Cookie")).count("Max-Age=2592000") == 1);
}

TEST_CASE("an expired session is refused with 401") {
  TestServer s;
  auto reg = register_with(s, "alice@example.com");
  REQUIRE(reg.status == 201);
  auto auth = Auth::session(cookie_token(reg));
  REQUIRE(s.get("/api/auth/me", auth).status == 200);
  {
    auto db = open_db(s);
    SQLite::Statement u(db, "UPDATE sessions SET expires_at = ? WHERE user_id = ?");
    u.bind(1, now_ms() - 1000);
    u.bind(2, reg.str("id"));
    REQUIRE(u.exec() == 1);
  }
  auto r = s.get("/api/auth/me", auth);
  CHECK(r.status == 401);
  CHECK(r.error_code() == "UNAUTHORIZED");
  // A fresh login still works.
  auto again = login(s, "alice@example.com");
  CHECK(s.get("/api/auth/me", again.auth()).status == 200);
}

// ---------------------------------------------------------------- sign-up modes

TEST_CASE("open sign-up lets anyone register") {
  TestServer s({"--signup", "open"});
  CHECK(register_with(s, "a@example.com").status == 201);
  CHECK(register_with(s, "b@example.com").status == 201);
  CHECK(register_with(s, "c@example.com").status == 201);
}

TEST_CASE("invite-only is the default and lets the first user of an empty instance register") {
  TestServer s;
  auto first = register_with(s, "first@example.com");
  CHECK_MESSAGE(first.status == 201, first.body);
  auto second = register_with(s, "second@example.com");
  CHECK(second.status == 403);
  CHECK(second.error_code() == "SIGNUP_DISABLED");
  CHECK(cookie_token(second).empty());
  CHECK(login_raw(s, "second@example.com", kPassword).status == 401);  // no user was created
}

// Contract §11: in invite-only mode, the invitation's link (its token) is what admits a
// registration, not the invitation's existence (anyone could type the invited email).
Result register_with_token(TestServer& s, const std::string& email, const Result& inv) {
  return s.post("/api/auth/register", obj({{"email", quote(email)}, {"password", quote(kPassword)},
                                           {"inviteToken", quote(invite_token(inv))}}));
}

TEST_CASE("invite-only sign-up admits an email with its invitation link") {
  TestServer s({"--signup", "invite-only"});
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  REQUIRE(register_with(s, "guest@example.com").status == 403);
  auto inv = s.post("/api/team-members",
                    obj({{"teamId", quote(ws.team_id)}, {"email", quote("guest@example.com")}, {"role", quote("member")}}),
                    owner.auth());
  REQUIRE_MESSAGE(inv.status == 201, inv.body);
  auto without_link = register_with(s, "guest@example.com");
  CHECK(without_link.status == 403);
  CHECK(without_link.error_code() == "SIGNUP_DISABLED");
  auto r = register_with_token(s, "guest@example.com", inv);
  CHECK_MESSAGE(r.status == 201, r.body);
  // The invitation is for that email only.
  auto other = register_with(s, "other@example.com");
  CHECK(other.status == 403);
  CHECK(other.error_code() == "SIGNUP_DISABLED");
}

TEST_CASE("invite-only sign-up matches the invited email case-insensitively") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto inv = s.post("/api/team-members",
                    obj({{"teamId", quote(ws.team_id)}, {"email", quote("Guest@Example.com")}, {"role", quote("viewer")}}),
                    owner.auth());
  REQUIRE_MESSAGE(inv.status == 201, inv.body);
  auto r = register_with_token(s, "GUEST@example.COM", inv);
  CHECK_MESSAGE(r.status == 201, r.body);
  CHECK(r.str("email") == "guest@example.com");
}

TEST_CASE("invite-only sign-up refuses an email whose invitation was revoked") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto inv = s.post("/api/team-members",
                    obj({{"teamId", quote(ws.team_id)}, {"email", quote("guest@example.com")}, {"role", quote("member")}}),
                    owner.auth());
  REQUIRE_MESSAGE(inv.status == 201, inv.body);
  auto del = s.del("/api/invitations/" + inv.str("id"), owner.auth());
  REQUIRE_MESSAGE(del.status == 200, del.body);
  auto r = register_with_token(s, "guest@example.com", inv);
  CHECK(r.status == 403);
  CHECK(r.error_code() == "SIGNUP_DISABLED");
}

TEST_CASE("closed sign-up refuses every registration, even the first, with 403 SIGNUP_DISABLED") {
  TestServer s({"--signup", "closed"});
  auto r = register_with(s, "first@example.com");
  CHECK(r.status == 403);
  CHECK(r.error_code() == "SIGNUP_DISABLED");
  CHECK_FALSE(r.str("error.message").empty());
  CHECK(cookie_token(r).empty());
  CHECK(login_raw(s, "first@example.com", kPassword).status == 401);
}

// ---------------------------------------------------------------- failed-login throttle

TEST_CASE("ten consecutive failed logins for one email block it with 429 and Retry-After, even with the right password") {
  TestServer s;
  REQUIRE(register_with(s, "alice@example.com").status == 201);
  for (int i = 0; i < 10; ++i) {
    auto r = login_raw(s, "alice@example.com", "wrong-password-" + std::to_string(i));
    REQUIRE_MESSAGE(r.status == 401, "attempt " << i + 1 << ": " << r.body);
  }
  auto r = login_raw(s, "alice@example.com", kPassword);
  CHECK(r.status == 429);
  CHECK(r.error_code() == "RATE_LIMITED");
  CHECK(r.header("Set-Cookie").empty());
  std::string retry = r.header("Retry-After");
  REQUIRE_FALSE(retry.empty());
  REQUIRE(retry.find_first_not_of("0123456789") == std::string::npos);
  int secs = std::stoi(retry);
  CHECK(secs > 0);
  CHECK(secs <= 15 * 60);
}

TEST_CASE("nine failed logins do not block, and a success starts the count again") {
  TestServer s;
  REQUIRE(register_with(s, "alice@example.com").status == 201);
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 9; ++i) REQUIRE(login_raw(s, "alice@example.com", "wrong-password-1").status == 401);
    auto ok = login_raw(s, "alice@example.com", kPassword);
    CHECK_MESSAGE(ok.status == 200, "round " << round << ": " << ok.body);
  }
}

TEST_CASE("failed logins are counted per email: another email still signs in while one is blocked") {
  // Every request comes from 127.0.0.1, which is counted too; a successful login
  // from the address resets the address count but not alice's email count.
  TestServer s({"--signup", "open"});
  REQUIRE(register_with(s, "alice@example.com").status == 201);
  REQUIRE(register_with(s, "bob@example.com").status == 201);
  for (int i = 0; i < 9; ++i) REQUIRE(login_raw(s, "alice@example.com", "wrong-password-1").status == 401);
  REQUIRE(login_raw(s, "bob@example.com", kPassword).status == 200);
  REQUIRE(login_raw(s, "alice@example.com", "wrong-password-1").status == 401);  // alice: 10th failure
  auto alice = login_raw(s, "alice@example.com", kPassword);
  CHECK(alice.status == 429);
  CHECK_FALSE(alice.header("Retry-After").empty());
  auto bob = login_raw(s, "bob@example.com", kPassword);
  CHECK_MESSAGE(bob.status == 200, bob.body);
}

// Contract §12: one email's failures do not lock other emails out of an address
// (behind a reverse proxy every user shares it); the address itself is blocked only
// at 100 failures in the window.
TEST_CASE("ten failed logins for one email do not lock another email out of the same address") {
  TestServer s({"--signup", "open"});
  REQUIRE(register_with(s, "a@example.com").status == 201);
  REQUIRE(register_with(s, "b@example.com").status == 201);
  for (int i = 0; i < 10; ++i) REQUIRE(login_raw(s, "a@example.com", "wrong-password-1").status == 401);
  CHECK(login_raw(s, "a@example.com", kPassword).status == 429);
  auto b = login_raw(s, "b@example.com", kPassword);
  CHECK_MESSAGE(b.status == 200, b.body);
}

TEST_CASE("an address is blocked only after 100 failed logins over different emails") {
  TestServer s;
  REQUIRE(register_with(s, "alice@example.com").status == 201);
  for (int i = 0; i < 99; ++i) {
    auto r = login_raw(s, "guess" + std::to_string(i) + "@example.com", "wrong-password-1");
    REQUIRE_MESSAGE(r.status == 401, "attempt " << i + 1 << ": " << r.body);
  }
  CHECK(login_raw(s, "alice@example.com", kPassword).status == 200);  // 99 failures: not yet
  REQUIRE(login_raw(s, "guess99@example.com", "wrong-password-1").status == 401);
  auto r = login_raw(s, "alice@example.com", kPassword);
  CHECK(r.status == 429);
  CHECK_FALSE(r.header("Retry-After").empty());
}

namespace {
Result login_from(TestServer& s, const std::string& forwarded_for, const std::string& email, const std::string& password) {
  return s.request("POST", "/api/auth/login", obj({{"email", quote(email)}, {"password", quote(password)}}), {},
                   {{"X-Forwarded-For", forwarded_for}});
}
std::string trusting_loopback_config() {
  std::string dir = make_temp_dir();
  std::string path = dir + "/euriqa.json";
  std::FILE* f = std::fopen(path.c_str(), "w");
  REQUIRE(f);
  std::fputs(R"({"trustedProxies": ["127.0.0.1/32"]})", f);
  std::fclose(f);
  return path;
}
}  // namespace

TEST_CASE("behind a trusted proxy, failures count per forwarded client address") {
  TestServer s({"--config", trusting_loopback_config()});
  REQUIRE(register_with(s, "alice@example.com").status == 201);
  for (int i = 0; i < 10; ++i)
    REQUIRE(login_from(s, "203.0.113.7", "alice@example.com", "wrong-password-1").status == 401);
  CHECK(login_from(s, "203.0.113.7", "alice@example.com", kPassword).status == 429);
  // Another client behind the same proxy is not locked out of the same account...
  CHECK(login_from(s, "203.0.113.8", "alice@example.com", kPassword).status == 200);
  // ...and a client cannot pick its own key: only the right-most untrusted entry counts.
  for (int i = 0; i < 10; ++i)
    REQUIRE(login_from(s, "198.51.100." + std::to_string(i) + ", 203.0.113.9", "alice@example.com",
                       "wrong-password-1").status == 401);
  CHECK(login_from(s, "198.51.100.200, 203.0.113.9", "alice@example.com", kPassword).status == 429);
}

TEST_CASE("without trustedProxies, X-Forwarded-For is ignored") {
  TestServer s;
  REQUIRE(register_with(s, "alice@example.com").status == 201);
  for (int i = 0; i < 10; ++i)
    REQUIRE(login_from(s, "203.0.113." + std::to_string(i), "alice@example.com", "wrong-password-1").status == 401);
  CHECK(login_from(s, "203.0.113.99", "alice@example.com", kPassword).status == 429);
}

TEST_CASE("50 failures for one email from many addresses block that email everywhere") {
  TestServer s({"--config", trusting_loopback_config()});
  REQUIRE(register_with(s, "alice@example.com").status == 201);
  for (int i = 0; i < 50; ++i) {
    std::string client = "203.0.113." + std::to_string(i / 9);  // under 10 per address
    REQUIRE(login_from(s, client, "alice@example.com", "wrong-password-1").status == 401);
  }
  CHECK(login_from(s, "198.51.100.1", "alice@example.com", kPassword).status == 429);
}

// ---------------------------------------------------------------- cross-site Origin check

TEST_CASE("a cookie-authenticated POST from another origin is refused with 403 and has no effect") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto r = s.request("POST", "/api/teams", obj({{"name", quote("Evil")}}), owner.auth(),
                     {{"Origin", "http://evil.example"}});
  CHECK(r.status == 403);
  CHECK(r.error_code() == "FORBIDDEN");
  auto teams = s.get("/api/teams", owner.auth());
  REQUIRE(teams.status == 200);
  CHECK(teams.at("data")->Size() == 0);
}

TEST_CASE("a cookie-authenticated POST with the opaque Origin 'null' is refused") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto r = s.request("POST", "/api/teams", obj({{"name", quote("Sandboxed")}}), owner.auth(), {{"Origin", "null"}});
  CHECK(r.status == 403);
  CHECK(r.error_code() == "FORBIDDEN");
}

TEST_CASE("a cross-origin logout is refused and the session stays valid") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto r = s.request("POST", "/api/auth/logout", "", owner.auth(), {{"Origin", "http://evil.example"}});
  CHECK(r.status == 403);
  CHECK(s.get("/api/auth/me", owner.auth()).status == 200);
}

TEST_CASE("a cookie-authenticated POST from the server's own origin is allowed") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto r = s.request("POST", "/api/teams", obj({{"name", quote("Mine")}}), owner.auth(), {{"Origin", origin_of(s)}});
  CHECK_MESSAGE(r.status == 201, r.body);
  CHECK(r.str("name") == "Mine");
}

TEST_CASE("a cookie-authenticated POST without an Origin header is allowed") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto r = s.post("/api/teams", obj({{"name", quote("Mine")}}), owner.auth());
  CHECK_MESSAGE(r.status == 201, r.body);
}

TEST_CASE("a cookie-authenticated GET from another origin is not refused") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto r = s.request("GET", "/api/auth/me", "", owner.auth(), {{"Origin", "http://evil.example"}});
  CHECK(r.status == 200);
}

TEST_CASE("an origin that differs only in port or scheme is another origin") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto other_port = "http://127.0.0.1:" + std::to_string(s.port() == 65535 ? 1 : s.port() + 1);
  CHECK(s.request("POST", "/api/teams", obj({{"name", quote("A")}}), owner.auth(), {{"Origin", other_port}}).status ==
        403);
  CHECK(s.request("POST", "/api/teams", obj({{"name", quote("B")}}), owner.auth(),
                  {{"Origin", "http://127.0.0.1:" + std::to_string(s.port()) + ".evil.example"}})
            .status == 403);
}

TEST_CASE("with a base URL the allowed origin is the base URL's origin") {
  TestServer s({"--base-url", "https://euriqa.example.com/"});
  auto owner = register_user(s, "owner@example.com");
  auto ok = s.request("POST", "/api/teams", obj({{"name", quote("A")}}), owner.auth(),
                      {{"Origin", "https://euriqa.example.com"}});
  CHECK_MESSAGE(ok.status == 201, ok.body);
  auto evil = s.request("POST", "/api/teams", obj({{"name", quote("B")}}), owner.auth(),
                        {{"Origin", "http://evil.example"}});
  CHECK(evil.status == 403);
}

TEST_CASE("API key requests are not subject to the Origin check") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto key = create_key(s, owner, ws.project_id, "admin");
  auto r = s.request("PATCH", "/api/projects/" + ws.project_id + "/settings", obj({{"dataRetentionDays", "30"}}),
                     Auth::key(key), {{"Origin", "http://evil.example"}});
  CHECK_MESSAGE(r.status == 200, r.body);
  CHECK(r.at("dataRetentionDays") != nullptr);
  CHECK(r.at("dataRetentionDays")->GetInt() == 30);
}

// ---------------------------------------------------------------- secrets stay out of the log

TEST_CASE("passwords, session tokens and API keys never appear in the server log") {
  TestServer s;
  const std::string password = "Sup3r-Secret-Register-Pw";
  const std::string wrong = "Wr0ng-Guess-Pw-Do-Not-Log";
  auto reg = register_with(s, "owner@example.com", password);
  REQUIRE(reg.status == 201);
  std::string t1 = cookie_token(reg);
  REQUIRE(login_raw(s, "owner@example.com", wrong).status == 401);
  auto l = login_raw(s, "owner@example.com", password);
  REQUIRE(l.status == 200);
  std::string t2 = cookie_token(l);
  Session owner{reg.str("id"), "owner@example.com", t1};
  auto ws = create_workspace(s, owner);
  auto key = create_key(s, owner, ws.project_id);
  REQUIRE(s.get("/api/auth/me", Auth::key(key)).status == 200);
  REQUIRE(s.post("/api/auth/logout", "", Session{"", "", t2}.auth()).status == 200);
  // A short password is refused: its text must not be echoed either.
  REQUIRE(register_with(s, "x@example.com", "Shrt-Pw").status == 400);
  REQUIRE(s.stop() == 0);

  std::string log = read_file(s.log());
  REQUIRE_FALSE(log.empty());
  CHECK(log.find("/api/auth/login") != std::string::npos);  // the log did record these requests
  CHECK(log.find(password) == std::string::npos);
  CHECK(log.find(wrong) == std::string::npos);
  CHECK(log.find("Shrt-Pw") == std::string::npos);
  CHECK(log.find(t1) == std::string::npos);
  CHECK(log.find(t2) == std::string::npos);
  CHECK(log.find(key) == std::string::npos);
  CHECK(log.find(key.substr(0, 20)) == std::string::npos);
}
