import { useEffect, useState } from 'preact/hooks';
import { auth } from '../api/endpoints';
import { ApiError } from '../api/client';
import { FormError } from '../components/States';
import { Link, navigate, useLocation } from '../lib/router';
import { refreshSession } from '../lib/session';
import { invalidateProjects } from '../lib/projects';
import { AuthFrame, nextPath } from '../components/AuthForm';
import { useTitle } from '../lib/useTitle';
import { useServerInfo } from '../lib/serverInfo';
import { useSubmit } from '../lib/useSubmit';

export function Login() {
  useTitle('Sign in');
  const loc = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useSubmit();
  const expired = loc.query.has('next');
  // A server without accounts: its first visitor creates the first one.
  const info = useServerInfo();
  useEffect(() => {
    if (info?.firstAccount) navigate(`/register${location.search}`, { replace: true });
  }, [info?.firstAccount]);

  async function submit(e: Event) {
    e.preventDefault();
    await run(
      async () => {
        await auth.login(email, password);
        invalidateProjects();
        await refreshSession();
        navigate(nextPath(loc.query), { replace: true });
      },
      (err) => (err instanceof ApiError && err.code === 'INVALID_CREDENTIALS' ? new Error('Wrong email or password.') : err),
    );
  }

  return (
    <AuthFrame title="Sign in" testid="page-login">
      {expired && (
        <p class="notice" data-testid="session-expired">
          Sign in to continue.
        </p>
      )}
      <form onSubmit={submit} class="form">
        <label>
          Email
          <input type="email" name="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} data-testid="login-email" />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} data-testid="login-password" />
        </label>
        <FormError error={error} />
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="login-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p class="muted small">
        <Link href="/forgot-password" data-testid="to-forgot-password">Forgot your password?</Link>
      </p>
      <p class="muted small">
        New here? <Link href={`/register${loc.query.has('next') ? `?next=${encodeURIComponent(loc.query.get('next')!)}` : ''}`} data-testid="to-register">Create an account</Link> (the first account of a new server, or with an invitation).
      </p>
    </AuthFrame>
  );
}
