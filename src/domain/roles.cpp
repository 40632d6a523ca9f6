#include "domain/roles.h"

namespace euriqa::domain {

std::optional<Role> parse_role(std::string_view text) {
  if (text == "viewer") return Role::Viewer;
  if (text == "member") return Role::Member;
  if (text == "admin") return Role::Admin;
  if (text == "owner") return Role::Owner;
  return std::nullopt;
}

const char* role_name(Role role) {
  switch (role) {
    case Role::Viewer: return "viewer";
    case Role::Member: return "member";
    case Role::Admin: return "admin";
    case Role::Owner: return "owner";
  }
  return "viewer";
}

Role effective_role(Role key_role, Role creator_role) {
  return static_cast<int>(key_role) < static_cast<int>(creator_role) ? key_role : creator_role;
}

Role minimum_role(Action action) {
  switch (action) {
    case Action::Read: return Role::Viewer;
    case Action::WriteResults: return Role::Member;
    case Action::DeleteResults:
    case Action::ManageProjects:
    case Action::ManageApiKeys:
    case Action::ManageWebhooks:
    case Action::InviteMembers:
    case Action::ChangeRoleBelowOwner:
    case Action::RemoveNonOwner: return Role::Admin;
    case Action::DeleteProject:
    case Action::DeleteTeam:
    case Action::ManageOwners: return Role::Owner;
  }
  return Role::Owner;
}

bool role_allows(Role role, Action action) {
  return static_cast<int>(role) >= static_cast<int>(minimum_role(action));
}

const char* action_description(Action action) {
  switch (action) {
    case Action::Read: return "read this team's data";
    case Action::WriteResults: return "report runs, tests, suites and artifacts";
    case Action::DeleteResults: return "delete runs and artifacts";
    case Action::ManageProjects: return "create or change projects and their settings";
    case Action::ManageApiKeys: return "manage API keys";
    case Action::ManageWebhooks: return "manage webhooks";
    case Action::InviteMembers: return "invite members";
    case Action::ChangeRoleBelowOwner: return "change member roles";
    case Action::RemoveNonOwner: return "remove members";
    case Action::DeleteProject: return "delete projects";
    case Action::DeleteTeam: return "delete the team";
    case Action::ManageOwners: return "grant or remove the owner role";
  }
  return "do this";
}

const char* action_key(Action action) {
  switch (action) {
    case Action::Read: return "read";
    case Action::WriteResults: return "writeResults";
    case Action::DeleteResults: return "deleteResults";
    case Action::ManageProjects: return "manageProjects";
    case Action::ManageApiKeys: return "manageApiKeys";
    case Action::ManageWebhooks: return "manageWebhooks";
    case Action::InviteMembers: return "inviteMembers";
    case Action::ChangeRoleBelowOwner: return "changeRoleBelowOwner";
    case Action::RemoveNonOwner: return "removeNonOwner";
    case Action::DeleteProject: return "deleteProject";
    case Action::DeleteTeam: return "deleteTeam";
    case Action::ManageOwners: return "manageOwners";
  }
  return "unknown";
}

std::vector<Action> all_actions() {
  return {Action::Read,          Action::WriteResults,       Action::DeleteResults,  Action::ManageProjects,
          Action::ManageApiKeys, Action::ManageWebhooks,     Action::InviteMembers,  Action::ChangeRoleBelowOwner,
          Action::RemoveNonOwner, Action::DeleteProject,     Action::DeleteTeam,     Action::ManageOwners};
}

}  // namespace euriqa::domain
