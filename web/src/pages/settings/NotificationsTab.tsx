// "Email me when a run fails": the signed-in member's own subscriptions for this
// project, per branch or for every branch. Open to every role, viewers included.
import { useState } from 'preact/hooks';
import { runFailureEmails } from '../../api/endpoints';
import { ConfirmButton } from '../../components/Buttons';
import { FormError, ListStates } from '../../components/States';
import { useSession } from '../../lib/session';
import { useServerInfo } from '../../lib/serverInfo';
import { useAsync } from '../../lib/useAsync';
import { Link } from '../../lib/router';
import type { ProjectCtx } from '../ProjectFrame';
import { useSubmit } from '../../lib/useSubmit';

export function NotificationsTab({ project }: ProjectCtx) {
  const session = useSession();
  const info = useServerInfo();
  const verified = session.status === 'signed-in' && session.me.emailVerified;
  const list = useAsync(() => runFailureEmails.list(project.id), [project.id]);
  const [branch, setBranch] = useState('');
  const { busy, error, run } = useSubmit();

  async function add(e: Event) {
    e.preventDefault();
    await run(async () => {
      await runFailureEmails.add(project.id, branch.trim() || null);
      setBranch('');
      await list.reload();
    });
  }

  return (
    <section class="card" data-testid="notifications-tab">
      <h2>Email me when a run fails</h2>
      {info && !info.emailEnabled && (
        <p class="notice" data-testid="notifications-no-email">
          This server sends no email yet (its operator sets <code>smtp</code> in the configuration). What you choose here applies
          once it does.
        </p>
      )}
      {info?.emailEnabled && !verified && (
        <p class="notice" data-testid="notifications-unverified">
          Mail goes to confirmed addresses only: confirm yours on <Link href="/profile">your account page</Link>.
        </p>
      )}
      <ListStates list={list} empty={<p class="muted" data-testid="no-subscriptions">You get no run-failure email for this project.</p>}>
        {(page) => (
          <ul class="plain-list" data-testid="subscriptions">
            {page.data.map((s) => (
              <li class="row-line" key={s.id} data-testid="subscription-row" data-branch={s.branch ?? ''}>
                <span>{s.branch ? <>Runs on <code>{s.branch}</code></> : 'Runs on every branch'}</span>
                <ConfirmButton testid="unsubscribe" question="Stop these emails?" confirmLabel="Stop" onConfirm={async () => {
                  await runFailureEmails.remove(s.id);
                  await list.reload();
                }}>
                  Stop
                </ConfirmButton>
              </li>
            ))}
          </ul>
        )}
      </ListStates>
      <form class="form form-inline" onSubmit={add}>
        <label class="grow">
          Branch <span class="muted small">(empty: every branch)</span>
          <input value={branch} maxLength={500} placeholder="main" onInput={(e) => setBranch(e.currentTarget.value)} data-testid="subscription-branch" />
        </label>
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="subscribe">
          Email me
        </button>
      </form>
      <FormError error={error} />
    </section>
  );
}
