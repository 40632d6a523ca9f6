// The one fetch wrapper: JSON in and out, the session cookie (same origin), errors in
// the contract's shape {error:{code,message,details}} turned into ApiError.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> | null = null,
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

type Handler = (err: ApiError) => void;
let onUnauthorized: Handler = () => {};

/** Called on any 401 outside the sign-in endpoints (expired or revoked session). */
export function setUnauthorizedHandler(fn: Handler) {
  onUnauthorized = fn;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, q?: Query): string {
  if (!q) return path;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

export async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'The server could not be reached. Check your connection and try again.');
  }
  if (res.ok) {
    // Every success is JSON (res.json() skips a JS string copy of big result pages).
    if (res.status === 204) return null as T;
    return (await res.json()) as T;
  }
  const text = await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }

  const e = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
  const retry = res.headers.get('Retry-After');
  const err = new ApiError(
    res.status,
    e?.code ?? `HTTP_${res.status}`,
    e?.message ?? `The server answered ${res.status} ${res.statusText}`.trim(),
    e?.details ?? null,
    retry !== null && /^\d+$/.test(retry) ? Number(retry) : null,
  );
  if (res.status === 401 && !path.startsWith('/api/auth/login') && !path.startsWith('/api/auth/register')) {
    onUnauthorized(err);
  }
  throw err;
}

// Prefetch: main.tsx starts the GETs a deep link will need (the user, the project, the
// run and its first page of results) before the first render, all at once instead of
// one after another. A later get() of the same URL takes the started request.
const warm = new Map<string, { at: number; p: Promise<unknown> }>();
let prefetching = false;

export function prefetch(start: () => Promise<unknown>) {
  prefetching = true;
  try {
    start().catch(() => {}); // the consumer sees the error when it takes the request
  } finally {
    prefetching = false;
  }
}

export function get<T>(path: string, query?: Query): Promise<T> {
  const url = withQuery(path, query);
  if (prefetching) {
    const p = request<T>('GET', url);
    warm.set(url, { at: Date.now(), p });
    return p;
  }
  const w = warm.get(url);
  if (w) {
    warm.delete(url);
    if (Date.now() - w.at < 10000) return w.p as Promise<T>;
  }
  return request<T>('GET', url);
}
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, body);
export const del = <T>(path: string) => request<T>('DELETE', path);

/** A sentence for the person in front of the screen. `action` names what they tried ("manage API keys"). */
export function describeError(err: unknown, action?: string): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  if (err.status === 429) {
    const wait = err.retryAfter !== null ? ` Try again in ${err.retryAfter} s.` : '';
    return `Slow down: too many requests.${wait}`;
  }
  if (err.status === 403 && err.details && typeof err.details.requiredRole === 'string') {
    const yours = typeof err.details.role === 'string' ? ` (your role is ${err.details.role})` : '';
    return action ? `You need the ${err.details.requiredRole} role to ${action}${yours}.` : `${err.message}.`;
  }
  return err.message;
}
