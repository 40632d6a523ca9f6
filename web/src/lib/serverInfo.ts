// What the server says about itself before anyone signs in (GET /api/server-info):
// its sign-up mode, whether it sends email, whether this browser is signed in and whether
// it has an account yet. Loaded once per page load and again after signing in or out.
import { useEffect, useState } from 'preact/hooks';
import { server } from '../api/endpoints';
import type { ServerInfo } from '../api/types';

let cached: Promise<ServerInfo> | null = null;

export function serverInfo(): Promise<ServerInfo> {
  if (!cached) cached = server.info().catch((e) => ((cached = null), Promise.reject(e)));
  return cached;
}

/** After signing in or out: whether the browser is signed in, and whether the server has an
 * account yet, may have changed since the page loaded. */
export function forgetServerInfo() {
  cached = null;
}

/** null until known (or when it could not be loaded). */
export function useServerInfo(): ServerInfo | null {
  const [info, setInfo] = useState<ServerInfo | null>(null);
  useEffect(() => {
    let alive = true;
    serverInfo().then((i) => alive && setInfo(i), () => {});
    return () => void (alive = false);
  }, []);
  return info;
}
