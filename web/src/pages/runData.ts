// Loads every result of a run (pages of 200, a few at a time) and, while the run is
// running, only the new ones. Results come newest first, so new results appear at
// offset 0: a poll reads pages from the top until it meets a result it has.
// Finished runs are cached (a few) so going back from a test page costs no requests:
// a 10,000-test run is 50 list requests against a rate limit of 200 a minute.
import { ApiError } from '../api/client';
import { tests as testsApi } from '../api/endpoints';
import type { Suite, TestResult } from '../api/types';

export const RESULTS_PAGE = 200; // the API's maximum page
const PAGE = RESULTS_PAGE;

// A big run can meet the read rate limit (200 result pages a minute): wait as told by
// Retry-After and go on, rather than failing the page.
async function listPage(q: Parameters<typeof testsApi.list>[0], tries = 3): ReturnType<typeof testsApi.list> {
  try {
    return await testsApi.list(q);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 429 || tries <= 1) throw e;
    await new Promise((r) => setTimeout(r, Math.min(60, e.retryAfter ?? 5) * 1000));
    return listPage(q, tries - 1);
  }
}
const api = { list: listPage };

export async function loadAllTests(
  projectId: string,
  runId: string,
  onProgress: ProgressFn,
  totalHint?: Promise<number>,
): Promise<TestResult[]> {
  const seen = new Map<string, TestResult>();
  const add = (rows: TestResult[]) => {
    for (const r of rows) seen.set(r.id, r);
  };
  const all = () => [...seen.values()];
  // Every page is requested as soon as the total is known: the browser queues them on
  // its connections (6 per origin) and sends the next as soon as one is free, even
  // while this page's main thread is busy rendering what came before. The total comes
  // from the run (requested at the same time and small, so usually first) or from the
  // first page, whichever is first; the requests go out in that answer's own callback,
  // before anything renders.
  let total = 0;
  let firstDone = false;
  let next = PAGE;
  let lastFull = false;
  let listed = 0; // the largest total a page reported
  let maxOffset = 0;
  const pending: Promise<void>[] = [];
  const requestUpTo = (end: number) => {
    for (; next < end; next += PAGE) {
      const offset = next;
      const p = api.list({ projectId, runId, limit: PAGE, offset }).then((page) => {
        add(page.data);
        if (offset >= maxOffset) {
          maxOffset = offset;
          lastFull = page.data.length === PAGE;
        }
        listed = Math.max(listed, page.total);
        if (firstDone) onProgress(seen.size, total, undefined, all);
      });
      p.catch(() => {}); // awaited below
      pending.push(p);
    }
  };
  const firstP = api.list({ projectId, runId, limit: PAGE, offset: 0 }).then((first) => {
    add(first.data);
    firstDone = true;
    listed = Math.max(listed, first.total);
    total = first.total; // the count of stored results, which the run's may not match
    requestUpTo(total);
    onProgress(seen.size, total, first.data, all);
    return first;
  });
  totalHint?.then(
    (n) => {
      if (!firstDone && Number.isFinite(n) && n > total) {
        total = n;
        requestUpTo(total);
      }
    },
    () => {},
  );
  const first = await firstP;
  for (let i = 0; i < pending.length; i++) await pending[i];
  if (first.data.length < PAGE) return all();
  // Counts sent by a reporter's PATCH may be below the stored rows, and results added
  // while loading push older ones down: read on while full and some are still missing.
  for (let offset = next; lastFull && seen.size < listed; offset += PAGE) {
    const page = await api.list({ projectId, runId, limit: PAGE, offset });
    add(page.data);
    lastFull = page.data.length === PAGE;
    listed = Math.max(listed, page.total);
    total = Math.max(total, seen.size);
    onProgress(seen.size, total, undefined, all);
  }
  return all();
}

// A run's full load, started at boot for a deep link (main.tsx) so that the 50 pages
// of a big run do not wait for the user and project requests and the first render;
// the run page takes it over, replaying the progress it missed.
/** `all()`: a copy of the results loaded so far. */
type ProgressFn = (loaded: number, total: number, firstPage: TestResult[] | undefined, all: () => TestResult[]) => void;
export interface RunLoad {
  done: Promise<TestResult[]>;
  listen: (fn: ProgressFn) => void;
}
const started = new Map<string, RunLoad>();

export function startRunLoad(projectId: string, runId: string, keep = true, totalHint?: Promise<number>): RunLoad {
  let loaded = 0;
  let total = 0;
  let first: TestResult[] | undefined;
  let all: () => TestResult[] = () => [];
  const fns = new Set<ProgressFn>();
  const done = loadAllTests(projectId, runId, (l, t, f, a) => {
    loaded = l;
    total = t;
    all = a;
    if (f) first = f;
    for (const fn of fns) fn(l, t, f, a);
  }, totalHint);
  done.catch(() => {}); // the page that takes the load reports errors
  const load: RunLoad = {
    done,
    listen: (fn) => {
      if (first) fn(loaded, total, first, all);
      fns.add(fn);
    },
  };
  if (keep) started.set(`${projectId}/${runId}`, load);
  return load;
}

/** The load started at boot for this run, or a new one. */
export function takeRunLoad(projectId: string, runId: string, totalHint?: Promise<number>): RunLoad {
  const k = `${projectId}/${runId}`;
  const l = started.get(k);
  started.delete(k);
  return l ?? startRunLoad(projectId, runId, false, totalHint);
}

/** Results added since `known` was loaded (newest first). */
export async function loadNewTests(projectId: string, runId: string, known: Set<string>): Promise<TestResult[]> {
  const out: TestResult[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api.list({ projectId, runId, limit: PAGE, offset });
    let metKnown = false;
    for (const r of page.data) {
      if (known.has(r.id)) metKnown = true;
      else out.push(r);
    }
    if (metKnown || page.data.length < PAGE || offset > 100000) return out;
  }
}

export interface RunData {
  updatedAt: string;
  tests: TestResult[];
  suites: Suite[];
}

const cache = new Map<string, RunData>();

/** The cached results of a finished run; `updatedAt` null: any version. */
export function cachedRun(runId: string, updatedAt: string | null): RunData | null {
  const c = cache.get(runId);
  return c && (updatedAt === null || c.updatedAt === updatedAt) ? c : null;
}

export function cacheRun(runId: string, data: RunData) {
  cache.delete(runId);
  cache.set(runId, data);
  while (cache.size > 3) cache.delete(cache.keys().next().value!);
}

export function uncacheRun(runId: string) {
  cache.delete(runId);
}

// The last listed results, so a test page opened from the list can show its header
// at once while the full result loads.
let lastListed: TestResult[] = [];
export function rememberListed(list: TestResult[]) {
  lastListed = list;
}
export function peekTest(id: string): TestResult | undefined {
  return lastListed.find((t) => t.id === id);
}

// The run page's filters per run, so "back to the run" from a test keeps them.
const runQueries = new Map<string, string>();
export function rememberRunQuery(runId: string, search: string) {
  runQueries.set(runId, search);
}
export function runHref(projectId: string, runId: string): string {
  const q = runQueries.get(runId);
  return `/p/${projectId}/runs/${runId}${q ? `?${q}` : ''}`;
}

export function buildHref(projectId: string, ciBuildId: string): string {
  return `/p/${projectId}/builds/${encodeURIComponent(ciBuildId)}`;
}
