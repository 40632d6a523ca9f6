// "Forgot your password?": asks for a reset link by email. The answer is the same
// whether or not the address has an account.
import { useState } from 'preact/hooks';
import { auth } from '../api/endpoints';
import { FormError } from '../components/States';
import { Link } from '../lib/router';
import { useTitle } from '../lib/useTitle';
import { useServerInfo } from '../lib/serverInfo';
import { useSubmit } from '../lib/useSubmit';
import { AuthFrame } from '../components/AuthForm';

export function ForgotPassword() {
  useTitle('Reset your password');
  const info = useServerInfo();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useSubmit();

  async function submit(e: Event) {
    e.preventDefault();
    await run(async () => {
      await auth.requestReset(email.trim());
      setSent(true);
    });
  }

  return (
    <AuthFrame title="Reset your password" testid="page-forgot-password">
      {info && !info.emailEnabled && (
        <p class="notice" data-testid="no-email-notice">
          This server does not send email. Ask a team admin for a reset link (Members page), or the server's operator
          to run <code>euriqa user reset-password</code>.
        </p>
      )}
      {sent ? (
        <p class="notice" role="status" data-testid="reset-requested">
          If <strong>{email}</strong> has an account, a link to choose a new password is on its way. It works once, for an
          hour.
        </p>
      ) : (
        <form onSubmit={submit} class="form">
          <label>
            Email
            <input type="email" name="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} data-testid="forgot-email" />
          </label>
          <FormError error={error} />
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="forgot-submit">
            {busy ? 'Sending…' : 'Email me a link'}
          </button>
        </form>
      )}
      <p class="muted small">
        <Link href="/login">Back to sign in</Link>
      </p>
    </AuthFrame>
  );
}
