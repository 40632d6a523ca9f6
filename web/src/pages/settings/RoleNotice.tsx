import type { Role } from '../../api/types';

/** Says which role a section needs, instead of showing controls that would answer 403. */
export function RoleNotice({ need, what, role }: { need: Role; what: string; role: Role | null }) {
  return (
    <p class="notice notice-warn" data-testid="role-notice">
      You need the {need} role to {what}
      {role ? ` (your role in this team is ${role})` : ''}.
    </p>
  );
}
