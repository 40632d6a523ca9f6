// Loads every result of a run in one request (GET /api/runs/:id/rows: columnar,
// gzip-compressed, one request against the rate limit however big the run) and, while
// the run is running, only the new ones. Results come newest first, so new results appear
// at offset 0 of the list: a poll reads pages from the top until it meets a result it has.
// Finished runs are cached (a few) so going back from a test page costs no requests.
import { ApiError } from '../api/client';
import { runs as runsApi, tests as testsApi } from '../api/endpoints';
import type { RunRows, Suite, TestResult } from '../api/types';

export const RESULTS_PAGE = 200; // the API's maximum page
const PAGE = RESULTS_PAGE;

// Waits as told by Retry-After and tries again, rather than failing the page.
async function retrying<T>(call: () => Promise<T>, tries = 3): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 429 || tries <= 1) throw e;
    await new Promise((r) => setTimeout(r, Math.min(60, e.retryAfter ?? 5) * 1000));
    return retrying(call, tries - 1);
  }
}
const api = { list: (q: Parameters<typeof testsApi.list>[0]) => retrying(() => testsApi.list(q)) };

/** The rows answer as the results the run page lists (the error reduced to its first line). */
export function resultsOfRows(rows: RunRows, projectId: string): TestResult[] {
  const at = (name: string) => rows.fields.indexOf(name);
  const [id, title, fullTitle, filePath, suiteId, status, duration, retries, error] = [
    'id', 'title', 'fullTitle', 'filePath', 'suiteId', 'status', 'duration', 'retries', 'error',
  ].map(at);
  return rows.rows.map((r) => ({
    id: r[id] as string,
    runId: rows.runId,
    projectId,
    suiteId: r[suiteId] as string | null,
    title: r[title] as string,
    fullTitle: r[fullTitle] as string,
    filePath: r[filePath] as string | null,
    lineNumber: null,
    status: r[status] as TestResult['status'],
    duration: r[duration] as number,
    retries: r[retries] as number | null,
    attempt: null,
    isFlaky: r[status] === 'flaky',
    tags: null,
    annotations: null,
    error: r[error] === null ? null : { message: r[error] as string },
    errorSignature: null,
    createdAt: '',
  }));
}

export async function loadAllTests(projectId: string, runId: string, onProgress: ProgressFn): Promise<TestResult[]> {
  const rows = await retrying(() => runsApi.rows(runId));
  const all = resultsOfRows(rows, projectId);
  onProgress(all.length, all.length, all, () => all.slice());
  return all;
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

export function startRunLoad(projectId: string, runId: string, keep = true): RunLoad {
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
  });
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
export function takeRunLoad(projectId: string, runId: string): RunLoad {
  const k = `${projectId}/${runId}`;
  const l = started.get(k);
  started.delete(k);
  return l ?? startRunLoad(projectId, runId, false);
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
