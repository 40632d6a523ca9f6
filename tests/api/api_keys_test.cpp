// API keys over real HTTP (docs/openapi.yaml "API Keys"; contract §3): creation, masking,
// authentication, deactivation, expiry, role caps, the key's project scope, and the
// cross-team rule that another team's ids answer exactly like nonexistent ones.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <regex>

#include "support/server.h"
#include "support/tenancy.h"

using namespace euriqa::test;
using namespace euriqa::test::tenancy;

namespace {

const std::vector<std::string> kOpen = {"--signup", "open"};

Result post_key(TestServer& s, const Session& by, const std::string& project_id,
                std::vector<std::pair<std::string, std::string>> extra = {}) {
  std::vector<std::pair<std::string, std::string>> fields = {{"projectId", quote(project_id)},
                                                             {"name", quote("GitHub Actions")}};
  fields.insert(fields.end(), extra.begin(), extra.end());
  return s.post("/api/api-keys", obj(fields), by.auth());
}

std::string settings_path(const std::string& project_id) { return "/api/projects/" + project_id + "/settings"; }

// An owner with a team and a project (and a fresh server).
struct Owned {
  TestServer s;
  Session owner;
  Workspace ws;
  Owned() : s(), owner(register_user(s, "owner@example.com")), ws(create_workspace(s, owner)) {}
};

// Two users, each owning a team with one project; the server allows open sign-up.
struct TwoTeams {
  TestServer s;
  Session alice, bob;
  Workspace a, b;
  TwoTeams()
      : s(kOpen),
        alice(register_user(s, "alice@example.com")),
        bob(register_user(s, "bob@example.com")),
        a(create_workspace(s, alice, "Alice's team", "Alice's project")),
        b(create_workspace(s, bob, "Bob's team", "Bob's project")) {}
};

// A cross-team answer is 404 NOT_FOUND in the error shape, byte-identical to the
// answer for an id that does not exist.
void same_as_missing(const Result& cross, const Result& missing) {
  CHECK(cross.status == 404);
  CHECK(cross.error_code() == "NOT_FOUND");
  CHECK(has_error_shape(cross));
  CHECK(missing.status == 404);
  CHECK(cross.body == missing.body);
}

}  // namespace

// ---------------------------------------------------------------- create, list

TEST_CASE("creating a key answers 201 with the full key and every field") {
  Owned o;
  auto r = post_key(o.s, o.owner, o.ws.project_id);
  CHECK(r.status == 201);
  std::string key = r.str("key");
  CHECK(std::regex_match(key, std::regex("^eur_live_[A-Za-z0-9]{32}$")));
  CHECK(is_id(r.str("id"), "key_"));
  CHECK(r.str("name") == "GitHub Actions");
  CHECK(r.str("projectId") == o.ws.project_id);
  CHECK(boolean(r, "isActive") == 1);
  CHECK(r.is_null("expiresAt"));
  CHECK(r.is_null("lastUsedAt"));
  CHECK(is_recent(r.str("createdAt")));
  CHECK(r.str("role") == "member");
  REQUIRE(key.size() == 41);
  CHECK(r.str("maskedKey") == "eur_****...****" + key.substr(key.size() - 4));
}

TEST_CASE("two keys are different") {
  Owned o;
  auto k1 = post_key(o.s, o.owner, o.ws.project_id);
  auto k2 = post_key(o.s, o.owner, o.ws.project_id);
  REQUIRE((k1.status == 201 && k2.status == 201));
  CHECK(k1.str("key") != k2.str("key"));
  CHECK(k1.str("id") != k2.str("id"));
}

TEST_CASE("creating a key with expiresAt in the future keeps it") {
  Owned o;
  auto r = post_key(o.s, o.owner, o.ws.project_id, {{"expiresAt", quote("2099-12-31T23:59:59Z")}});
  CHECK(r.status == 201);
  CHECK(r.str("expiresAt") == "2099-12-31T23:59:59Z");
  CHECK(o.s.get("/api/projects/" + o.ws.project_id, Auth::key(r.str("key"))).status == 200);
}

TEST_CASE("creating a key with expiresAt in the past is 400") {
  Owned o;
  auto r = post_key(o.s, o.owner, o.ws.project_id, {{"expiresAt", quote("2020-01-01T00:00:00Z")}});
  CHECK(r.status == 400);
  CHECK(r.error_code() == "VALIDATION_ERROR");
  CHECK(r.str("error.details.field") == "expiresAt");
  CHECK_FALSE(r.str("error.details.reason").empty());
  CHECK(size_of(o.s.get("/api/api-keys?projectId=" + o.ws.project_id, o.owner.auth()), "data") == 0);
}

