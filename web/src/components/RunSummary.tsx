// The run's header: status, commit, CI metadata and the counts.
import type { ComponentChildren } from 'preact';
import type { Run } from '../api/types';
import { PassRate } from './Counts';
import { StatusBadge } from './StatusBadge';
import { dateTime, duration, num, safeUrl, shortSha } from '../lib/format';
import { Link } from '../lib/router';
import { buildHref } from '../lib/runData';

export function RunSummary({ run }: { run: Run }) {
  const ci = safeUrl(run.ciBuildUrl);
  const title = run.runTitle || run.commitMessage?.split('\n')[0] || run.branch || run.id;
  const meta: [string, ComponentChildren][] = [
    ['CI', run.ciProvider],
    ['Build', run.ciBuildId ? <Link href={buildHref(run.projectId, run.ciBuildId)} data-testid="run-build-link">{run.ciBuildId}</Link> : null],
    ['Shard', run.shardTotal ? `${run.shardCurrent ?? '?'} / ${run.shardTotal}` : null],
    ['Browser', run.browser],
    ['OS', run.os],
    ['Viewport', run.viewport],
    ['Workers', run.workers !== null && run.workers !== undefined ? String(run.workers) : null],
    ['Playwright', run.playwrightVersion],
    ['Host', run.hostname],
    ['Grep', run.grepPatterns?.length ? run.grepPatterns.join(', ') : null],
  ];
  return (
    <section class="card run-summary" data-testid="run-summary" aria-label="Run summary">
      <div class="run-summary-head">
        <StatusBadge status={run.status} />
        <h1 class="run-h1">{title}</h1>
      </div>
      <div class="run-meta muted wrap">
        {run.branch && <span class="branch">{run.branch}</span>}
        {run.commitSha && <code class="sha" title={run.commitSha}>{shortSha(run.commitSha)}</code>}
        {run.runTitle && run.commitMessage && <span title={run.commitMessage}>{run.commitMessage.split('\n')[0]}</span>}
        {run.commitAuthor && <span>by {run.commitAuthor}</span>}
        {ci && (
          <a href={ci} target="_blank" rel="noopener noreferrer" data-testid="ci-link">
            Open CI build ↗
          </a>
        )}
        {run.tags?.map((t) => (
          <span class="tag" key={t}>
            {t}
          </span>
        ))}
      </div>
      <div class="stats">
        <Stat label="Tests" value={num(run.totalTests)} testid="stat-total" />
        <Stat label="Passed" value={num(run.passedTests)} cls="c-passed" testid="stat-passed" />
        <Stat label="Failed" value={num(run.failedTests)} cls="c-failed" testid="stat-failed" />
        <Stat label="Flaky" value={num(run.flakyTests)} cls="c-flaky" testid="stat-flaky" />
        <Stat label="Skipped" value={num(run.skippedTests)} cls="c-skipped" testid="stat-skipped" />
        <div class="stat">
          <div class="stat-label">Pass rate</div>
          <div class="stat-value">
            <PassRate value={run.passRate} />
          </div>
        </div>
        <Stat label="Duration" value={run.status === 'running' && !run.duration ? 'running…' : duration(run.duration)} />
        <Stat label="Started" value={dateTime(run.createdAt)} />
        {run.completedAt && <Stat label="Finished" value={dateTime(run.completedAt)} />}
      </div>
      <dl class="meta-grid">
        {meta
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
    </section>
  );
}

export function Stat({ label, value, cls, testid }: { label: string; value: string; cls?: string; testid?: string }) {
  return (
    <div class="stat" data-testid={testid}>
      <div class="stat-label">{label}</div>
      <div class={`stat-value ${cls ?? ''}`}>{value}</div>
    </div>
  );
}
