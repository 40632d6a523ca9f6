// What each role may do (contract §3), so that write controls are shown only to
// those who can use them. The server still enforces everything.
import type { Role } from '../api/types';

const rank: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function atLeast(role: Role | null | undefined, min: Role): boolean {
  return !!role && rank[role] >= rank[min];
}

export const can = {
  writeResults: (r: Role | null | undefined) => atLeast(r, 'member'), // quarantine too
  deleteResults: (r: Role | null | undefined) => atLeast(r, 'admin'),
  manageProject: (r: Role | null | undefined) => atLeast(r, 'admin'),
  manageKeys: (r: Role | null | undefined) => atLeast(r, 'admin'),
  manageWebhooks: (r: Role | null | undefined) => atLeast(r, 'admin'),
  invite: (r: Role | null | undefined) => atLeast(r, 'admin'),
  deleteProject: (r: Role | null | undefined) => atLeast(r, 'owner'),
  manageOwners: (r: Role | null | undefined) => atLeast(r, 'owner'),
};

export const roles: Role[] = ['owner', 'admin', 'member', 'viewer'];
