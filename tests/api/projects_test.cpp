// Projects and project settings over real HTTP (docs/openapi.yaml "Projects",
// "Project Settings"; contract §3, §4, §9).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "support/server.h"
#include "support/tenancy.h"

using namespace euriqa::test;
using namespace euriqa::test::tenancy;

namespace {

const std::vector<std::string> kOpen = {"--signup", "open"};

Result create_project(TestServer& s, const Session& by, const std::string& team_id, const std::string& name) {
  return s.post("/api/projects", obj({{"name", quote(name)}, {"teamId", quote(team_id)}}), by.auth());
}

std::string settings_path(const std::string& project_id) { return "/api/projects/" + project_id + "/settings"; }

}  // namespace

// ---------------------------------------------------------------- projects

TEST_CASE("POST /api/projects answers 201 with id, name, teamId, createdAt and updatedAt") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto team = s.post("/api/teams", obj({{"name", quote("Acme")}}), owner.auth());
  REQUIRE(team.status == 201);
  auto r = create_project(s, owner, team.str("id"), "Mobile App E2E");
  CHECK(r.status == 201);
  CHECK(is_id(r.str("id"), "proj_"));
  CHECK(r.str("name") == "Mobile App E2E");
  CHECK(r.str("teamId") == team.str("id"));
  CHECK(is_recent(r.str("createdAt")));
  CHECK(r.str("updatedAt") == r.str("createdAt"));
}

TEST_CASE("GET /api/projects lists the team's projects in data") {
  TestServer s(kOpen);
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner, "Team", "First");
  auto second = create_project(s, owner, ws.team_id, "Second");
  REQUIRE(second.status == 201);
  auto other_team = create_workspace(s, owner, "Other", "Elsewhere");

  auto r = s.get("/api/projects?teamId=" + ws.team_id, owner.auth());
  CHECK(r.status == 200);
  REQUIRE(size_of(r, "data") == 2);
  int a = find_in(r, "data", "id", ws.project_id);
  int b = find_in(r, "data", "id", second.str("id"));
  REQUIRE(a >= 0);
  REQUIRE(b >= 0);
  std::string pa = "data." + std::to_string(a) + ".";
  CHECK(r.str(pa + "name") == "First");
  CHECK(r.str(pa + "teamId") == ws.team_id);
  CHECK(is_recent(r.str(pa + "createdAt")));
  CHECK(is_recent(r.str(pa + "updatedAt")));
  CHECK(r.str("data." + std::to_string(b) + ".name") == "Second");
  CHECK(find_in(r, "data", "id", other_team.project_id) == -1);
}

TEST_CASE("a viewer can list and read the team's projects") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto viewer = add_member(s, owner, ws.team_id, "viewer@example.com", "viewer");
  auto list = s.get("/api/projects?teamId=" + ws.team_id, viewer.auth());
  CHECK(list.status == 200);
  CHECK(size_of(list, "data") == 1);
  auto one = s.get("/api/projects/" + ws.project_id, viewer.auth());
  CHECK(one.status == 200);
  CHECK(one.str("id") == ws.project_id);
}

TEST_CASE("GET /api/projects without teamId is 400 naming teamId") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  create_workspace(s, owner);
  auto r = s.get("/api/projects", owner.auth());
  CHECK(r.status == 400);
  CHECK(r.error_code() == "VALIDATION_ERROR");
  CHECK(r.str("error.details.field") == "teamId");
  CHECK(r.str("error.details.reason") == "required");
}

TEST_CASE("GET /api/projects/:id returns the project") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner, "Team", "Web App E2E");
  auto r = s.get("/api/projects/" + ws.project_id, owner.auth());
  CHECK(r.status == 200);
  CHECK(r.str("id") == ws.project_id);
  CHECK(r.str("name") == "Web App E2E");
  CHECK(r.str("teamId") == ws.team_id);
  CHECK(is_recent(r.str("createdAt")));
  CHECK(is_recent(r.str("updatedAt")));
}

TEST_CASE("GET /api/projects/:id of an unknown id is 404 NOT_FOUND") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  create_workspace(s, owner);
  auto r = s.get("/api/projects/proj_0000000000000000", owner.auth());
  CHECK(r.status == 404);
  CHECK(r.error_code() == "NOT_FOUND");
  CHECK(has_error_shape(r));
}

