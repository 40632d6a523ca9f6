// The suite tree of a run with status counts per node. Files are the top level
// (the API's root suites are describe blocks, so one title can appear in many files);
// a node counts the results of its own suite and of every suite below it.
import type { Suite, TestResult, TestStatus } from '../api/types';

export type StatusCounts = Record<TestStatus, number> & { total: number };

export function emptyCounts(): StatusCounts {
  return { passed: 0, failed: 0, flaky: 0, skipped: 0, total: 0 };
}

const FILE = 'file:';
const NO_FILE = `${FILE}`; // results without a file path

export interface SuiteIndex {
  roots: Suite[]; // file nodes, holding the API's root suites
  parent: Map<string, string | null>;
  counts: Map<string, StatusCounts>;
  byId: Map<string, Suite>;
}

function fileNode(path: string): Suite {
  return { id: FILE + path, title: path || '(no file)', filePath: path || null, parentSuiteId: null, children: [] };
}

export function indexSuites(apiRoots: Suite[], tests: TestResult[]): SuiteIndex {
  const parent = new Map<string, string | null>();
  const byId = new Map<string, Suite>();
  const counts = new Map<string, StatusCounts>();
  const files = new Map<string, Suite>();
  const file = (path: string) => {
    let f = files.get(path);
    if (!f) {
      f = fileNode(path);
      files.set(path, f);
      parent.set(f.id, null);
      byId.set(f.id, f);
      counts.set(f.id, emptyCounts());
    }
    return f;
  };
  for (const r of apiRoots) {
    const f = file(r.filePath ?? '');
    f.children.push(r);
    const stack: [Suite, string][] = [[r, f.id]];
    while (stack.length) {
      const [s, p] = stack.pop()!;
      parent.set(s.id, p);
      byId.set(s.id, s);
      counts.set(s.id, emptyCounts());
      for (const c of s.children) stack.push([c, s.id]);
    }
  }
  for (const t of tests) {
    let id: string | null | undefined = t.suiteId && parent.has(t.suiteId) ? t.suiteId : file(t.filePath ?? '').id;
    while (id) {
      const c = counts.get(id)!;
      c[t.status]++;
      c.total++;
      id = parent.get(id);
    }
  }
  // Natural order (feature2 before feature10); results without a file last.
  const collator = new Intl.Collator(undefined, { numeric: true });
  const roots = [...files.values()].sort((a, b) => (a.id === NO_FILE ? 1 : b.id === NO_FILE ? -1 : collator.compare(a.id, b.id)));
  return { roots, parent, counts, byId };
}

/** True when result `t` is in node `nodeId` (a file or a suite) or below it. */
export function inNode(index: SuiteIndex, t: TestResult, nodeId: string): boolean {
  if (nodeId.startsWith(FILE)) return (t.filePath ?? '') === nodeId.slice(FILE.length);
  let cur: string | null | undefined = t.suiteId;
  while (cur) {
    if (cur === nodeId) return true;
    cur = index.parent.get(cur);
  }
  return false;
}

/** "Describe › …" path of a result's suite (without the file), for its second line. */
export function suitePath(index: SuiteIndex, id: string | null): string {
  const parts: string[] = [];
  let cur: string | null | undefined = id;
  while (cur && !cur.startsWith(FILE)) {
    const s = index.byId.get(cur);
    if (!s) break;
    parts.unshift(s.title);
    cur = index.parent.get(cur);
  }
  return parts.join(' › ');
}
