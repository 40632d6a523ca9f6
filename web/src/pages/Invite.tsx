// /invite/:token: the invitation link (contract §11). Shows the team, the role and who
// invited; a signed-in invitee accepts at once, anyone else signs in or creates the
// account with the invited address, fixed, and joins in the same step.
import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { auth, invitations } from '../api/endpoints';
import type { InvitationPreview } from '../api/types';
import { ErrorBox, FormError, Loading } from '../components/States';
import { dateTime } from '../lib/format';
import { invalidateProjects } from '../lib/projects';
import { navigate } from '../lib/router';
import { markSignedOut, refreshSession, useSession } from '../lib/session';
import { useAsync } from '../lib/useAsync';
import { useSubmit } from '../lib/useSubmit';
import { useTitle } from '../lib/useTitle';
import { AuthFrame } from '../components/AuthForm';

export function Invite({ token }: { token: string }) {
  useTitle('Invitation');
  const session = useSession();
  const preview = useAsync(() => invitations.preview(token), [token]);

  if (preview.error) {
    const gone = preview.error instanceof ApiError && preview.error.status === 404;
    return (
      <AuthFrame title="Invitation" testid="page-invite">
        {gone ? (
          <p class="notice" data-testid="invite-invalid">
            This invitation link is no longer valid: it was used, it expired, or a newer invitation replaced it. Ask the person
            who invited you for a new one.
          </p>
        ) : (
          <ErrorBox error={preview.error} retry={preview.reload} />
        )}
      </AuthFrame>
    );
  }
  if (!preview.data || session.status === 'loading')
    return (
      <div class="center-page">
        <Loading />
      </div>
    );
  const inv = preview.data;
  return (
    <AuthFrame title={`Join ${inv.teamName}`} testid="page-invite">
      <p data-testid="invite-summary">
        {inv.invitedBy ? <strong>{inv.invitedBy}</strong> : 'You are'} {inv.invitedBy ? 'invites' : 'invited'} <strong>{inv.email}</strong> to
        the team <strong>{inv.teamName}</strong> as <strong data-testid="invite-role">{inv.role}</strong>.
        <span class="muted small"> Valid until {dateTime(inv.expiresAt)}.</span>
      </p>
      {session.status === 'signed-in' ? <SignedIn token={token} inv={inv} email={session.me.email} /> : <Anonymous token={token} inv={inv} />}
    </AuthFrame>
  );
}

async function joined() {
  invalidateProjects();
  await refreshSession();
  navigate('/', { replace: true });
}

function SignedIn({ token, inv, email }: { token: string; inv: InvitationPreview; email: string }) {
  const { busy, error, run } = useSubmit();
  if (email !== inv.email)
    return (
      <div data-testid="invite-other-account">
        <p class="notice">
          You are signed in as <strong>{email}</strong>, but this invitation is for <strong>{inv.email}</strong>.
        </p>
        <button
          type="button"
          class="btn"
          data-testid="invite-sign-out"
          onClick={async () => {
            try {
              await auth.logout();
            } catch {
              /* signed out either way */
            }
            invalidateProjects();
            markSignedOut();
          }}
        >
          Sign out to continue as {inv.email}
        </button>
      </div>
    );
  return (
    <>
      <FormError error={error} />
      <button
        type="button"
        class="btn btn-primary"
        disabled={busy}
        data-testid="invite-accept"
        onClick={() =>
          run(async () => {
            await invitations.acceptLink(token);
            await joined();
          })
        }
      >
        Join {inv.teamName}
      </button>
    </>
  );
}

function Anonymous({ token, inv }: { token: string; inv: InvitationPreview }) {
  const [mode, setMode] = useState<'register' | 'login'>('register');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, setError, run } = useSubmit();

  // A taken address switches to signing in; a wrong password says so.
  function explain(err: unknown): unknown {
    if (err instanceof ApiError && err.status === 409 && mode === 'register') {
      setMode('login');
      return new Error('This address has an account already: sign in to join.');
    }
    if (err instanceof ApiError && err.code === 'INVALID_CREDENTIALS') return new Error('Wrong password.');
    return err;
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (mode === 'register' && password.length < 8) return setError(new Error('The password needs at least 8 characters.'));
    await run(async () => {
      if (mode === 'register') {
        await auth.register(inv.email, password, name, token);
      } else {
        await auth.login(inv.email, password);
        try {
          await invitations.acceptLink(token);
        } catch (err) {
          if (!(err instanceof ApiError && err.status === 409)) throw err;  // already a member
        }
      }
      await joined();
    }, explain);
  }

  return (
    <>
      <div class="tabs" role="tablist" aria-label="How to join">
        <button type="button" role="tab" class={`tab${mode === 'register' ? ' active' : ''}`} aria-selected={mode === 'register'} onClick={() => setMode('register')} data-testid="invite-mode-register">
          Create my account
        </button>
        <button type="button" role="tab" class={`tab${mode === 'login' ? ' active' : ''}`} aria-selected={mode === 'login'} onClick={() => setMode('login')} data-testid="invite-mode-login">
          I have an account
        </button>
      </div>
      <form onSubmit={submit} class="form">
        <label>
          Email
          <input type="email" value={inv.email} readOnly aria-readonly="true" autoComplete="username" data-testid="invite-email" />
        </label>
        {mode === 'register' && (
          <label>
            Name
            <input name="name" autoComplete="name" value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="invite-name" />
          </label>
        )}
        <label>
          Password {mode === 'register' && <span class="muted small">(at least 8 characters)</span>}
          <input
            type="password"
            required
            autoComplete={mode === 'register' ? 'new-password' : 'current-password'}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            data-testid="invite-password"
          />
        </label>
        <FormError error={error} />
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="invite-submit">
          {busy ? 'Joining…' : mode === 'register' ? `Create my account and join ${inv.teamName}` : `Sign in and join ${inv.teamName}`}
        </button>
      </form>
    </>
  );
}
