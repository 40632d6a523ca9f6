// /verify-email/:token: confirms an address (a new account's, or a changed one) when
// the user presses the button; a mail scanner fetching the link confirms nothing.
import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { auth } from '../api/endpoints';
import { FormError } from '../components/States';
import { Link } from '../lib/router';
import { refreshSession, useSession } from '../lib/session';
import { useTitle } from '../lib/useTitle';
import { AuthFrame } from '../components/AuthForm';
import { useSubmit } from '../lib/useSubmit';

export function VerifyEmail({ token }: { token: string }) {
  useTitle('Confirm your email address');
  const session = useSession();
  const [email, setEmail] = useState('');
  const { busy, error, run } = useSubmit();

  async function confirm() {
    await run(
      async () => {
        const user = await auth.verifyEmail(token);
        setEmail(user.email);
        if (session.status === 'signed-in') await refreshSession();
      },
      (err) =>
        err instanceof ApiError && (err.status === 404 || err.status === 410)
          ? new Error('This link is no longer valid. Ask for a new one from your profile.')
          : err,
    );
  }

  return (
    <AuthFrame title="Confirm your email address" testid="page-verify-email">
      {email ? (
        <>
          <p class="notice" role="status" data-testid="verify-done">
            <strong>{email}</strong> is confirmed.
          </p>
          <Link href={session.status === 'signed-in' ? '/' : '/login'} class="btn btn-primary">
            Continue
          </Link>
        </>
      ) : (
        <>
          <p>Press the button to confirm that this address is yours.</p>
          <FormError error={error} />
          <button type="button" class="btn btn-primary" disabled={busy} onClick={confirm} data-testid="verify-submit">
            {busy ? 'Confirming…' : 'Confirm my address'}
          </button>
        </>
      )}
    </AuthFrame>
  );
}