TEST_CASE("PATCH /api/projects/:id renames the project") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner, "Team", "Web App E2E");
  auto admin = add_member(s, owner, ws.team_id, "admin@example.com", "admin");
  auto before = s.get("/api/projects/" + ws.project_id, owner.auth());
  auto r = s.patch("/api/projects/" + ws.project_id, obj({{"name", quote("Web App E2E (Production)")}}), admin.auth());
  CHECK(r.status == 200);
  CHECK(r.str("id") == ws.project_id);
  CHECK(r.str("name") == "Web App E2E (Production)");
  CHECK(r.str("teamId") == ws.team_id);
  int64_t created = rfc3339(before.str("createdAt"));
  int64_t updated = rfc3339(r.str("updatedAt"));
  REQUIRE(created > 0);
  CHECK(updated >= created);
  CHECK(updated >= rfc3339(before.str("updatedAt")));
  CHECK(s.get("/api/projects/" + ws.project_id, owner.auth()).str("name") == "Web App E2E (Production)");
}

TEST_CASE("PATCH /api/projects/:id with an empty or non-string name is 400") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner, "Team", "Keep");
  auto blank = s.patch("/api/projects/" + ws.project_id, obj({{"name", quote(" ")}}), owner.auth());
  CHECK(blank.status == 400);
  CHECK(blank.str("error.details.field") == "name");
  auto number = s.patch("/api/projects/" + ws.project_id, obj({{"name", "42"}}), owner.auth());
  CHECK(number.status == 400);
  CHECK(number.str("error.details.field") == "name");
  CHECK(number.str("error.details.reason") == "invalid_type");
  CHECK(s.get("/api/projects/" + ws.project_id, owner.auth()).str("name") == "Keep");
}

TEST_CASE("a viewer cannot rename a project") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner, "Team", "Keep");
  auto viewer = add_member(s, owner, ws.team_id, "viewer@example.com", "viewer");
  auto r = s.patch("/api/projects/" + ws.project_id, obj({{"name", quote("Mine")}}), viewer.auth());
  CHECK(r.status == 403);
  CHECK(r.error_code() == "FORBIDDEN");
  CHECK(s.get("/api/projects/" + ws.project_id, owner.auth()).str("name") == "Keep");
}

TEST_CASE("a member cannot create a project") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto member = add_member(s, owner, ws.team_id, "member@example.com", "member");
  auto r = create_project(s, member, ws.team_id, "Nope");
  CHECK(r.status == 403);
  CHECK(r.error_code() == "FORBIDDEN");
  CHECK(size_of(s.get("/api/projects?teamId=" + ws.team_id, owner.auth()), "data") == 1);
}

TEST_CASE("an admin can create a project") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto admin = add_member(s, owner, ws.team_id, "admin@example.com", "admin");
  auto r = create_project(s, admin, ws.team_id, "By admin");
  CHECK(r.status == 201);
  CHECK(size_of(s.get("/api/projects?teamId=" + ws.team_id, owner.auth()), "data") == 2);
}

TEST_CASE("creating a project without a name is 400 required naming name") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto r = s.post("/api/projects", obj({{"teamId", quote(ws.team_id)}}), owner.auth());
  CHECK(r.status == 400);
  CHECK(r.error_code() == "VALIDATION_ERROR");
  CHECK(has_error_shape(r));
  CHECK(r.str("error.details.field") == "name");
  CHECK(r.str("error.details.reason") == "required");
}

TEST_CASE("creating a project without a teamId is 400 naming teamId") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  create_workspace(s, owner);
  auto r = s.post("/api/projects", obj({{"name", quote("Orphan")}}), owner.auth());
  CHECK(r.status == 400);
  CHECK(r.error_code() == "VALIDATION_ERROR");
  CHECK(r.str("error.details.field") == "teamId");
  CHECK(r.str("error.details.reason") == "required");
}

TEST_CASE("creating a project in a team the caller is not in is 404") {
  TestServer s(kOpen);
  auto alice = register_user(s, "alice@example.com");
  create_workspace(s, alice, "Alice's team");  // an owner, but of another team
  auto bob = register_user(s, "bob@example.com");
  auto bobs = create_workspace(s, bob);
  auto r = create_project(s, alice, bobs.team_id, "Intrusion");
  CHECK(r.status == 404);
  CHECK(r.error_code() == "NOT_FOUND");
  CHECK(size_of(s.get("/api/projects?teamId=" + bobs.team_id, bob.auth()), "data") == 1);
}

// Contract §12: a caller who holds no role that could create a project anywhere is
// refused before the body is read.
TEST_CASE("a user in no team is refused 403 before the body is read") {
  TestServer s(kOpen);
  auto loner = register_user(s, "loner@example.com");
  auto bob = register_user(s, "bob@example.com");
  auto bobs = create_workspace(s, bob);
  auto r = create_project(s, loner, bobs.team_id, "Intrusion");
  CHECK(r.status == 403);
  CHECK(r.error_code() == "FORBIDDEN");
  CHECK(size_of(s.get("/api/projects?teamId=" + bobs.team_id, bob.auth()), "data") == 1);
}

