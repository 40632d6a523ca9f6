// The project's runs, newest first: filters (kept in the URL), trend charts, shard
// groups, pagination. Refreshes itself while any listed run is still running.
import { useState } from 'preact/hooks';
import { prefetch } from '../api/client';
import { runs as runsApi, type RunFilters } from '../api/endpoints';
import type { Run } from '../api/types';
import { Counts, PassRate } from '../components/Counts';
import { ReporterSetup } from '../components/ReporterSetup';
import { StatusBadge } from '../components/StatusBadge';
import { Empty, ErrorBox, Loading } from '../components/States';
import { duration, dateTime, relTime, safeUrl, shortSha } from '../lib/format';
import { lazy } from '../lib/lazy';
import { Link, setQuery, useLocation } from '../lib/router';
import { useAsync } from '../lib/useAsync';
import { useDebounced } from '../lib/useDebounced';
import { usePoll } from '../lib/usePoll';
import { useTitle } from '../lib/useTitle';
import type { ProjectCtx } from './ProjectFrame';
import { buildHref } from '../lib/runData';
import { buildTitle, groupRuns, groupStatus, sumCounts } from '../lib/runGroups';
import { Pager } from '../components/Pager';

const RunsChart = lazy<{ runs: Run[]; projectId: string }>(() => import('../components/RunsChart'), 'Loading charts…');
const PAGE = 50;

