// Shared frame of the sign-in and registration pages.
import type { ComponentChildren } from 'preact';

export function AuthFrame({ title, testid, children }: { title: string; testid: string; children: ComponentChildren }) {
  return (
    <main class="auth-page" data-testid={testid}>
      <div class="auth-card">
        <div class="brand brand-lg">
          <span class="brand-mark" aria-hidden="true" />
          Euriqa
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

/** ?next= only ever names a path on this server (no open redirect). */
export function nextPath(q: URLSearchParams): string {
  const n = q.get('next');
  return n && n.startsWith('/') && !n.startsWith('//') && !n.startsWith('/login') ? n : '/';
}