TEST_CASE("creating a key with an unparseable expiresAt is 400 invalid_value") {
  Owned o;
  auto r = post_key(o.s, o.owner, o.ws.project_id, {{"expiresAt", quote("next tuesday")}});
  CHECK(r.status == 400);
  CHECK(r.str("error.details.field") == "expiresAt");
  CHECK(r.str("error.details.reason") == "invalid_value");
}

TEST_CASE("creating a key without a name is 400 required") {
  Owned o;
  auto r = o.s.post("/api/api-keys", obj({{"projectId", quote(o.ws.project_id)}}), o.owner.auth());
  CHECK(r.status == 400);
  CHECK(r.str("error.details.field") == "name");
  CHECK(r.str("error.details.reason") == "required");
}

TEST_CASE("creating a key without a projectId in a session is 400 required") {
  Owned o;
  auto r = o.s.post("/api/api-keys", obj({{"name", quote("CI")}}), o.owner.auth());
  CHECK(r.status == 400);
  CHECK(r.str("error.details.field") == "projectId");
  CHECK(r.str("error.details.reason") == "required");
}

TEST_CASE("the keys list shows masked keys and never the full key") {
  Owned o;
  auto c1 = post_key(o.s, o.owner, o.ws.project_id);
  auto c2 = post_key(o.s, o.owner, o.ws.project_id, {{"name", quote("Local Dev")}, {"role", quote("viewer")}});
  REQUIRE((c1.status == 201 && c2.status == 201));
  auto r = o.s.get("/api/api-keys?projectId=" + o.ws.project_id, o.owner.auth());
  CHECK(r.status == 200);
  REQUIRE(size_of(r, "data") == 2);
  for (const auto* created : {&c1, &c2}) {
    std::string key = created->str("key");
    int i = find_in(r, "data", "id", created->str("id"));
    REQUIRE(i >= 0);
    std::string p = "data." + std::to_string(i) + ".";
    CHECK(r.str(p + "maskedKey") == "eur_****...****" + key.substr(key.size() - 4));
    CHECK(r.str(p + "name") == created->str("name"));
    CHECK(r.str(p + "projectId") == o.ws.project_id);
    CHECK(boolean(r, p + "isActive") == 1);
    CHECK(r.str(p + "role") == created->str("role"));
    CHECK(r.at(p + "expiresAt") != nullptr);
    CHECK(r.at(p + "lastUsedAt") != nullptr);
    CHECK(r.str(p + "createdAt") == created->str("createdAt"));
    CHECK(r.at(p + "key") == nullptr);
    CHECK(r.body.find(key) == std::string::npos);
    CHECK(r.body.find(key.substr(9)) == std::string::npos);
  }
}

TEST_CASE("a member cannot create or list keys") {
  Owned o;
  auto member = add_member(o.s, o.owner, o.ws.team_id, "member@example.com", "member");
  auto r = post_key(o.s, member, o.ws.project_id);
  CHECK(r.status == 403);
  CHECK(r.error_code() == "FORBIDDEN");
  CHECK(o.s.get("/api/api-keys?projectId=" + o.ws.project_id, member.auth()).status == 403);
}

TEST_CASE("owner is not an allowed key role") {
  Owned o;
  auto admin = add_member(o.s, o.owner, o.ws.team_id, "admin@example.com", "admin");
  for (const auto* who : {&o.owner, &admin}) {
    auto r = post_key(o.s, *who, o.ws.project_id, {{"role", quote("owner")}});
    CHECK(r.status == 400);
    CHECK(r.error_code() == "VALIDATION_ERROR");
    CHECK(r.str("error.details.field") == "role");
    CHECK(r.str("error.details.reason") == "invalid_value");
  }
  CHECK(size_of(o.s.get("/api/api-keys?projectId=" + o.ws.project_id, o.owner.auth()), "data") == 0);
}

