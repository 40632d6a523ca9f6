// What each role may do (contract §3), so that write controls are shown only to
// those who can use them. The table itself is generated from the server's
// (roleMatrix.gen.ts); the server still enforces everything.
import type { Role } from '../api/types';
import { minimumRole } from './roleMatrix.gen';

const rank: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function atLeast(role: Role | null | undefined, min: Role): boolean {
  return !!role && rank[role] >= rank[min];
}

type Check = (r: Role | null | undefined) => boolean;
const allows = (action: keyof typeof minimumRole): Check => (r) => atLeast(r, minimumRole[action]);

export const can = {
  writeResults: allows('writeResults'), // quarantine too
  deleteResults: allows('deleteResults'),
  manageProject: allows('manageProjects'),
  manageKeys: allows('manageApiKeys'),
  manageWebhooks: allows('manageWebhooks'),
  invite: allows('inviteMembers'),
  changeRoles: allows('changeRoleBelowOwner'),
  removeMembers: allows('removeNonOwner'),
  deleteProject: allows('deleteProject'),
  deleteTeam: allows('deleteTeam'),
  manageOwners: allows('manageOwners'),
};

export const roles: Role[] = ['owner', 'admin', 'member', 'viewer'];
