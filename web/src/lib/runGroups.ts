// Shards of one CI build (same ciBuildId, shardTotal > 1) are shown together, at the
// position of the newest shard; other runs stay as they are.
import type { Run, RunStatus } from '../api/types';

export type RunItem = { kind: 'run'; run: Run } | { kind: 'group'; buildId: string; runs: Run[] };

export function groupRuns(runs: Run[]): RunItem[] {
  const out: RunItem[] = [];
  const groups = new Map<string, { kind: 'group'; buildId: string; runs: Run[] }>();
  for (const r of runs) {
    if (r.ciBuildId && (r.shardTotal ?? 0) > 1) {
      const g = groups.get(r.ciBuildId);
      if (g) {
        g.runs.push(r);
        continue;
      }
      const ng = { kind: 'group' as const, buildId: r.ciBuildId, runs: [r] };
      groups.set(r.ciBuildId, ng);
      out.push(ng);
    } else out.push({ kind: 'run', run: r });
  }
  for (const g of groups.values()) g.runs.sort((a, b) => (a.shardCurrent ?? 0) - (b.shardCurrent ?? 0));
  // A lone shard on this page is shown as a plain run.
  return out.map((i) => (i.kind === 'group' && i.runs.length === 1 ? { kind: 'run', run: i.runs[0] } : i));
}

/** The build's status (contract §14): failed if any shard failed, else running while any runs. */
export function groupStatus(runs: Run[]): RunStatus {
  if (runs.some((r) => r.status === 'failed')) return 'failed';
  if (runs.some((r) => r.status === 'running')) return 'running';
  if (runs.some((r) => r.status === 'cancelled')) return 'cancelled';
  return 'passed';
}

export function sumCounts(runs: Run[]) {
  const c = { totalTests: 0, passedTests: 0, failedTests: 0, flakyTests: 0, skippedTests: 0, duration: 0 };
  for (const r of runs) {
    c.totalTests += r.totalTests;
    c.passedTests += r.passedTests;
    c.failedTests += r.failedTests;
    c.flakyTests += r.flakyTests;
    c.skippedTests += r.skippedTests;
    c.duration = Math.max(c.duration, r.duration ?? 0); // shards run side by side
  }
  const passRate = c.totalTests ? Math.round((c.passedTests * 10000) / c.totalTests) / 100 : null;
  return { ...c, passRate };
}

/** What a build is about: its commit message, or a shard's run title without its "(shard 1/3)". */
export function buildTitle(r: Run): string {
  return r.commitMessage?.split('\n')[0] || (r.runTitle ?? '').replace(/\s*[([]?\bshard\s+\d+\s*(\/|of)\s*\d+[)\]]?\s*$/i, '').trim();
}