TEST_CASE("the owner deletes a project, which is then 404") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto r = s.del("/api/projects/" + ws.project_id, owner.auth());
  CHECK(r.status == 200);
  CHECK(boolean(r, "success") == 1);
  CHECK_FALSE(r.str("message").empty());
  auto after = s.get("/api/projects/" + ws.project_id, owner.auth());
  CHECK(after.status == 404);
  CHECK(after.error_code() == "NOT_FOUND");
  CHECK(s.get(settings_path(ws.project_id), owner.auth()).status == 404);
  CHECK(size_of(s.get("/api/projects?teamId=" + ws.team_id, owner.auth()), "data") == 0);
}

TEST_CASE("deleting a project makes its API keys stop working") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto key = create_key(s, owner, ws.project_id);
  REQUIRE(s.get("/api/projects/" + ws.project_id, Auth::key(key)).status == 200);
  REQUIRE(s.del("/api/projects/" + ws.project_id, owner.auth()).status == 200);
  auto r = s.get("/api/teams", Auth::key(key));
  CHECK(r.status == 401);
  CHECK(r.error_code() == "UNAUTHORIZED");
}

TEST_CASE("an admin cannot delete a project") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto admin = add_member(s, owner, ws.team_id, "admin@example.com", "admin");
  auto r = s.del("/api/projects/" + ws.project_id, admin.auth());
  CHECK(r.status == 403);
  CHECK(r.error_code() == "FORBIDDEN");
  CHECK(s.get("/api/projects/" + ws.project_id, owner.auth()).status == 200);
}

// ---------------------------------------------------------------- settings

TEST_CASE("a new project's settings have the defaults") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto r = s.get(settings_path(ws.project_id), owner.auth());
  CHECK(r.status == 200);
  CHECK(r.str("projectId") == ws.project_id);
  CHECK(num(r, "dataRetentionDays") == 90);
  CHECK(num(r, "flakinessThreshold") == doctest::Approx(0.3));
  CHECK(boolean(r, "autoQuarantineEnabled") == 0);
  CHECK(is_recent(r.str("updatedAt")));
}

TEST_CASE("PATCH settings changes only the given fields") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto r = s.patch(settings_path(ws.project_id), obj({{"flakinessThreshold", "0.5"}}), owner.auth());
  CHECK(r.status == 200);
  CHECK(r.str("projectId") == ws.project_id);
  CHECK(num(r, "dataRetentionDays") == 90);
  CHECK(num(r, "flakinessThreshold") == doctest::Approx(0.5));
  CHECK(boolean(r, "autoQuarantineEnabled") == 0);
  CHECK(is_recent(r.str("updatedAt")));

  auto r2 = s.patch(settings_path(ws.project_id), obj({{"dataRetentionDays", "180"}}), owner.auth());
  CHECK(r2.status == 200);
  CHECK(num(r2, "dataRetentionDays") == 180);
  CHECK(num(r2, "flakinessThreshold") == doctest::Approx(0.5));
  CHECK(boolean(r2, "autoQuarantineEnabled") == 0);

  auto r3 = s.patch(settings_path(ws.project_id), obj({{"autoQuarantineEnabled", "true"}}), owner.auth());
  CHECK(r3.status == 200);
  CHECK(num(r3, "dataRetentionDays") == 180);
  CHECK(num(r3, "flakinessThreshold") == doctest::Approx(0.5));
  CHECK(boolean(r3, "autoQuarantineEnabled") == 1);

  auto r4 = s.patch(settings_path(ws.project_id), "{}", owner.auth());
  CHECK(r4.status == 200);
  CHECK(num(r4, "dataRetentionDays") == 180);
  CHECK(boolean(r4, "autoQuarantineEnabled") == 1);

  auto g = s.get(settings_path(ws.project_id), owner.auth());
  CHECK(num(g, "dataRetentionDays") == 180);
  CHECK(num(g, "flakinessThreshold") == doctest::Approx(0.5));
  CHECK(boolean(g, "autoQuarantineEnabled") == 1);
}

TEST_CASE("settings are per project") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto other = create_project(s, owner, ws.team_id, "Other");
  REQUIRE(s.patch(settings_path(ws.project_id), obj({{"dataRetentionDays", "7"}}), owner.auth()).status == 200);
  CHECK(num(s.get(settings_path(other.str("id")), owner.auth()), "dataRetentionDays") == 90);
}

