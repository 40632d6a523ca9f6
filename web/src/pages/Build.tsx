// One CI build (contract §14): the runs of the project sharing ciBuildId. Its status and
// summed counts, each shard with status and duration, what changed against the base
// build, and every shard's results merged in one list (failed and flaky first).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { builds as buildsApi } from '../api/endpoints';
import type { TestResult, TestStatus } from '../api/types';
import { PassRate } from '../components/Counts';
import { Empty, ErrorBox, Loading } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { VirtualList } from '../components/VirtualList';
import { dateTime, duration, num, shortSha } from '../lib/format';
import { Link } from '../lib/router';
import { useAsync } from '../lib/useAsync';
import { useTitle } from '../lib/useTitle';
import { baseLabel, ComparisonLists } from '../components/ComparisonLists';
import type { ProjectCtx } from './ProjectFrame';
import { loadAllTests } from '../lib/runData';
import { Stat } from '../components/RunSummary';
import { TestRow } from '../components/TestRow';
import { sortTests, STATUSES } from '../lib/testOrder';

export function BuildPage({ project, ciBuildId }: ProjectCtx & { ciBuildId: string }) {
  useTitle(`Build ${ciBuildId}`, project.name);
  const build = useAsync(() => buildsApi.get(project.id, ciBuildId), [project.id, ciBuildId]);
  const cmp = useAsync(() => buildsApi.compare(project.id, ciBuildId), [project.id, ciBuildId]);
  const b = build.data;
  if (build.error) return <ErrorBox error={build.error} action="load this build" retry={build.reload} />;
  if (!b) return <Loading label="Loading build…" />;
  const shardOf = new Map(b.shards.map((s) => [s.runId, s.shardCurrent]));
  return (
    <div data-testid="page-build" data-build-status={b.status}>
      <div class="breadcrumbs">
        <Link href={`/p/${project.id}/runs`}>Runs</Link>
        <span aria-hidden="true">/</span>
        <span>Build {ciBuildId}</span>
      </div>
      <section class="card run-summary" aria-label="Build summary" data-testid="build-summary">
        <div class="run-summary-head">
          <StatusBadge status={b.status} />
          <h1 class="run-h1">{b.commitMessage?.split('\n')[0] || `Build ${ciBuildId}`}</h1>
        </div>
        <div class="run-meta muted wrap">
          <span>build {ciBuildId}</span>
          {b.branch && <span class="branch">{b.branch}</span>}
          {b.commitSha && <code class="sha" title={b.commitSha}>{shortSha(b.commitSha)}</code>}
        </div>
        <div class="stats">
          <Stat label="Tests" value={num(b.totalTests)} testid="build-total" />
          <Stat label="Passed" value={num(b.passedTests)} cls="c-passed" />
          <Stat label="Failed" value={num(b.failedTests)} cls="c-failed" testid="build-failed" />
          <Stat label="Flaky" value={num(b.flakyTests)} cls="c-flaky" />
          <Stat label="Skipped" value={num(b.skippedTests)} cls="c-skipped" />
          <div class="stat">
            <div class="stat-label">Pass rate</div>
            <div class="stat-value">
              <PassRate value={b.passRate} />
            </div>
          </div>
          <Stat label="Duration" value={b.duration === null ? 'running…' : duration(b.duration)} />
          <Stat label="Started" value={dateTime(b.createdAt)} />
        </div>
      </section>

      <section class="card" aria-labelledby="shards-h">
        <h2 id="shards-h" class="section-h">Shards</h2>
        <div class="table shards-table" role="table" aria-label="Shards" data-testid="shards">
          <div class="thead" role="row">
            <span role="columnheader">Status</span>
            <span role="columnheader">Shard</span>
            <span role="columnheader">Tests</span>
            <span role="columnheader">Duration</span>
          </div>
          {b.shards.map((s) => (
            <div class="tr" role="row" key={s.runId} data-testid="shard-row" data-status={s.status}>
              <span role="cell">
                <StatusBadge status={s.status} />
              </span>
              <span role="cell">
                <Link href={`/p/${project.id}/runs/${s.runId}`}>
                  Shard {s.shardCurrent ?? '?'} of {s.shardTotal ?? b.shards.length}
                </Link>
              </span>
              <span role="cell" class="num">{num(s.totalTests)}</span>
              <span role="cell" class="num">{s.status === 'running' ? '…' : duration(s.duration)}</span>
            </div>
          ))}
        </div>
      </section>

      <section class="card" aria-labelledby="build-cmp-h" data-testid="build-comparison">
        <h2 id="build-cmp-h" class="section-h">Compared with the base build</h2>
        {cmp.error ? (
          <ErrorBox error={cmp.error} action="compare this build" retry={cmp.reload} />
        ) : !cmp.data ? (
          <Loading label="Comparing…" />
        ) : (
          <>
            <p class="muted small">{baseLabel(cmp.data, project.id)}</p>
            <ComparisonLists c={cmp.data} projectId={project.id} />
          </>
        )}
      </section>

      <MergedTests projectId={project.id} runIds={b.shards.map((s) => s.runId)} shardOf={shardOf} />
    </div>
  );
}

// Every shard's results, loaded one shard after another (so a big build never bursts
// past the rate limit), merged and sorted.
function MergedTests({ projectId, runIds, shardOf }: { projectId: string; runIds: string[]; shardOf: Map<string, number | null> }) {
  const [tests, setTests] = useState<TestResult[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<TestStatus | ''>('');
  const key = runIds.join(',');
  useEffect(() => {
    let alive = true;
    (async () => {
      try {
        const all: TestResult[] = [];
        for (const id of runIds) all.push(...(await loadAllTests(projectId, id, () => {})));
        if (alive) setTests(sortTests(all));
      } catch (e) {
        if (alive) setError(e);
      }
    })();
    return () => {
      alive = false;
    };
  }, [projectId, key]);
  const shown = useMemo(() => (tests && status ? tests.filter((t) => t.status === status) : tests ?? []), [tests, status]);
  return (
    <section class="card" aria-labelledby="merged-h">
      <h2 id="merged-h" class="section-h">All tests of the build</h2>
      {error ? (
        <ErrorBox error={error} action="load the build's tests" />
      ) : !tests ? (
        <Loading label="Loading every shard's results…" />
      ) : tests.length === 0 ? (
        <Empty title="No results">The build's runs have no test results.</Empty>
      ) : (
        <>
          <div class="chips" role="group" aria-label="Filter by status">
            <button type="button" class="chip" aria-pressed={status === ''} onClick={() => setStatus('')}>
              All <span class="muted">{tests.length.toLocaleString()}</span>
            </button>
            {STATUSES.map((s) => (
              <button type="button" key={s} class={`chip st-${s}`} aria-pressed={status === s} onClick={() => setStatus(status === s ? '' : s)} data-testid={`build-filter-${s}`}>
                <span class="chip-dot" aria-hidden="true" />
                {s} <span class="muted">{tests.filter((t) => t.status === s).length.toLocaleString()}</span>
              </button>
            ))}
          </div>
          <VirtualList
            items={shown}
            rowHeight={44}
            height="min(640px, calc(100vh - 200px))"
            testid="build-test-list"
            label="Test results of the build"
            render={(t) => <TestRow t={t} projectId={projectId} path={[`shard ${shardOf.get(t.runId) ?? '?'}`, t.filePath].filter(Boolean).join(' › ')} />}
          />
        </>
      )}
    </section>
  );
}
