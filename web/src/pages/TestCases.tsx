// The test explorer (contract §15): every logical test with results in a period, with
// its failure and flaky rates, p95 and average duration, runs and last status; sorted
// by a column, filtered by branch, period and search. State lives in the URL.
import { useState } from 'preact/hooks';
import { testCases } from '../api/endpoints';
import type { TestCase, TestCaseSort } from '../api/types';
import { BranchFilter } from '../components/BranchFilter';
import { StatusBadge } from '../components/StatusBadge';
import { Empty, ListStates } from '../components/States';
import { dateTime, duration, num, rate, relTime } from '../lib/format';
import { Link, setQuery, useLocation } from '../lib/router';
import { useAsync } from '../lib/useAsync';
import { useDebounced } from '../lib/useDebounced';
import { useTitle } from '../lib/useTitle';
import type { ProjectCtx } from './ProjectFrame';
import { Pager } from '../components/Pager';

const PAGE = 50;
export const PERIODS = [7, 14, 30, 90];
const SORTS: { key: TestCaseSort; label: string; numeric: boolean }[] = [
  { key: 'fullTitle', label: 'Test', numeric: false },
  { key: 'failureRate', label: 'Failure rate', numeric: true },
  { key: 'flakyRate', label: 'Flaky rate', numeric: true },
  { key: 'p95Duration', label: 'p95 duration', numeric: true },
  { key: 'avgDuration', label: 'Avg duration', numeric: true },
  { key: 'runs', label: 'Runs', numeric: true },
  { key: 'lastSeen', label: 'Last run', numeric: false },
];

/** The start of a period of `days` days ending now, whole seconds. */
export function periodStart(days: number): string {
  return new Date(Date.now() - days * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
}

export function testCaseHref(projectId: string, testId: string) {
  return `/p/${projectId}/test-cases/${testId}`;
}

export function TestCasesPage({ project }: ProjectCtx) {
  useTitle('Tests', project.name);
  const loc = useLocation();
  const q = loc.query;
  const days = PERIODS.includes(Number(q.get('days'))) ? Number(q.get('days')) : 30;
  const branch = q.get('branch') ?? '';
  const sort = (SORTS.find((s) => s.key === q.get('sort'))?.key ?? 'failureRate') as TestCaseSort;
  const order = q.get('order') === 'asc' ? 'asc' : 'desc';
  const page = Math.max(0, Number(q.get('page') ?? 0) || 0);
  const [typed, setTyped] = useState(q.get('search') ?? '');
  const search = useDebounced(typed.trim(), 300);
  const list = useAsync(
    () =>
      testCases.list({
        projectId: project.id,
        from: periodStart(days),
        branch: branch || undefined,
        search: search || undefined,
        sort,
        order,
        limit: PAGE,
        offset: page * PAGE,
      }),
    [project.id, days, branch, search, sort, order, page],
  );
  const total = list.data?.total ?? 0;

  const sortBy = (key: TestCaseSort, numeric: boolean) => {
    // A new column starts with its most telling order: highest numbers, A to Z.
    const next = key === sort ? (order === 'desc' ? 'asc' : 'desc') : numeric || key === 'lastSeen' ? 'desc' : 'asc';
    setQuery({ sort: key, order: next, page: undefined });
  };

  return (
    <div data-testid="page-test-cases">
      <div class="page-head">
        <h1>Tests</h1>
      </div>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Period
          <select value={String(days)} onChange={(e) => setQuery({ days: e.currentTarget.value, page: undefined })} data-testid="test-cases-period">
            {PERIODS.map((d) => (
              <option value={String(d)} key={d}>
                Last {d} days
              </option>
            ))}
          </select>
        </label>
        <label>
          Branch
          <BranchFilter value={branch} onApply={(b) => setQuery({ branch: b || undefined, page: undefined })} testid="test-cases-branch" />
        </label>
        <label class="grow">
          Search
          <input
            type="search"
            value={typed}
            placeholder="Title, file or suite"
            onInput={(e) => {
              setTyped(e.currentTarget.value);
              if (page) setQuery({ page: undefined });
            }}
            data-testid="test-cases-search"
            data-search-shortcut
          />
        </label>
      </form>
      <ListStates
        list={list}
        action="load tests"
        empty={
          <Empty title={search || branch ? 'No test matches' : 'No tests ran in this period'} testid="test-cases-empty">
            {search || branch ? 'Try another search or branch, or a longer period.' : 'Tests appear here once runs report them.'}
          </Empty>
        }
      >
        {(data) => (
          <>
            <p class="muted small" data-testid="test-cases-total">
              {num(total)} {total === 1 ? 'test' : 'tests'} ran in the last {days} days{branch ? ` on ${branch}` : ''}.
            </p>
            <div class={`table test-cases-table${list.loading ? ' is-loading' : ''}`} role="table" aria-label="Tests" data-testid="test-cases-list">
              <div class="thead" role="row">
                {SORTS.map((s) => (
                  <span role="columnheader" key={s.key} aria-sort={s.key === sort ? (order === 'asc' ? 'ascending' : 'descending') : 'none'} class={s.numeric ? 'num' : undefined}>
                    <button type="button" class="sort-button" onClick={() => sortBy(s.key, s.numeric)} data-testid={`sort-${s.key}`}>
                      {s.label}
                      <span aria-hidden="true">{s.key === sort ? (order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                    </button>
                  </span>
                ))}
                <span role="columnheader">Last</span>
              </div>
              {data.data.map((t) => (
                <Row key={t.testId} t={t} projectId={project.id} />
              ))}
            </div>
            <Pager total={total} page={page} size={PAGE} />
          </>
        )}
      </ListStates>
    </div>
  );
}

function Row({ t, projectId }: { t: TestCase; projectId: string }) {
  return (
    <div class="tr" role="row" data-testid="test-case-row" data-test-id={t.testId}>
      <span role="cell" class="test-case-name">
        <Link href={testCaseHref(projectId, t.testId)} class="ellipsis" title={t.fullTitle} data-testid="test-case-link">
          {t.fullTitle}
        </Link>
        <span class="muted small ellipsis">
          {t.filePath ?? ''}
          {t.quarantined && (
            <span class="badge st-flaky" data-testid="test-case-quarantined">
              quarantined
            </span>
          )}
        </span>
      </span>
      <span role="cell" class="num" data-testid="test-case-failure-rate" title={`${t.failed} failed of ${t.runs - t.skipped} run`}>
        {rate(t.failureRate)}
      </span>
      <span role="cell" class="num" data-testid="test-case-flaky-rate" title={`${t.flaky} flaky of ${t.runs - t.skipped} run`}>
        {rate(t.flakyRate)}
      </span>
      <span role="cell" class="num" data-testid="test-case-p95">
        {t.p95Duration === null ? '—' : duration(t.p95Duration)}
      </span>
      <span role="cell" class="num">{t.avgDuration === null ? '—' : duration(t.avgDuration)}</span>
      <span role="cell" class="num" data-testid="test-case-runs">
        {num(t.runs)}
      </span>
      <span role="cell" class="muted small" title={dateTime(t.lastSeen)}>
        {relTime(t.lastSeen)}
      </span>
      <span role="cell">
        <StatusBadge status={t.lastStatus} small />
      </span>
    </div>
  );
}
