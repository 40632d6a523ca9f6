import { useState } from 'preact/hooks';
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

export function Register() {
  useTitle('Create account');
  const loc = useLocation();
  const first = useServerInfo()?.firstAccount ?? false;
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, setError, run } = useSubmit();

  async function submit(e: Event) {
    e.preventDefault();
    if (password.length < 8) {
      setError(new Error('The password needs at least 8 characters.'));
      return;
    }
    await run(
      async () => {
        await auth.register(email, password, name);
        invalidateProjects();
        await refreshSession();
        const next = nextPath(loc.query);
        navigate(next === '/' ? '/setup' : next, { replace: true });
      },
      (err) =>
        err instanceof ApiError && err.code === 'SIGNUP_DISABLED'
          ? new Error('Sign-up is closed on this server. Ask an admin for an invitation to this email address, then register again.')
          : err instanceof ApiError && err.status === 409
            ? new Error('An account with this email already exists. Sign in instead.')
            : err,
    );
  }

  return (
    <AuthFrame title={first ? 'Create the first account' : 'Create your account'} testid="page-register">
      {first && <p class="muted small" data-testid="first-account-note">This server has no account yet: yours will be its first, and you will create the first team and project next.</p>}
      <form onSubmit={submit} class="form">
        <label>
          Name
          <input name="name" autoComplete="name" value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="register-name" />
        </label>
        <label>
          Email
          <input type="email" name="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} data-testid="register-email" />
        </label>
        <label>
          Password <span class="muted small">(at least 8 characters)</span>
          <input type="password" name="password" autoComplete="new-password" required minLength={8} value={password} onInput={(e) => setPassword(e.currentTarget.value)} data-testid="register-password" />
        </label>
        <FormError error={error} />
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="register-submit">
          {busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p class="muted small">
        Already have an account? <Link href="/login" data-testid="to-login">Sign in</Link>
      </p>
    </AuthFrame>
  );
}
