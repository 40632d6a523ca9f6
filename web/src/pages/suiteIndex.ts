// The suite tree of a run with status counts per node (a node counts the results of
// its own suite and of every suite below it).
import type { Suite, TestResult, TestStatus } from '../api/types';

export type StatusCounts = Record<TestStatus, number> & { total: number };

export function emptyCounts(): StatusCounts {
  return { passed: 0, failed: 0, flaky: 0, skipped: 0, total: 0 };
}

export interface SuiteIndex {
  parent: Map<string, string | null>;
  counts: Map<string, StatusCounts>;
  byId: Map<string, Suite>;
  /** results whose suiteId is null or not in the tree */
  loose: StatusCounts;
}

export function indexSuites(roots: Suite[], tests: TestResult[]): SuiteIndex {
  const parent = new Map<string, string | null>();
  const byId = new Map<string, Suite>();
  const counts = new Map<string, StatusCounts>();
  const stack: [Suite, string | null][] = roots.map((s) => [s, null]);
  while (stack.length) {
    const [s, p] = stack.pop()!;
    parent.set(s.id, p);
    byId.set(s.id, s);
    counts.set(s.id, emptyCounts());
    for (const c of s.children) stack.push([c, s.id]);
  }
  const loose = emptyCounts();
  for (const t of tests) {
    let id: string | null | undefined = t.suiteId;
    if (!id || !parent.has(id)) {
      loose[t.status]++;
      loose.total++;
      continue;
    }
    while (id) {
      const c = counts.get(id)!;
      c[t.status]++;
      c.total++;
      id = parent.get(id) ?? null;
    }
  }
  return { parent, counts, byId, loose };
}

/** True when suite `id` is `ancestor` or below it. */
export function isWithin(index: SuiteIndex, id: string | null, ancestor: string): boolean {
  let cur: string | null | undefined = id;
  while (cur) {
    if (cur === ancestor) return true;
    cur = index.parent.get(cur);
  }
  return false;
}

/** "File › Describe › …" path of a suite, for a result's second line. */
export function suitePath(index: SuiteIndex, id: string | null): string {
  const parts: string[] = [];
  let cur: string | null | undefined = id;
  while (cur) {
    const s = index.byId.get(cur);
    if (!s) break;
    parts.unshift(s.title);
    cur = index.parent.get(cur);
  }
  return parts.join(' › ');
}