TEST_CASE("an admin creates keys up to admin") {
  Owned o;
  auto admin = add_member(o.s, o.owner, o.ws.team_id, "admin@example.com", "admin");
  auto a = post_key(o.s, admin, o.ws.project_id, {{"role", quote("admin")}});
  CHECK(a.status == 201);
  CHECK(a.str("role") == "admin");
  auto v = post_key(o.s, admin, o.ws.project_id, {{"role", quote("viewer")}});
  CHECK(v.status == 201);
  CHECK(v.str("role") == "viewer");
}

// ---------------------------------------------------------------- authentication

TEST_CASE("a key authenticates via X-API-Key and records lastUsedAt") {
  Owned o;
  auto c = post_key(o.s, o.owner, o.ws.project_id);
  REQUIRE(c.status == 201);
  auto list = o.s.get("/api/api-keys?projectId=" + o.ws.project_id, o.owner.auth());
  CHECK(list.is_null("data.0.lastUsedAt"));

  auto r = o.s.get("/api/projects/" + o.ws.project_id, Auth::key(c.str("key")));
  CHECK(r.status == 200);
  CHECK(r.str("id") == o.ws.project_id);

  auto after = o.s.get("/api/api-keys?projectId=" + o.ws.project_id, o.owner.auth());
  CHECK_FALSE(after.is_null("data.0.lastUsedAt"));
  CHECK(is_recent(after.str("data.0.lastUsedAt")));
}

