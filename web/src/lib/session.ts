// The signed-in user (GET /api/auth/me) shared by every page, and the last project
// used (localStorage) so that "/" can return to it.
import { useEffect, useState } from 'preact/hooks';
import { auth } from '../api/endpoints';
import { ApiError } from '../api/client';
import type { Me, Role } from '../api/types';
import { forgetServerInfo, serverInfo } from './serverInfo';

export type SessionState = { status: 'loading' } | { status: 'anonymous' } | { status: 'signed-in'; me: Me };

let state: SessionState = { status: 'loading' };
const listeners = new Set<(s: SessionState) => void>();

function set(s: SessionState) {
  state = s;
  for (const l of listeners) l(s);
}

export function getSession() {
  return state;
}

/** Reloads the user and their teams; resolves to the new state. */
/** `probe`: at boot, ask the server first whether the browser has a session at all, so that a
 * signed-out visit makes no request that answers 401. */
export async function refreshSession({ probe = false } = {}): Promise<SessionState> {
  if (probe && !(await serverInfo()).signedIn) {
    set({ status: 'anonymous' });
    return state;
  }
  if (!probe) forgetServerInfo();
  try {
    const me = await auth.me();
    set({ status: 'signed-in', me });
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) set({ status: 'anonymous' });
    else throw e;
  }
  return state;
}

export function markSignedOut() {
  forgetServerInfo();
  set({ status: 'anonymous' });
}

export function useSession(): SessionState {
  const [s, setS] = useState(state);
  useEffect(() => {
    listeners.add(setS);
    setS(state);
    return () => void listeners.delete(setS);
  }, []);
  return s;
}

export function teamRole(teamId: string | undefined): Role | null {
  if (state.status !== 'signed-in' || !teamId) return null;
  return state.me.teams.find((t) => t.id === teamId)?.role ?? null;
}

const LAST = 'euriqa.lastProject';
export function rememberProject(id: string) {
  try {
    localStorage.setItem(LAST, id);
  } catch {
    /* storage may be disabled */
  }
}
export function lastProject(): string | null {
  try {
    return localStorage.getItem(LAST);
  } catch {
    return null;
  }
}
