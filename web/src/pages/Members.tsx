// Team members and invitations: invite (admin+), change roles (owner role: owners
// only), remove, revoke invitations. Everyone in the team can see the members.
import { useState } from 'preact/hooks';
import { invitations, members } from '../api/endpoints';
import type { Invitation, Member, ResetLink, Role } from '../api/types';
import { ConfirmButton, CopyButton } from '../components/Buttons';
import { Empty, ErrorBox, FormError, Loading } from '../components/States';
import { dateTime } from '../lib/format';
import { invalidateProjects } from '../lib/projects';
import { atLeast, can, roles } from '../lib/roles';
import { navigate } from '../lib/router';
import { refreshSession, useSession } from '../lib/session';
import { useAsync } from '../lib/useAsync';
import { useServerInfo } from '../lib/serverInfo';
import { useTitle } from '../lib/useTitle';
import { RoleNotice } from './settings/RoleNotice';
import { useSubmit } from '../lib/useSubmit';

export default function MembersPage({ teamId }: { teamId: string }) {
  const session = useSession();
  const me = session.status === 'signed-in' ? session.me : null;
  const team = me?.teams.find((t) => t.id === teamId);
  const role = team?.role ?? null;
  useTitle('Members', team?.name);
  const list = useAsync(() => members.list(teamId), [teamId]);
  const pending = useAsync(async () => (can.invite(role) ? (await invitations.ofTeam(teamId)).data : []), [teamId, role]);
  const [email, setEmail] = useState('');
  const [inviteRole, setInviteRole] = useState<Role>('member');
  const [invited, setInvited] = useState<Invitation | null>(null);
  const [resetLink, setResetLink] = useState<ResetLink | null>(null);
  const info = useServerInfo();
  const { busy, error, setError, run } = useSubmit();

  async function act(fn: () => Promise<unknown>, after?: () => Promise<unknown>) {
    setError(null);
    try {
      await fn();
      await (after ?? list.reload)();
    } catch (err) {
      setError(err);
    }
  }

  async function invite(e: Event) {
    e.preventDefault();
    setInvited(null);
    await run(async () => {
      const inv = await members.invite(teamId, email.trim(), inviteRole);
      setInvited(inv);
      setEmail('');
      await pending.reload();
    });
  }

  // Roles the caller may hand out: never above their own; owner only by owners.
  const grantable = roles.filter((r) => (r === 'owner' ? can.manageOwners(role) : role !== null && atLeast(role, r)));
  const canEdit = (m: Member) => (m.role === 'owner' ? can.manageOwners(role) : can.invite(role));

  if (list.error) return <ErrorBox error={list.error} retry={list.reload} />;
  return (
    <div class="narrow wide" data-testid="page-members">
      <div class="page-head">
        <h1>Members</h1>
        <span class="muted">{team?.name}</span>
      </div>
      {!can.invite(role) && <RoleNotice need="admin" what="invite members or change roles" role={role} />}

      {can.invite(role) && (
        <form class="card form form-inline" onSubmit={invite}>
          <label class="grow">
            Invite by email
            <input type="email" required value={email} placeholder="name@example.com" onInput={(e) => setEmail(e.currentTarget.value)} data-testid="invite-email" />
          </label>
          <label>
            Role
            <select value={inviteRole} onChange={(e) => setInviteRole(e.currentTarget.value as Role)} data-testid="invite-role">
              {(['admin', 'member', 'viewer'] as Role[])
                .filter((r) => grantable.includes(r))
                .map((r) => (
                  <option value={r} key={r}>
                    {r}
                  </option>
                ))}
            </select>
          </label>
          <button type="submit" class="btn btn-primary" disabled={busy || !email.trim()} data-testid="invite-member">
            Invite
          </button>
        </form>
      )}
      {invited && (
        <div class="notice" role="status" data-testid="invite-result">
          {invited.emailSent ? (
            <p>
              Invitation emailed to <strong>{invited.email}</strong>. The link in it works once, until {dateTime(invited.expiresAt)}.
            </p>
          ) : (
            <>
              <p>
                Invitation created for <strong>{invited.email}</strong>. This server sends no email: give them this link (shown only
                now). It works once, until {dateTime(invited.expiresAt)}.
              </p>
              <p class="copy-line">
                <code data-testid="invite-link">{invited.inviteUrl}</code> <CopyButton text={invited.inviteUrl ?? ''} testid="copy-invite-link" />
              </p>
            </>
          )}
        </div>
      )}
      {resetLink && (
        <div class="notice" role="status" data-testid="reset-link-result">
          <p>
            A password reset link for <strong>{resetLink.email}</strong> (shown only now; it works once, for an hour, and signs
            all their sessions out):
          </p>
          <p class="copy-line">
            <code data-testid="reset-link">{resetLink.resetUrl}</code> <CopyButton text={resetLink.resetUrl} testid="copy-reset-link" />
          </p>
        </div>
      )}
      <FormError error={error} action="manage team members" />

      {!list.data ? (
        <Loading />
      ) : (
        <div class="table members-table" role="table" aria-label="Members" data-testid="members-list">
          <div class="thead" role="row">
            <span role="columnheader">Name</span>
            <span role="columnheader">Email</span>
            <span role="columnheader">Role</span>
            <span role="columnheader">Joined</span>
            <span role="columnheader">
              <span class="sr-only">Actions</span>
            </span>
          </div>
          {list.data.data.map((m) => {
            const self = m.userId === me?.id;
            return (
              <div class="tr" role="row" key={m.id} data-testid="member-row" data-member-id={m.id} data-email={m.email} data-role={m.role}>
                <span role="cell" class="ellipsis">
                  {m.name || '–'}
                  {self && <span class="muted"> (you)</span>}
                </span>
                <span role="cell" class="ellipsis">{m.email}</span>
                <span role="cell">
                  {canEdit(m) ? (
                    <select
                      value={m.role}
                      aria-label={`Role of ${m.email}`}
                      data-testid="member-role"
                      onChange={(e) => {
                        const r = e.currentTarget.value;
                        void act(() => members.setRole(m.id, r), async () => {
                          await list.reload();
                          if (self) await refreshSession();
                        });
                      }}
                    >
                      {roles
                        .filter((r) => grantable.includes(r) || r === m.role)
                        .map((r) => (
                          <option value={r} key={r}>
                            {r}
                          </option>
                        ))}
                    </select>
                  ) : (
                    <span data-testid="member-role-text">{m.role}</span>
                  )}
                </span>
                <span role="cell" class="muted">{dateTime(m.joinedAt)}</span>
                <span role="cell">
                  {self ? (
                    <ConfirmButton
                      testid="leave-team"
                      question="Leave this team?"
                      confirmLabel="Leave"
                      onConfirm={() =>
                        act(() => members.remove(m.id), async () => {
                          invalidateProjects();
                          await refreshSession();
                          navigate('/');
                        })
                      }
                    >
                      Leave
                    </ConfirmButton>
                  ) : canEdit(m) ? (
                    <span class="row-actions">
                      {info && !info.emailEnabled && m.role !== 'owner' && (
                        <button
                          type="button"
                          class="btn btn-sm"
                          data-testid="make-reset-link"
                          onClick={() => void act(async () => setResetLink(await members.resetLink(m.id)), async () => {})}
                        >
                          Reset link
                        </button>
                      )}
                      <ConfirmButton testid="remove-member" question={`Remove ${m.email}?`} confirmLabel="Remove" onConfirm={() => act(() => members.remove(m.id))}>
                        Remove
                      </ConfirmButton>
                    </span>
                  ) : null}
                </span>
              </div>
            );
          })}
        </div>
      )}

      {can.invite(role) && (
        <section class="section-gap">
          <h2>Pending invitations</h2>
          {pending.error ? (
            <ErrorBox error={pending.error} retry={pending.reload} />
          ) : !pending.data ? (
            <Loading />
          ) : pending.data.length === 0 ? (
            <Empty title="No pending invitations" testid="no-invitations" />
          ) : (
            <ul class="plain-list card" data-testid="team-invitations">
              {pending.data.map((i) => (
                <li class="row-line" key={i.id} data-testid="team-invitation-row" data-email={i.email}>
                  <span>
                    <strong>{i.email}</strong> as {i.role} <span class="muted small">· expires {dateTime(i.expiresAt)}</span>
                  </span>
                  <ConfirmButton testid="revoke-invitation" question="Revoke this invitation?" confirmLabel="Revoke" onConfirm={() => act(() => invitations.revoke(i.id), pending.reload)}>
                    Revoke
                  </ConfirmButton>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