TEST_CASE("an unknown key is 401 UNAUTHORIZED") {
  Owned o;
  auto r = o.s.get("/api/teams", Auth::key("eur_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
  CHECK(r.status == 401);
  CHECK(r.error_code() == "UNAUTHORIZED");
  CHECK(has_error_shape(r));
}

TEST_CASE("a deactivated key is refused and works again when reactivated") {
  Owned o;
  auto c = post_key(o.s, o.owner, o.ws.project_id);
  std::string key = c.str("key"), path = "/api/api-keys/" + c.str("id");
  auto off = o.s.patch(path, obj({{"isActive", "false"}}), o.owner.auth());
  CHECK(off.status == 200);
  CHECK(off.str("id") == c.str("id"));
  CHECK(off.str("name") == "GitHub Actions");
  CHECK(boolean(off, "isActive") == 0);
  CHECK(is_recent(off.str("updatedAt")));
  auto refused = o.s.get("/api/projects/" + o.ws.project_id, Auth::key(key));
  CHECK(refused.status == 401);
  CHECK(refused.error_code() == "UNAUTHORIZED");
  CHECK(boolean(o.s.get("/api/api-keys?projectId=" + o.ws.project_id, o.owner.auth()), "data.0.isActive") == 0);

  auto on = o.s.patch(path, obj({{"isActive", "true"}}), o.owner.auth());
  CHECK(on.status == 200);
  CHECK(boolean(on, "isActive") == 1);
  CHECK(o.s.get("/api/projects/" + o.ws.project_id, Auth::key(key)).status == 200);
}

TEST_CASE("PATCH a key without a boolean isActive is 400") {
  Owned o;
  auto c = post_key(o.s, o.owner, o.ws.project_id);
  auto missing = o.s.patch("/api/api-keys/" + c.str("id"), "{}", o.owner.auth());
  CHECK(missing.status == 400);
  CHECK(missing.str("error.details.field") == "isActive");
  CHECK(missing.str("error.details.reason") == "required");
  auto wrong = o.s.patch("/api/api-keys/" + c.str("id"), obj({{"isActive", quote("false")}}), o.owner.auth());
  CHECK(wrong.status == 400);
  CHECK(wrong.str("error.details.reason") == "invalid_type");
  CHECK(o.s.get("/api/teams", Auth::key(c.str("key"))).status == 200);
}

TEST_CASE("a deleted key is refused") {
  Owned o;
  auto c = post_key(o.s, o.owner, o.ws.project_id);
  REQUIRE(o.s.get("/api/teams", Auth::key(c.str("key"))).status == 200);
  auto r = o.s.del("/api/api-keys/" + c.str("id"), o.owner.auth());
  CHECK(r.status == 200);
  CHECK(boolean(r, "success") == 1);
  CHECK(o.s.get("/api/teams", Auth::key(c.str("key"))).status == 401);
  CHECK(size_of(o.s.get("/api/api-keys?projectId=" + o.ws.project_id, o.owner.auth()), "data") == 0);
  CHECK(o.s.del("/api/api-keys/" + c.str("id"), o.owner.auth()).status == 404);
}

TEST_CASE("an expired key is refused") {
  Owned o;
  auto c = post_key(o.s, o.owner, o.ws.project_id, {{"expiresAt", quote("2099-01-01T00:00:00Z")}});
  REQUIRE(c.status == 201);
  // Not used before: the server may cache a key's row (with its expiry) after a use.
  REQUIRE(db_set_int(o.s, "api_keys", "expires_at", c.str("id"), now_ms() - 1000) == 1);
  auto r = o.s.get("/api/teams", Auth::key(c.str("key")));
  CHECK(r.status == 401);
  CHECK(r.error_code() == "UNAUTHORIZED");
}

TEST_CASE("a key whose creator was removed from the team is refused") {
  Owned o;
  auto admin = add_member(o.s, o.owner, o.ws.team_id, "admin@example.com", "admin");
  std::string key = create_key(o.s, admin, o.ws.project_id, "admin");
  REQUIRE(o.s.get("/api/projects/" + o.ws.project_id, Auth::key(key)).status == 200);
  REQUIRE(o.s.del("/api/team-members/" + member_id(o.s, o.owner, o.ws.team_id, admin.user_id), o.owner.auth()).status ==
          200);
  auto r = o.s.get("/api/projects/" + o.ws.project_id, Auth::key(key));
  CHECK(r.status == 401);
  CHECK(r.error_code() == "UNAUTHORIZED");
}

TEST_CASE("a key acts with the smaller of its role and its creator's current role") {
  Owned o;
  auto admin = add_member(o.s, o.owner, o.ws.team_id, "admin@example.com", "admin");
  std::string key = create_key(o.s, admin, o.ws.project_id, "admin");
  CHECK(o.s.patch(settings_path(o.ws.project_id), obj({{"dataRetentionDays", "30"}}), Auth::key(key)).status == 200);

  auto demote = o.s.patch("/api/team-members/" + member_id(o.s, o.owner, o.ws.team_id, admin.user_id),
                          obj({{"role", quote("viewer")}}), o.owner.auth());
  REQUIRE(demote.status == 200);
  auto r = o.s.patch(settings_path(o.ws.project_id), obj({{"dataRetentionDays", "60"}}), Auth::key(key));
  CHECK(r.status == 403);
  CHECK(r.error_code() == "FORBIDDEN");
  auto read = o.s.get(settings_path(o.ws.project_id), Auth::key(key));
  CHECK(read.status == 200);
  CHECK(num(read, "dataRetentionDays") == 30);
}

TEST_CASE("a viewer key reads but cannot change settings") {
  Owned o;
  std::string key = create_key(o.s, o.owner, o.ws.project_id, "viewer");
  CHECK(o.s.get(settings_path(o.ws.project_id), Auth::key(key)).status == 200);
  auto r = o.s.patch(settings_path(o.ws.project_id), obj({{"dataRetentionDays", "30"}}), Auth::key(key));
  CHECK(r.status == 403);
  CHECK(num(o.s.get(settings_path(o.ws.project_id), o.owner.auth()), "dataRetentionDays") == 90);
}

// ---------------------------------------------------------------- key scope

TEST_CASE("a key reaches only its own project") {
  Owned o;
  auto other = o.s.post("/api/projects", obj({{"name", quote("Other")}, {"teamId", quote(o.ws.team_id)}}),
                        o.owner.auth());
  REQUIRE(other.status == 201);
  std::string key = create_key(o.s, o.owner, o.ws.project_id, "admin");
  CHECK(o.s.get("/api/projects/" + o.ws.project_id, Auth::key(key)).status == 200);

  auto r = o.s.get("/api/projects/" + other.str("id"), Auth::key(key));
  CHECK(r.status == 404);
  CHECK(r.error_code() == "NOT_FOUND");
  CHECK(o.s.get(settings_path(other.str("id")), Auth::key(key)).status == 404);
  CHECK(o.s.patch("/api/projects/" + other.str("id"), obj({{"name", quote("x")}}), Auth::key(key)).status == 404);
  CHECK(o.s.get("/api/api-keys?projectId=" + other.str("id"), Auth::key(key)).status == 404);
  CHECK(o.s.get("/api/projects/" + other.str("id"), o.owner.auth()).str("name") == "Other");
}

TEST_CASE("a key cannot manage keys, of another project in its team or its own (contract §12)") {
  Owned o;
  auto other = o.s.post("/api/projects", obj({{"name", quote("Other")}, {"teamId", quote(o.ws.team_id)}}),
                        o.owner.auth());
  auto other_key = post_key(o.s, o.owner, other.str("id"));
  REQUIRE(other_key.status == 201);
  std::string key = create_key(o.s, o.owner, o.ws.project_id, "admin");
  auto r = o.s.patch("/api/api-keys/" + other_key.str("id"), obj({{"isActive", "false"}}), Auth::key(key));
  CHECK(r.status == 403);
  CHECK(o.s.del("/api/api-keys/" + other_key.str("id"), Auth::key(key)).status == 403);
  // Nor a key of its own project, nor one it could mint: credentials are managed
  // from a signed-in session only.
  auto own = o.s.get("/api/api-keys?projectId=" + o.ws.project_id, o.owner.auth());
  REQUIRE(own.status == 200);
  CHECK(o.s.del("/api/api-keys/" + own.str("data.0.id"), Auth::key(key)).status == 403);
  auto minted = o.s.post("/api/api-keys", obj({{"projectId", quote(o.ws.project_id)}, {"name", quote("Backdoor")}}),
                         Auth::key(key));
  CHECK(minted.status == 403);
  CHECK(minted.error_code() == "FORBIDDEN");
  CHECK(o.s.get("/api/teams", Auth::key(other_key.str("key"))).status == 200);
}

TEST_CASE("a key may omit projectId to mean its own project") {
  Owned o;
  std::string key = create_key(o.s, o.owner, o.ws.project_id, "admin");
  auto r = o.s.get("/api/api-keys", Auth::key(key));
  CHECK(r.status == 200);
  REQUIRE(size_of(r, "data") == 1);
  CHECK(r.str("data.0.projectId") == o.ws.project_id);
}

TEST_CASE("with a key GET /api/teams returns only the key's team") {
  Owned o;
  auto second = create_workspace(o.s, o.owner, "Second team", "Second project");
  REQUIRE(size_of(o.s.get("/api/teams", o.owner.auth()), "data") == 2);
  std::string key = create_key(o.s, o.owner, o.ws.project_id);
  auto r = o.s.get("/api/teams", Auth::key(key));
  CHECK(r.status == 200);
  REQUIRE(size_of(r, "data") == 1);
  CHECK(r.str("data.0.id") == o.ws.team_id);
  CHECK(r.str("data.0.name") == "Team");
  CHECK(find_in(r, "data", "id", second.team_id) == -1);
}

TEST_CASE("with a key the team's project list is readable") {
  Owned o;
  auto other = o.s.post("/api/projects", obj({{"name", quote("Other")}, {"teamId", quote(o.ws.team_id)}}),
                        o.owner.auth());
  auto second = create_workspace(o.s, o.owner, "Second team", "Second project");
  std::string key = create_key(o.s, o.owner, o.ws.project_id, "viewer");

  auto r = o.s.get("/api/projects?teamId=" + o.ws.team_id, Auth::key(key));
  CHECK(r.status == 200);
  CHECK(size_of(r, "data") == 2);
  CHECK(find_in(r, "data", "id", o.ws.project_id) >= 0);
  CHECK(find_in(r, "data", "id", other.str("id")) >= 0);

  auto implicit = o.s.get("/api/projects", Auth::key(key));
  CHECK(implicit.status == 200);
  CHECK(size_of(implicit, "data") == 2);

  auto foreign = o.s.get("/api/projects?teamId=" + second.team_id, Auth::key(key));
  CHECK(foreign.status == 404);
  CHECK(foreign.error_code() == "NOT_FOUND");
}

TEST_CASE("a key cannot create teams or projects") {
  Owned o;
  std::string key = create_key(o.s, o.owner, o.ws.project_id, "admin");
  auto t = o.s.post("/api/teams", obj({{"name", quote("By key")}}), Auth::key(key));
  CHECK(t.status == 403);
  CHECK(t.error_code() == "FORBIDDEN");
  auto p = o.s.post("/api/projects", obj({{"name", quote("By key")}, {"teamId", quote(o.ws.team_id)}}), Auth::key(key));
  CHECK(p.status == 403);
  CHECK(p.error_code() == "FORBIDDEN");
  CHECK(size_of(o.s.get("/api/teams", o.owner.auth()), "data") == 1);
  CHECK(size_of(o.s.get("/api/projects?teamId=" + o.ws.team_id, o.owner.auth()), "data") == 1);
}

TEST_CASE("a key cannot invite members") {
  Owned o;
  std::string key = create_key(o.s, o.owner, o.ws.project_id, "admin");
  auto r = o.s.post("/api/team-members",
                    obj({{"teamId", quote(o.ws.team_id)}, {"email", quote("x@example.com")}, {"role", quote("viewer")}}),
                    Auth::key(key));
  CHECK(r.status == 403);
  CHECK(r.error_code() == "FORBIDDEN");
  CHECK(size_of(o.s.get("/api/invitations?teamId=" + o.ws.team_id, o.owner.auth()), "data") == 0);
}

TEST_CASE("a key can read its team's members") {
  Owned o;
  std::string key = create_key(o.s, o.owner, o.ws.project_id, "viewer");
  auto r = o.s.get("/api/team-members?teamId=" + o.ws.team_id, Auth::key(key));
  CHECK(r.status == 200);
  REQUIRE(size_of(r, "data") == 1);
  CHECK(r.str("data.0.userId") == o.owner.user_id);
}

// ---------------------------------------------------------------- cross-team ids

TEST_CASE("another team's project ids answer 404 exactly like nonexistent ones") {
  TwoTeams t;
  const std::string fake = "proj_0000000000000000";
  same_as_missing(t.s.get("/api/projects/" + t.b.project_id, t.alice.auth()),
                  t.s.get("/api/projects/" + fake, t.alice.auth()));
  same_as_missing(t.s.patch("/api/projects/" + t.b.project_id, obj({{"name", quote("x")}}), t.alice.auth()),
                  t.s.patch("/api/projects/" + fake, obj({{"name", quote("x")}}), t.alice.auth()));
  same_as_missing(t.s.del("/api/projects/" + t.b.project_id, t.alice.auth()),
                  t.s.del("/api/projects/" + fake, t.alice.auth()));
  CHECK(t.s.get("/api/projects/" + t.b.project_id, t.bob.auth()).str("name") == "Bob's project");
}

TEST_CASE("another team's project lists and creation answer 404 like a nonexistent team") {
  TwoTeams t;
  const std::string fake = "team_0000000000000000";
  same_as_missing(t.s.get("/api/projects?teamId=" + t.b.team_id, t.alice.auth()),
                  t.s.get("/api/projects?teamId=" + fake, t.alice.auth()));
  same_as_missing(t.s.post("/api/projects", obj({{"name", quote("x")}, {"teamId", quote(t.b.team_id)}}), t.alice.auth()),
                  t.s.post("/api/projects", obj({{"name", quote("x")}, {"teamId", quote(fake)}}), t.alice.auth()));
  CHECK(size_of(t.s.get("/api/projects?teamId=" + t.b.team_id, t.bob.auth()), "data") == 1);
}

TEST_CASE("another team's project settings answer 404 exactly like nonexistent ones") {
  TwoTeams t;
  const std::string fake = "proj_0000000000000000";
  same_as_missing(t.s.get(settings_path(t.b.project_id), t.alice.auth()), t.s.get(settings_path(fake), t.alice.auth()));
  same_as_missing(t.s.patch(settings_path(t.b.project_id), obj({{"dataRetentionDays", "5"}}), t.alice.auth()),
                  t.s.patch(settings_path(fake), obj({{"dataRetentionDays", "5"}}), t.alice.auth()));
  CHECK(num(t.s.get(settings_path(t.b.project_id), t.bob.auth()), "dataRetentionDays") == 90);
}

TEST_CASE("another team's API keys answer 404 exactly like nonexistent ones") {
  TwoTeams t;
  auto bobs = post_key(t.s, t.bob, t.b.project_id);
  REQUIRE(bobs.status == 201);
  const std::string fake_key = "key_0000000000000000", fake_proj = "proj_0000000000000000";
  same_as_missing(t.s.patch("/api/api-keys/" + bobs.str("id"), obj({{"isActive", "false"}}), t.alice.auth()),
                  t.s.patch("/api/api-keys/" + fake_key, obj({{"isActive", "false"}}), t.alice.auth()));
  same_as_missing(t.s.del("/api/api-keys/" + bobs.str("id"), t.alice.auth()),
                  t.s.del("/api/api-keys/" + fake_key, t.alice.auth()));
  same_as_missing(t.s.get("/api/api-keys?projectId=" + t.b.project_id, t.alice.auth()),
                  t.s.get("/api/api-keys?projectId=" + fake_proj, t.alice.auth()));
  same_as_missing(post_key(t.s, t.alice, t.b.project_id), post_key(t.s, t.alice, fake_proj));
  CHECK(t.s.get("/api/teams", Auth::key(bobs.str("key"))).status == 200);
  CHECK(size_of(t.s.get("/api/api-keys?projectId=" + t.b.project_id, t.bob.auth()), "data") == 1);
}

TEST_CASE("another team's members answer 404 exactly like nonexistent ones") {
  TwoTeams t;
  std::string bob_member = member_id(t.s, t.bob, t.b.team_id, t.bob.user_id);
  const std::string fake = "member_0000000000000000", fake_team = "team_0000000000000000";
  same_as_missing(t.s.patch("/api/team-members/" + bob_member, obj({{"role", quote("viewer")}}), t.alice.auth()),
                  t.s.patch("/api/team-members/" + fake, obj({{"role", quote("viewer")}}), t.alice.auth()));
  same_as_missing(t.s.del("/api/team-members/" + bob_member, t.alice.auth()),
                  t.s.del("/api/team-members/" + fake, t.alice.auth()));
  same_as_missing(t.s.get("/api/team-members?teamId=" + t.b.team_id, t.alice.auth()),
                  t.s.get("/api/team-members?teamId=" + fake_team, t.alice.auth()));
  same_as_missing(invite(t.s, t.alice, t.b.team_id, "x@example.com", "viewer"),
                  invite(t.s, t.alice, fake_team, "x@example.com", "viewer"));
  CHECK(role_of(t.s, t.bob, t.b.team_id, t.bob.user_id) == "owner");
}

TEST_CASE("another team's invitations answer 404 exactly like nonexistent ones") {
  TwoTeams t;
  auto inv = invite(t.s, t.bob, t.b.team_id, "carol@example.com", "member");
  REQUIRE(inv.status == 201);
  same_as_missing(t.s.del("/api/invitations/" + inv.str("id"), t.alice.auth()),
                  t.s.del("/api/invitations/invite_0000000000000000", t.alice.auth()));
  same_as_missing(t.s.get("/api/invitations?teamId=" + t.b.team_id, t.alice.auth()),
                  t.s.get("/api/invitations?teamId=team_0000000000000000", t.alice.auth()));
  CHECK(size_of(t.s.get("/api/invitations?teamId=" + t.b.team_id, t.bob.auth()), "data") == 1);
}

TEST_CASE("another team's ids answer 404 exactly like nonexistent ones on team routes") {
  TwoTeams t;
  const std::string fake = "team_0000000000000000";
  same_as_missing(t.s.patch("/api/teams/" + t.b.team_id, obj({{"name", quote("x")}}), t.alice.auth()),
                  t.s.patch("/api/teams/" + fake, obj({{"name", quote("x")}}), t.alice.auth()));
  same_as_missing(t.s.del("/api/teams/" + t.b.team_id, t.alice.auth()), t.s.del("/api/teams/" + fake, t.alice.auth()));
  auto bobs = t.s.get("/api/teams", t.bob.auth());
  REQUIRE(size_of(bobs, "data") == 1);
  CHECK(bobs.str("data.0.name") == "Bob's team");
}

TEST_CASE("a key of another team gets 404 on the other team's ids") {
  TwoTeams t;
  std::string alice_key = create_key(t.s, t.alice, t.a.project_id, "admin");
  auto bobs = post_key(t.s, t.bob, t.b.project_id);
  auto k = Auth::key(alice_key);
  CHECK(t.s.get("/api/projects/" + t.b.project_id, k).status == 404);
  CHECK(t.s.get(settings_path(t.b.project_id), k).status == 404);
  CHECK(t.s.get("/api/projects?teamId=" + t.b.team_id, k).status == 404);
  CHECK(t.s.get("/api/team-members?teamId=" + t.b.team_id, k).status == 404);
  // Changing keys is refused to every key, whatever the id (so it leaks nothing).
  auto r = t.s.patch("/api/api-keys/" + bobs.str("id"), obj({{"isActive", "false"}}), k);
  auto missing = t.s.patch("/api/api-keys/key_00000000000000000000", obj({{"isActive", "false"}}), k);
  CHECK(r.status == 403);
  CHECK(r.body == missing.body);
}
