// Designed loading, empty and error states, the same on every page.
import type { ComponentChildren } from 'preact';
import { ApiError, describeError } from '../api/client';
import type { Async } from '../lib/useAsync';
import { Link } from '../lib/router';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div class="state state-loading" role="status" aria-live="polite" data-testid="loading">
      <span class="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ title, children, testid = 'empty' }: { title: string; children?: ComponentChildren; testid?: string }) {
  return (
    <div class="state state-empty" data-testid={testid}>
      <div class="state-title">{title}</div>
      {children && <div class="state-body">{children}</div>}
    </div>
  );
}

/**
 * An error from the API explained. `action` finishes "You need the X role to …"
 * for 403s; 404s say the thing is gone or not visible; 429s say slow down.
 */
export function ErrorBox({ error, action, retry }: { error: unknown; action?: string; retry?: () => void }) {
  const e = error instanceof ApiError ? error : null;
  let title = 'Something went wrong';
  if (e?.status === 403) title = 'Not allowed';
  else if (e?.status === 404) title = 'Not found';
  else if (e?.status === 429) title = 'Slow down';
  else if (e?.status === 0) title = 'Offline';
  const msg = e?.status === 404 ? `${e.message}. It may have been deleted, or it belongs to a team you are not in.` : describeError(error, action);
  return (
    <div class="state state-error" role="alert" data-testid="error" data-code={e?.code}>
      <div class="state-title">{title}</div>
      <div class="state-body">{msg}</div>
      <div class="state-actions">
        {retry && e?.status !== 403 && e?.status !== 404 && (
          <button type="button" class="btn" onClick={retry}>
            Try again
          </button>
        )}
        {e?.status === 404 && <Link href="/">Go to the start page</Link>}
      </div>
    </div>
  );
}

/** An inline error line under a form. */
export function FormError({ error, action }: { error: unknown; action?: string }) {
  if (!error) return null;
  return (
    <p class="form-error" role="alert" data-testid="form-error">
      {describeError(error, action)}
    </p>
  );
}

/** A fetched page of a list in one of its states: its error (with retry), loading,
 * empty, or the page itself. */
export function ListStates<P extends { data: unknown[] }>({
  list,
  action,
  loading,
  empty,
  children,
}: {
  list: Pick<Async<P>, 'data' | 'error' | 'reload'>;
  action?: string;
  loading?: string;
  empty: ComponentChildren;
  children: (page: P) => ComponentChildren;
}) {
  if (list.error) return <ErrorBox error={list.error} action={action} retry={list.reload} />;
  if (!list.data) return <Loading label={loading} />;
  if (list.data.data.length === 0) return <>{empty}</>;
  return <>{children(list.data)}</>;
}
