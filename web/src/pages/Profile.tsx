// The signed-in user's own account: name, email address (confirmed by a link when the
// server sends email), password, and the sessions signed in with it.
import { useState } from 'preact/hooks';
import { auth } from '../api/endpoints';
import type { SessionInfo } from '../api/types';
import { ConfirmButton } from '../components/Buttons';
import { Layout } from '../components/Layout';
import { FormError, ListStates } from '../components/States';
import { dateTime } from '../lib/format';
import { refreshSession, useSession } from '../lib/session';
import { useServerInfo } from '../lib/serverInfo';
import { useAsync } from '../lib/useAsync';
import { useTitle } from '../lib/useTitle';
import { useSubmit } from '../lib/useSubmit';

export function Profile() {
  useTitle('Your account');
  return (
    <Layout>
      <div class="narrow" data-testid="page-profile">
        <h1>Your account</h1>
        <NameForm />
        <EmailForm />
        <PasswordForm />
        <Sessions />
      </div>
    </Layout>
  );
}

/** The shared submit pattern plus a success message (what `fn` resolves to). */
function useSubmitWithMessage() {
  const s = useSubmit();
  const [done, setDone] = useState('');
  const run = (fn: () => Promise<string>) => {
    setDone('');
    return s.run(async () => setDone(await fn()));
  };
  return { busy: s.busy, error: s.error, done, run };
}

function Done({ text, testid }: { text: string; testid: string }) {
  return text ? (
    <p class="notice" role="status" data-testid={testid}>
      {text}
    </p>
  ) : null;
}

function NameForm() {
  const session = useSession();
  const me = session.status === 'signed-in' ? session.me : null;
  const [name, setName] = useState(me?.name ?? '');
  const s = useSubmitWithMessage();
  return (
    <form
      class="card form"
      onSubmit={(e) => {
        e.preventDefault();
        void s.run(async () => {
          await auth.rename(name.trim());
          await refreshSession();
          return 'Name saved.';
        });
      }}
    >
      <h2>Name</h2>
      <label>
        Shown to your teams
        <input value={name} required maxLength={200} onInput={(e) => setName(e.currentTarget.value)} data-testid="profile-name" />
      </label>
      <FormError error={s.error} />
      <Done text={s.done} testid="profile-name-saved" />
      <button type="submit" class="btn btn-primary" disabled={s.busy || !name.trim()} data-testid="profile-name-save">
        Save
      </button>
    </form>
  );
}

function EmailForm() {
  const session = useSession();
  const info = useServerInfo();
  const me = session.status === 'signed-in' ? session.me : null;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const s = useSubmitWithMessage();
  const resend = useSubmitWithMessage();
  if (!me) return null;
  return (
    <form
      class="card form"
      onSubmit={(e) => {
        e.preventDefault();
        void s.run(async () => {
          const r = await auth.changeEmail(email.trim(), password);
          setPassword('');
          if ('pendingEmail' in r) return `Open the link sent to ${r.pendingEmail} to finish the change.`;
          await refreshSession();
          setEmail('');
          return `Your address is now ${r.email}.`;
        });
      }}
    >
      <h2>Email address</h2>
      <p data-testid="profile-email">
        <strong>{me.email}</strong>{' '}
        {me.emailVerified ? (
          <span class="badge st-passed" data-testid="email-verified">confirmed</span>
        ) : (
          <span class="badge st-flaky" data-testid="email-unverified">not confirmed</span>
        )}
      </p>
      {!me.emailVerified && info?.emailEnabled && (
        <p class="muted small">
          Confirm it to accept invitations from the Invitations page.{' '}
          <button type="button" class="btn btn-sm" disabled={resend.busy} data-testid="resend-verification" onClick={() => void resend.run(async () => ((await auth.resendVerification()), 'A new link is on its way.'))}>
            Send the link again
          </button>
        </p>
      )}
      <FormError error={resend.error} />
      <Done text={resend.done} testid="verification-resent" />
      <label>
        New address
        <input type="email" autoComplete="email" value={email} required onInput={(e) => setEmail(e.currentTarget.value)} data-testid="profile-new-email" />
      </label>
      <label>
        Current password
        <input type="password" autoComplete="current-password" value={password} required onInput={(e) => setPassword(e.currentTarget.value)} data-testid="profile-email-password" />
      </label>
      {info && !info.emailEnabled && <p class="muted small">This server sends no email: the change applies at once, and the new address stays unconfirmed.</p>}
      <FormError error={s.error} />
      <Done text={s.done} testid="profile-email-result" />
      <button type="submit" class="btn btn-primary" disabled={s.busy || !email.trim() || !password} data-testid="profile-email-save">
        Change address
      </button>
    </form>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const s = useSubmitWithMessage();
  return (
    <form
      class="card form"
      onSubmit={(e) => {
        e.preventDefault();
        void s.run(async () => {
          if (next.length < 8) throw new Error('The new password needs at least 8 characters.');
          await auth.changePassword(current, next);
          setCurrent('');
          setNext('');
          return 'Password changed. Your other sessions are signed out.';
        });
      }}
    >
      <h2>Password</h2>
      <label>
        Current password
        <input type="password" autoComplete="current-password" value={current} required onInput={(e) => setCurrent(e.currentTarget.value)} data-testid="profile-current-password" />
      </label>
      <label>
        New password <span class="muted small">(at least 8 characters)</span>
        <input type="password" autoComplete="new-password" value={next} required onInput={(e) => setNext(e.currentTarget.value)} data-testid="profile-new-password" />
      </label>
      <FormError error={s.error} />
      <Done text={s.done} testid="profile-password-saved" />
      <button type="submit" class="btn btn-primary" disabled={s.busy || !current || !next} data-testid="profile-password-save">
        Change password
      </button>
    </form>
  );
}

function describeAgent(ua: string | null): string {
  if (!ua) return 'Unknown browser';
  const browser = /Firefox\//.test(ua) ? 'Firefox' : /Edg\//.test(ua) ? 'Edge' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : /curl\//.test(ua) ? 'curl' : 'Browser';
  const os = /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Linux/.test(ua) ? 'Linux' : '';
  return os ? `${browser} on ${os}` : browser;
}

function Sessions() {
  const list = useAsync(() => auth.sessions(), []);
  const [error, setError] = useState<unknown>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await list.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section class="card" data-testid="sessions">
      <h2>Signed-in sessions</h2>
      <ListStates list={list} empty={<p class="muted">No sessions.</p>}>
        {(page) => (
          <>
            <ul class="plain-list">
              {page.data.map((s: SessionInfo) => (
                <li class="row-line" key={s.id} data-testid="session-row" data-current={s.current ? 'true' : 'false'}>
                  <span>
                    <strong>{describeAgent(s.userAgent)}</strong>
                    {s.current && <> <span class="badge st-passed">this session</span></>}
                    <span class="muted small"> · signed in {dateTime(s.createdAt)} · last seen {dateTime(s.lastSeenAt)}</span>
                  </span>
                  {!s.current && (
                    <ConfirmButton testid="revoke-session" question="Sign this session out?" confirmLabel="Sign out" onConfirm={() => act(() => auth.revokeSession(s.id))}>
                      Sign out
                    </ConfirmButton>
                  )}
                </li>
              ))}
            </ul>
            {page.data.length > 1 && (
              <ConfirmButton testid="revoke-other-sessions" question="Sign every other session out?" confirmLabel="Sign them out" onConfirm={() => act(() => auth.revokeOtherSessions())}>
                Sign out everywhere else
              </ConfirmButton>
            )}
          </>
        )}
      </ListStates>
      <FormError error={error} />
    </section>
  );
}
