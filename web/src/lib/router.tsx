// A tiny History-API router: the current location as a hook, navigate(), <Link>,
// and path matching with :params. The server answers index.html for every unknown
// non-API path, so every route here is a deep link.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export interface Loc {
  path: string;
  query: URLSearchParams;
  href: string; // path + search, for ?next=
}

function current(): Loc {
  return { path: location.pathname, query: new URLSearchParams(location.search), href: location.pathname + location.search };
}

const listeners = new Set<() => void>();
function notify() {
  for (const l of listeners) l();
}
addEventListener('popstate', notify);

export function navigate(to: string, opts: { replace?: boolean } = {}) {
  if (to === location.pathname + location.search) return;
  const before = location.pathname;
  if (opts.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  // A new page starts at the top; query-only changes (filters) keep the scroll.
  if (location.pathname !== before) scrollTo(0, 0);
  notify();
}

/** Replaces the query string of the current path (filters kept in the URL). */
export function setQuery(q: Record<string, string | undefined>) {
  const p = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === '') p.delete(k);
    else p.set(k, v);
  }
  const s = p.toString();
  history.replaceState(null, '', location.pathname + (s ? `?${s}` : ''));
  notify();
}

export function useLocation(): Loc {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const l = () => {
      const now = current();
      setLoc((was) => (was.href === now.href ? was : now));
    };
    listeners.add(l);
    // A navigate() between the first render and this effect (a prefetch's 401
    // redirecting to /login, say) notified nobody: catch up with it now.
    l();
    return () => void listeners.delete(l);
  }, []);
  return loc;
}

/** Matches "/p/:projectId/runs" against a path; returns the params or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/').filter(Boolean);
  const b = path.split('/').filter(Boolean);
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(':')) params[a[i].slice(1)] = decodeURIComponent(b[i]);
    else if (a[i] !== b[i]) return null;
  }
  return params;
}

type LinkProps = JSX.HTMLAttributes<HTMLAnchorElement> & { href: string; children?: ComponentChildren };

/** An <a> that navigates in-app on a plain click and behaves normally otherwise (new tab etc.). */
export function Link({ href, onClick, ...rest }: LinkProps) {
  return (
    <a
      href={href}
      onClick={(e) => {
        if (onClick) (onClick as (ev: MouseEvent) => void)(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
      {...rest}
    />
  );
}