TEST_CASE("dataRetentionDays accepts 1 to 3650") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto low = s.patch(settings_path(ws.project_id), obj({{"dataRetentionDays", "1"}}), owner.auth());
  CHECK(low.status == 200);
  CHECK(num(low, "dataRetentionDays") == 1);
  auto high = s.patch(settings_path(ws.project_id), obj({{"dataRetentionDays", "3650"}}), owner.auth());
  CHECK(high.status == 200);
  CHECK(num(high, "dataRetentionDays") == 3650);
}

TEST_CASE("dataRetentionDays 0 or 3651 is 400 out_of_range") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  for (const char* v : {"0", "3651", "-5"}) {
    CAPTURE(v);
    auto r = s.patch(settings_path(ws.project_id), obj({{"dataRetentionDays", v}}), owner.auth());
    CHECK(r.status == 400);
    CHECK(r.error_code() == "VALIDATION_ERROR");
    CHECK(r.str("error.details.field") == "dataRetentionDays");
    CHECK(r.str("error.details.reason") == "out_of_range");
  }
  CHECK(num(s.get(settings_path(ws.project_id), owner.auth()), "dataRetentionDays") == 90);
}

TEST_CASE("flakinessThreshold accepts 0 to 1") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto zero = s.patch(settings_path(ws.project_id), obj({{"flakinessThreshold", "0"}}), owner.auth());
  CHECK(zero.status == 200);
  CHECK(num(zero, "flakinessThreshold") == 0.0);
  auto one = s.patch(settings_path(ws.project_id), obj({{"flakinessThreshold", "1"}}), owner.auth());
  CHECK(one.status == 200);
  CHECK(num(one, "flakinessThreshold") == 1.0);
}

TEST_CASE("flakinessThreshold outside 0 to 1 is 400 out_of_range") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  for (const char* v : {"-0.01", "1.01", "2"}) {
    CAPTURE(v);
    auto r = s.patch(settings_path(ws.project_id), obj({{"flakinessThreshold", v}}), owner.auth());
    CHECK(r.status == 400);
    CHECK(r.str("error.details.field") == "flakinessThreshold");
    CHECK(r.str("error.details.reason") == "out_of_range");
  }
  CHECK(num(s.get(settings_path(ws.project_id), owner.auth()), "flakinessThreshold") == doctest::Approx(0.3));
}

TEST_CASE("settings of the wrong type are 400 invalid_type naming the field") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"dataRetentionDays", quote("90")},
      {"dataRetentionDays", "1.5"},
      {"dataRetentionDays", "true"},
      {"flakinessThreshold", quote("0.5")},
      {"flakinessThreshold", "[0.5]"},
      {"autoQuarantineEnabled", quote("yes")},
      {"autoQuarantineEnabled", "1"},
  };
  for (const auto& [field, value] : cases) {
    CAPTURE(field);
    CAPTURE(value);
    auto r = s.patch(settings_path(ws.project_id), obj({{field, value}}), owner.auth());
    CHECK(r.status == 400);
    CHECK(r.error_code() == "VALIDATION_ERROR");
    CHECK(r.str("error.details.field") == field);
    CHECK(r.str("error.details.reason") == "invalid_type");
  }
}

TEST_CASE("a rejected settings PATCH changes nothing") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto r = s.patch(settings_path(ws.project_id),
                   obj({{"dataRetentionDays", "100"}, {"autoQuarantineEnabled", "true"}, {"flakinessThreshold", "7"}}),
                   owner.auth());
  CHECK(r.status == 400);
  auto g = s.get(settings_path(ws.project_id), owner.auth());
  CHECK(num(g, "dataRetentionDays") == 90);
  CHECK(boolean(g, "autoQuarantineEnabled") == 0);
}

TEST_CASE("a member reads settings but cannot change them") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto member = add_member(s, owner, ws.team_id, "member@example.com", "member");
  CHECK(s.get(settings_path(ws.project_id), member.auth()).status == 200);
  auto r = s.patch(settings_path(ws.project_id), obj({{"dataRetentionDays", "30"}}), member.auth());
  CHECK(r.status == 403);
  CHECK(r.error_code() == "FORBIDDEN");
  CHECK(num(s.get(settings_path(ws.project_id), owner.auth()), "dataRetentionDays") == 90);
}

TEST_CASE("an admin changes settings") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner);
  auto admin = add_member(s, owner, ws.team_id, "admin@example.com", "admin");
  auto r = s.patch(settings_path(ws.project_id), obj({{"dataRetentionDays", "30"}}), admin.auth());
  CHECK(r.status == 200);
  CHECK(num(r, "dataRetentionDays") == 30);
}
