// Generated from src/domain/roles.cpp by tests/unit/role_matrix_web_test.cpp: do not edit.
// The least role allowed each action (contract §3), as the server enforces it.
import type { Role } from '../api/types';

export const minimumRole = {
  read: 'viewer', // read this team's data
  writeResults: 'member', // report runs, tests, suites and artifacts
  deleteResults: 'admin', // delete runs and artifacts
  manageProjects: 'admin', // create or change projects and their settings
  manageApiKeys: 'admin', // manage API keys
  manageWebhooks: 'admin', // manage webhooks
  inviteMembers: 'admin', // invite members
  changeRoleBelowOwner: 'admin', // change member roles
  removeNonOwner: 'admin', // remove members
  deleteProject: 'owner', // delete projects
  deleteTeam: 'owner', // delete the team
  manageOwners: 'owner', // grant or remove the owner role
} as const satisfies Record<string, Role>;
