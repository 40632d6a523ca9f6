// /reset-password/:token: choose a new password with the link's token. Every session
// of the account is signed out; the user signs in again with the new password.
import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { auth } from '../api/endpoints';
import { FormError } from '../components/States';
import { Link } from '../lib/router';
import { markSignedOut } from '../lib/session';
import { useTitle } from '../lib/useTitle';
import { AuthFrame } from '../components/AuthForm';
import { useSubmit } from '../lib/useSubmit';

export function ResetPassword({ token }: { token: string }) {
  useTitle('Choose a new password');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, setError, run } = useSubmit();

  async function submit(e: Event) {
    e.preventDefault();
    if (password.length < 8) return setError(new Error('The password needs at least 8 characters.'));
    if (password !== again) return setError(new Error('The two passwords differ.'));
    await run(
      async () => {
        await auth.confirmReset(token, password);
        markSignedOut();
        setDone(true);
      },
      (err) =>
        err instanceof ApiError && (err.status === 404 || err.status === 410)
          ? new Error('This link is no longer valid (links work once, for an hour). Ask for a new one.')
          : err,
    );
  }

  return (
    <AuthFrame title="Choose a new password" testid="page-reset-password">
      {done ? (
        <>
          <p class="notice" role="status" data-testid="reset-done">
            Your password is set, and every session of your account is signed out.
          </p>
          <Link href="/login" class="btn btn-primary" data-testid="reset-to-login">
            Sign in
          </Link>
        </>
      ) : (
        <form onSubmit={submit} class="form">
          <label>
            New password <span class="muted small">(at least 8 characters)</span>
            <input type="password" autoComplete="new-password" required minLength={8} value={password} onInput={(e) => setPassword(e.currentTarget.value)} data-testid="reset-password" />
          </label>
          <label>
            The same again
            <input type="password" autoComplete="new-password" required value={again} onInput={(e) => setAgain(e.currentTarget.value)} data-testid="reset-password-again" />
          </label>
          <FormError error={error} />
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="reset-submit">
            {busy ? 'Saving…' : 'Set the password'}
          </button>
          <p class="muted small">
            <Link href="/forgot-password">Ask for a new link</Link>
          </p>
        </form>
      )}
    </AuthFrame>
  );
}
