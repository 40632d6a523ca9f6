// Team roles and the permission matrix of contract §3. Sessions and API keys are
// checked by the same table: a key acts with the smaller of its role and its
// creator's current role (effective_role).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace euriqa::domain {

enum class Role { Viewer = 0, Member = 1, Admin = 2, Owner = 3 };

std::optional<Role> parse_role(std::string_view text);
const char* role_name(Role role);
Role effective_role(Role key_role, Role creator_role);

enum class Action {
  Read,              // read anything in the team's projects
  WriteResults,      // create/update runs, tests, suites; upload artifacts; quarantine
  DeleteResults,     // delete runs and artifacts
  ManageProjects,    // create/update projects and their settings
  ManageApiKeys,
  ManageWebhooks,
  InviteMembers,
  ChangeRoleBelowOwner,
  RemoveNonOwner,
  DeleteProject,
  DeleteTeam,
  ManageOwners,      // grant or remove the owner role (and remove owners)
};

// The lowest role allowed to perform the action.
Role minimum_role(Action action);
bool role_allows(Role role, Action action);
const char* action_description(Action action);
// The action's name in the dashboard's generated role table (web/src/lib/roleMatrix.gen.ts).
const char* action_key(Action action);
std::vector<Action> all_actions();

}  // namespace euriqa::domain
