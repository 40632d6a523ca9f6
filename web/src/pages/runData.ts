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
const PARALLEL = 6; // a browser's connections per origin

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
  onProgress: (loaded: TestResult[], total: number) => void,
): Promise<TestResult[]> {
  const seen = new Map<string, TestResult>();
  const add = (rows: TestResult[]) => {
    for (const r of rows) seen.set(r.id, r);
  };
  const first = await api.list({ projectId, runId, limit: PAGE, offset: 0 });
  add(first.data);
  let total = first.total;
  onProgress([...seen.values()], total);
  let lastFull = first.data.length === PAGE;
  let next = PAGE;
  while (lastFull) {
    // Planned pages from the total, then one at a time while pages come back full
    // (counts sent by a reporter's PATCH may differ from the stored rows).
    const batch: number[] = [];
    while (batch.length < PARALLEL && (next < total || batch.length === 0)) {
      batch.push(next);
      next += PAGE;
    }
    const pages = await Promise.all(batch.map((offset) => api.list({ projectId, runId, limit: PAGE, offset })));
    for (const p of pages) add(p.data);
    total = Math.max(total, pages[pages.length - 1].total);
    lastFull = pages[pages.length - 1].data.length === PAGE;
    onProgress([...seen.values()], total);
  }
  return [...seen.values()];
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
