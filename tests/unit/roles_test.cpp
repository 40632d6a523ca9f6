// Contract §3: the role matrix. Each row of the contract's table is checked for
// the lowest role it needs and for every role on both sides of that line; API keys
// act with the smaller of their own role and their creator's current role.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "domain/roles.h"

using euriqa::domain::Action;
using euriqa::domain::Role;
namespace d = euriqa::domain;

namespace {

const std::vector<Role> kAllRoles = {Role::Viewer, Role::Member, Role::Admin, Role::Owner};

// The contract's table, one row per action: which roles may do it
// (viewer, member, admin, owner).
struct MatrixRow {
  Action action;
  const char* name;
  Role minimum;
  bool viewer, member, admin, owner;
};

const std::vector<MatrixRow> kMatrix = {
    // read anything in the team's projects
    {Action::Read, "Read", Role::Viewer, true, true, true, true},
    // create/update runs, tests, suites; upload artifacts; quarantine
    {Action::WriteResults, "WriteResults", Role::Member, false, true, true, true},
    // delete runs/artifacts; create/update projects and settings; API keys; webhooks;
    // invite members; change roles below owner; remove non-owners
    {Action::DeleteResults, "DeleteResults", Role::Admin, false, false, true, true},
    {Action::ManageProjects, "ManageProjects", Role::Admin, false, false, true, true},
    {Action::ManageApiKeys, "ManageApiKeys", Role::Admin, false, false, true, true},
    {Action::ManageWebhooks, "ManageWebhooks", Role::Admin, false, false, true, true},
    {Action::InviteMembers, "InviteMembers", Role::Admin, false, false, true, true},
    {Action::ChangeRoleBelowOwner, "ChangeRoleBelowOwner", Role::Admin, false, false, true, true},
    {Action::RemoveNonOwner, "RemoveNonOwner", Role::Admin, false, false, true, true},
    // delete projects or the team; grant or remove owner
    {Action::DeleteProject, "DeleteProject", Role::Owner, false, false, false, true},
    {Action::DeleteTeam, "DeleteTeam", Role::Owner, false, false, false, true},
    {Action::ManageOwners, "ManageOwners", Role::Owner, false, false, false, true},
};

bool expected(const MatrixRow& row, Role role) {
  switch (role) {
    case Role::Viewer: return row.viewer;
    case Role::Member: return row.member;
    case Role::Admin: return row.admin;
    case Role::Owner: return row.owner;
  }
  return false;
}

}  // namespace

TEST_CASE("every action of the contract's matrix has the contract's minimum role") {
  for (const auto& row : kMatrix) {
    CAPTURE(row.name);
    CHECK(d::minimum_role(row.action) == row.minimum);
  }
}

TEST_CASE("role_allows follows the contract's matrix for every role and action") {
  for (const auto& row : kMatrix) {
    for (Role role : kAllRoles) {
      CAPTURE(row.name);
      CAPTURE(d::role_name(role));
      CHECK(d::role_allows(role, row.action) == expected(row, role));
    }
  }
}

TEST_CASE("a viewer may only read") {
  for (const auto& row : kMatrix) {
    CAPTURE(row.name);
    CHECK(d::role_allows(Role::Viewer, row.action) == (row.action == Action::Read));
  }
}

TEST_CASE("an owner may do everything") {
  for (const auto& row : kMatrix) {
    CAPTURE(row.name);
    CHECK(d::role_allows(Role::Owner, row.action));
  }
}

TEST_CASE("every action has a description for error messages") {
  for (const auto& row : kMatrix) {
    CAPTURE(row.name);
    CHECK(std::string(d::action_description(row.action)).size() > 3);
  }
}

TEST_CASE("a key's effective role is the smaller of the key's role and its creator's role") {
  for (Role key : kAllRoles) {
    for (Role creator : kAllRoles) {
      CAPTURE(d::role_name(key));
      CAPTURE(d::role_name(creator));
      Role want = static_cast<int>(key) < static_cast<int>(creator) ? key : creator;
      CHECK(d::effective_role(key, creator) == want);
    }
  }
  // The cases that matter in practice, spelled out.
  CHECK(d::effective_role(Role::Admin, Role::Member) == Role::Member);  // creator demoted
  CHECK(d::effective_role(Role::Admin, Role::Viewer) == Role::Viewer);
  CHECK(d::effective_role(Role::Viewer, Role::Owner) == Role::Viewer);
  CHECK(d::effective_role(Role::Member, Role::Owner) == Role::Member);
  CHECK(d::effective_role(Role::Admin, Role::Admin) == Role::Admin);
}

TEST_CASE("role names round-trip through parse_role") {
  CHECK(std::string(d::role_name(Role::Viewer)) == "viewer");
  CHECK(std::string(d::role_name(Role::Member)) == "member");
  CHECK(std::string(d::role_name(Role::Admin)) == "admin");
  CHECK(std::string(d::role_name(Role::Owner)) == "owner");
  for (Role role : kAllRoles) {
    auto parsed = d::parse_role(d::role_name(role));
    REQUIRE(parsed.has_value());
    CHECK(*parsed == role);
  }
}

TEST_CASE("unknown role names are refused") {
  for (const char* text : {"", "Owner", "ADMIN", "superuser", "root", "owner ", " viewer", "member\n", "guest"}) {
    CAPTURE(text);
    CHECK_FALSE(d::parse_role(text).has_value());
  }
  CHECK_FALSE(d::parse_role(std::string_view("admin\0", 6)).has_value());
}

TEST_CASE("roles are ordered viewer < member < admin < owner") {
  CHECK(static_cast<int>(Role::Viewer) < static_cast<int>(Role::Member));
  CHECK(static_cast<int>(Role::Member) < static_cast<int>(Role::Admin));
  CHECK(static_cast<int>(Role::Admin) < static_cast<int>(Role::Owner));
}
