// The order of a run's (or build's) result list: failed and flaky first.
import type { TestResult, TestStatus } from '../api/types';

const rank: Record<TestStatus, number> = { failed: 0, flaky: 1, passed: 2, skipped: 3 };
export const STATUSES: TestStatus[] = ['failed', 'flaky', 'passed', 'skipped'];

// Failed and flaky first, then by file and title. Grouped by status and file first, so
// only the few files and each file's own results are compared (a 10,000-result run is
// sorted in one short task); the same order as one sort by (rank, file, title).
const byTitle = (a: TestResult, b: TestResult) => (a.fullTitle < b.fullTitle ? -1 : a.fullTitle > b.fullTitle ? 1 : 0);
export function sortTests(list: TestResult[]): TestResult[] {
  const groups: Map<string, TestResult[]>[] = [new Map(), new Map(), new Map(), new Map()];
  for (const t of list) {
    const m = groups[rank[t.status] ?? 3];
    const f = t.filePath ?? '';
    const g = m.get(f);
    if (g) g.push(t);
    else m.set(f, [t]);
  }
  const out: TestResult[] = [];
  for (const m of groups) {
    const files = [...m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const f of files) for (const t of m.get(f)!.sort(byTitle)) out.push(t);
  }
  return out;
}

