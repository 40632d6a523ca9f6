// The caller's pending invitations (by email), each with Accept.
import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { invitations } from '../api/endpoints';
import { Layout } from '../components/Layout';
import { Empty, ErrorBox, FormError, Loading } from '../components/States';
import { useAsync } from '../lib/useAsync';
import { dateTime } from '../lib/format';
import { Link, navigate } from '../lib/router';
import { refreshSession } from '../lib/session';
import { invalidateProjects } from '../lib/projects';

export function Invitations() {
  return (
    <Layout>
      <div class="narrow" data-testid="page-invitations">
        <h1>Invitations</h1>
        <PendingInvitations />
      </div>
    </Layout>
  );
}

/** `compact`: renders nothing when there are none (used on the setup page). */
export function PendingInvitations({ compact }: { compact?: boolean }) {
  const list = useAsync(() => invitations.mine(), []);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState('');

  if (list.loading && !list.data) return compact ? null : <Loading />;
  if (list.error) return compact ? null : <ErrorBox error={list.error} retry={list.reload} />;
  const items = list.data?.data ?? [];
  if (items.length === 0)
    return compact ? null : (
      <Empty title="No pending invitations">
        When a team admin invites your email address, the invitation shows up here. <Link href="/">Back to my projects</Link>
      </Empty>
    );

  return (
    <section class="card" data-testid="pending-invitations">
      <h2>Pending invitations</h2>
      <ul class="plain-list">
        {items.map((i) => (
          <li key={i.id} class="row-line" data-testid="invitation-row">
            <span>
              <strong>{i.teamName ?? i.teamId}</strong> invites you as <strong>{i.role}</strong>
              <span class="muted small"> · expires {dateTime(i.expiresAt)}</span>
            </span>
            <button
              type="button"
              class="btn btn-primary btn-sm"
              disabled={busy === i.id}
              data-testid="accept-invitation"
              onClick={async () => {
                setBusy(i.id);
                setError(null);
                try {
                  await invitations.accept(i.id);
                  invalidateProjects();
                  await refreshSession();
                  navigate('/');
                } catch (e) {
                  setError(
                    e instanceof ApiError && e.details?.reason === 'email_unverified'
                      ? new Error('Confirm your email address first (see your account page), or open the link of the invitation email.')
                      : e,
                  );
                  void list.reload();
                } finally {
                  setBusy('');
                }
              }}
            >
              Accept
            </button>
          </li>
        ))}
      </ul>
      <FormError error={error} />
    </section>
  );
}
