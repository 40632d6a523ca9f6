// GET /api/server-info over real HTTP (no auth): the version, sign-up mode and email
// switch, whether the request's session cookie is a valid session (never a 401, so a
// signed-out dashboard load asks for nothing that fails), and whether the server has no
// account yet.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <string>

#include "support/results.h"
#include "support/server.h"

using namespace euriqa::test;
namespace rs = euriqa::test::results;

namespace {

Result info(TestServer& s, const std::string& cookie = "") {
  return s.request("GET", "/api/server-info", "", cookie.empty() ? Auth{} : Auth::session(cookie));
}

}  // namespace

TEST_CASE("an empty server says so; the first account ends it") {
  TestServer s;  // invite-only, the default
  auto empty = info(s);
  REQUIRE(empty.status == 200);
  CHECK(empty.str("signup") == "invite-only");
  CHECK(!empty.str("version").empty());
  CHECK(empty.json["emailEnabled"].IsBool());
  CHECK(empty.json["firstAccount"].GetBool());
  CHECK_FALSE(empty.json["signedIn"].GetBool());
  register_user(s, "first@example.com");
  CHECK_FALSE(info(s).json["firstAccount"].GetBool());
}

TEST_CASE("signedIn: true for a valid session, false without one or with a dead one, never 401") {
  TestServer s(rs::open_signup());
  auto user = register_user(s, "who@example.com");
  auto in = info(s, user.token);
  REQUIRE(in.status == 200);
  CHECK(in.json["signedIn"].GetBool());
  CHECK_FALSE(in.json["firstAccount"].GetBool());

  auto unknown = info(s, "not-a-session-token");
  CHECK(unknown.status == 200);
  CHECK_FALSE(unknown.json["signedIn"].GetBool());

  REQUIRE(s.post("/api/auth/logout", "{}", user.auth()).status == 200);
  auto after = info(s, user.token);
  CHECK(after.status == 200);
  CHECK_FALSE(after.json["signedIn"].GetBool());

  // An API key is not a browser session.
  auto t = rs::make_tenant(s, "keys@example.com");
  auto key = create_key(s, t.owner, t.project());
  auto with_key = s.get("/api/server-info", Auth::key(key));
  CHECK(with_key.status == 200);
  CHECK_FALSE(with_key.json["signedIn"].GetBool());
}