/** A local calendar day as the start (or end) of that day in UTC RFC 3339. */
function dayBound(d: string, end: boolean): string | undefined {
  if (!d) return undefined;
  const t = new Date(`${d}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}

function filtersOf(status: string, branch: string, search: string, from: string, to: string): RunFilters {
  return { status, branch, search, from: dayBound(from, false), to: dayBound(to, true) };
}
const listPage = (projectId: string, f: RunFilters, page: number) => runsApi.list(projectId, { ...f, limit: PAGE, offset: page * PAGE });
const trendOf = (projectId: string, f: RunFilters) => runsApi.list(projectId, { ...f, limit: 100 });

/** Starts the unfiltered runs page's two requests before the app has rendered (main.tsx). */
export function prefetchRunsPage(projectId: string) {
  const none = filtersOf('', '', '', '', '');
  prefetch(() => listPage(projectId, none, 0));
  prefetch(() => trendOf(projectId, none));
}

export function RunsPage({ project }: ProjectCtx) {
  useTitle('Runs', project.name);
  const loc = useLocation();
  const q = loc.query;
  const status = q.get('status') ?? '';
  const [branch, setBranch] = useState(q.get('branch') ?? '');
  const [search, setSearch] = useState(q.get('search') ?? '');
  const from = q.get('from') ?? '';
  const to = q.get('to') ?? '';
  const page = Math.max(0, Number(q.get('page') ?? 0) || 0);
  const dBranch = useDebounced(branch.trim());
  const dSearch = useDebounced(search.trim());

  const filters = filtersOf(status, dBranch, dSearch, from, to);
  const key = JSON.stringify(filters);
  const list = useAsync(() => listPage(project.id, filters, page), [project.id, key, page]);
  // The trend charts cover the last 100 runs matching the filters, whatever the page.
  const trend = useAsync(() => trendOf(project.id, filters), [project.id, key]);

  const anyRunning = !!list.data?.data.some((r) => r.status === 'running');
  usePoll(() => Promise.all([list.reload(), trend.reload()]), 10000, anyRunning);

  const filtered = !!(status || dBranch || dSearch || from || to);
  const update = (patch: Record<string, string>) => setQuery({ ...patch, page: undefined });

  return (
    <div data-testid="page-runs">
      <div class="page-head">
        <h1>Runs</h1>
        {list.data && <span class="muted" data-testid="runs-total">{list.data.total.toLocaleString()} runs</span>}
      </div>

      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select value={status} onChange={(e) => update({ status: e.currentTarget.value })} data-testid="filter-status">
            <option value="">All</option>
            <option value="running">Running</option>
            <option value="passed">Passed</option>
            <option value="failed">Failed</option>
            <option value="cancelled">Cancelled</option>
          </select>
        </label>
        <label>
          Branch
          <input value={branch} placeholder="exact branch" onInput={(e) => { setBranch(e.currentTarget.value); update({ branch: e.currentTarget.value.trim() }); }} data-testid="filter-branch" />
        </label>
        <label class="grow">
          Search
          <input type="search" value={search} placeholder="title, branch or commit message" onInput={(e) => { setSearch(e.currentTarget.value); update({ search: e.currentTarget.value.trim() }); }} data-testid="filter-search" data-search-shortcut />
        </label>
        <label>
          From
          <input type="date" value={from} onChange={(e) => update({ from: e.currentTarget.value })} data-testid="filter-from" />
        </label>
        <label>
          To
          <input type="date" value={to} onChange={(e) => update({ to: e.currentTarget.value })} data-testid="filter-to" />
        </label>
        {filtered && (
          <button type="button" class="btn btn-sm" data-testid="filter-clear" onClick={() => { setBranch(''); setSearch(''); update({ status: '', branch: '', search: '', from: '', to: '' }); }}>
            Clear filters
          </button>
        )}
      </form>

      {trend.data && trend.data.data.length > 1 && <RunsChart runs={trend.data.data} projectId={project.id} />}

      {list.error ? (
        <ErrorBox error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading label="Loading runs…" />
      ) : list.data.data.length === 0 ? (
        filtered ? (
          <Empty title="No runs match these filters">Change or clear the filters above.</Empty>
        ) : (
          <Empty title="No runs yet" testid="runs-empty">
            Runs appear here when your CI reports them. Create an API key in <Link href={`/p/${project.id}/settings/api-keys`}>Settings → API keys</Link> and
            add the Euriqa reporter to your Playwright config.
            <ReporterSetup />
          </Empty>
        )
      ) : (
        <>
          <div class={`table runs-table${list.loading ? ' is-loading' : ''}`} role="table" aria-label="Runs" data-testid="runs-list">
            <div class="thead" role="row">
              <span role="columnheader">Status</span>
              <span role="columnheader">Run</span>
              <span role="columnheader">Tests</span>
              <span role="columnheader">Pass rate</span>
              <span role="columnheader">Duration</span>
              <span role="columnheader">Started</span>
            </div>
            {groupRuns(list.data.data).map((item) =>
              item.kind === 'run' ? (
                <RunRow run={item.run} projectId={project.id} key={item.run.id} />
              ) : (
                <ShardGroup runs={item.runs} buildId={item.buildId} projectId={project.id} key={`g-${item.buildId}`} />
              ),
            )}
          </div>
          <Pager total={list.data.total} page={page} size={PAGE} newestFirst />
        </>
      )}
    </div>
  );
}

function RunRow({ run, projectId, shard }: { run: Run; projectId: string; shard?: boolean }) {
  const ci = safeUrl(run.ciBuildUrl);
  const title = run.runTitle || run.commitMessage?.split('\n')[0] || run.branch || run.id;
  return (
    <div class={`tr run-row${shard ? ' shard-row' : ''}`} role="row" data-testid="run-row" data-run-id={run.id} data-status={run.status}>
      <span role="cell">
        <StatusBadge status={run.status} />
      </span>
      <span role="cell" class="run-main">
        <Link href={`/p/${projectId}/runs/${run.id}`} class="run-title" data-testid="run-link">
          {shard && run.shardCurrent ? <span class="shard-tag">Shard {run.shardCurrent}/{run.shardTotal}</span> : null}
          {title}
        </Link>
        <span class="run-meta muted">
          {run.branch && <span class="branch" data-testid="run-branch">{run.branch}</span>}
          {run.commitSha && <code class="sha" title={run.commitSha}>{shortSha(run.commitSha)}</code>}
          {run.runTitle && run.commitMessage && <span class="ellipsis" title={run.commitMessage}>{run.commitMessage.split('\n')[0]}</span>}
          {run.commitAuthor && <span>{run.commitAuthor}</span>}
          {run.ciBuildId && !shard && (
            <Link href={buildHref(projectId, run.ciBuildId)} data-testid="run-build-link">
              build {run.ciBuildId}
            </Link>
          )}
          {ci && (
            <a href={ci} target="_blank" rel="noopener noreferrer" data-testid="ci-link">
              {run.ciProvider || 'CI'} ↗
            </a>
          )}
        </span>
      </span>
      <span role="cell">
        <Counts c={run} />
      </span>
      <span role="cell">
        <PassRate value={run.passRate} />
      </span>
      <span role="cell" class="num">{run.status === 'running' && !run.duration ? '…' : duration(run.duration)}</span>
      <span role="cell" class="muted" title={dateTime(run.createdAt)}>
        {relTime(run.createdAt)}
      </span>
    </div>
  );
}

function ShardGroup({ runs, buildId, projectId }: { runs: Run[]; buildId: string; projectId: string }) {
  const c = sumCounts(runs);
  const first = runs[0];
  const ci = safeUrl(first.ciBuildUrl);
  const total = first.shardTotal ?? runs.length;
  return (
    <div class="shard-group" role="rowgroup" data-testid="shard-group" data-build-id={buildId}>
      <div class="tr group-head" role="row">
        <span role="cell">
          <StatusBadge status={groupStatus(runs)} />
        </span>
        <span role="cell" class="run-main">
          <Link href={buildHref(projectId, buildId)} class="run-title" data-testid="build-link">
            <span class="shard-tag">{runs.length} of {total} shards</span>
            Build {buildId}
            {buildTitle(first) && <span class="muted" data-testid="build-title"> · {buildTitle(first)}</span>}
          </Link>
          <span class="run-meta muted">
            {first.branch && <span class="branch">{first.branch}</span>}
            {first.commitSha && <code class="sha">{shortSha(first.commitSha)}</code>}
            {first.commitAuthor && <span>{first.commitAuthor}</span>}
            {ci && (
              <a href={ci} target="_blank" rel="noopener noreferrer">
                {first.ciProvider || 'CI'} ↗
              </a>
            )}
          </span>
        </span>
        <span role="cell">
          <Counts c={c} />
        </span>
        <span role="cell">
          <PassRate value={c.passRate} />
        </span>
        <span role="cell" class="num">{duration(c.duration)}</span>
        <span role="cell" class="muted" title={dateTime(first.createdAt)}>
          {relTime(first.createdAt)}
        </span>
      </div>
      {runs.map((r) => (
        <RunRow run={r} projectId={projectId} shard key={r.id} />
      ))}
    </div>
  );
}

