// One logical test across runs (contract §15): outcome and duration trend per day, its
// errors grouped by signature, every result paged (newest first), and its quarantine
// with the history of quarantine changes. Opened by any result id of the test.
import { flakiness, testCases, tests as testsApi } from '../api/endpoints';
import type { TestResult } from '../api/types';
import { StatusBadge } from '../components/StatusBadge';
import { Empty, ErrorBox, ListStates, Loading } from '../components/States';
import { dateTime, duration, num, rate, relTime } from '../lib/format';
import { Link, setQuery, useLocation } from '../lib/router';
import { useAsync } from '../lib/useAsync';
import { useTitle } from '../lib/useTitle';
import type { ProjectCtx } from './ProjectFrame';
import { DurationChart, fillDays, OutcomeChart } from '../components/TestCaseCharts';
import { PERIODS } from './TestCases';
import { TestQuarantine } from '../components/TestQuarantine';
import { runHref } from '../lib/runData';
import { Pager } from '../components/Pager';

const PAGE = 25;
const ERROR_SAMPLE = 200; // results whose errors are grouped on this page

export function TestCasePage({ project, role, testId }: ProjectCtx & { testId: string }) {
  const loc = useLocation();
  const days = PERIODS.includes(Number(loc.query.get('days'))) ? Number(loc.query.get('days')) : 30;
  const page = Math.max(0, Number(loc.query.get('page') ?? 0) || 0);
  const test = useAsync(() => testsApi.get(testId), [testId]);
  const trend = useAsync(() => testCases.trend(testId, days), [testId, days]);
  const results = useAsync(() => testCases.results(testId, { limit: PAGE, offset: page * PAGE }), [testId, page]);
  const recent = useAsync(() => testCases.results(testId, { limit: ERROR_SAMPLE }), [testId]);
  const events = useAsync(() => flakiness.events(project.id, { testId, limit: 20 }), [project.id, testId]);
  useTitle(test.data?.title ?? 'Test', project.name);

  if (test.error) return <ErrorBox error={test.error} retry={test.reload} />;
  const t = test.data;
  if (!t) return <Loading label="Loading test…" />;
  const filled = trend.data ? fillDays(trend.data.data, days) : null;
  const sum = (k: 'runs' | 'passed' | 'failed' | 'flaky' | 'skipped') => (trend.data?.data ?? []).reduce((a, d) => a + d[k], 0);
  const ran = sum('runs') - sum('skipped');

  return (
    <div data-testid="page-test-case">
      <div class="breadcrumbs">
        <Link href={`/p/${project.id}/test-cases`}>Tests</Link>
        <span aria-hidden="true">/</span>
        <span>Test</span>
      </div>
      <section class="card">
        <h1 class="run-h1" data-testid="test-case-title">
          {t.title}
        </h1>
        <div class="run-meta muted wrap">
          <span title="Full title">{t.fullTitle}</span>
          {t.filePath && <code>{t.filePath}</code>}
        </div>
        <TestQuarantine projectId={project.id} test={t} role={role} onChange={events.reload} />
      </section>

      <section class="card" aria-labelledby="trend-h">
        <div class="page-head">
          <h2 id="trend-h">Last {days} days</h2>
          <label class="inline-label">
            Period{' '}
            <select value={String(days)} onChange={(e) => setQuery({ days: e.currentTarget.value })} data-testid="test-case-period">
              {PERIODS.map((d) => (
                <option value={String(d)} key={d}>
                  {d} days
                </option>
              ))}
            </select>
          </label>
        </div>
        {trend.error ? (
          <ErrorBox error={trend.error} retry={trend.reload} />
        ) : !filled ? (
          <Loading />
        ) : (
          <>
            <div class="stats" data-testid="test-case-stats">
              <Stat label="Results" value={num(sum('runs'))} testid="stat-results" />
              <Stat label="Failure rate" value={rate(ran ? sum('failed') / ran : null)} testid="stat-failure-rate" />
              <Stat label="Flaky rate" value={rate(ran ? sum('flaky') / ran : null)} testid="stat-flaky-rate" />
              <Stat label="Skipped" value={num(sum('skipped'))} testid="stat-skipped" />
            </div>
            <OutcomeChart days={filled} />
            <DurationChart days={filled} />
          </>
        )}
      </section>

      <section class="card" aria-labelledby="errors-h">
        <h2 id="errors-h">Errors</h2>
        {recent.data ? <ErrorGroups results={recent.data.data} projectId={project.id} /> : recent.error ? <ErrorBox error={recent.error} retry={recent.reload} /> : <Loading />}
      </section>

      <section class="card" aria-labelledby="results-h">
        <h2 id="results-h">All results</h2>
        <ListStates list={results} action="load results" empty={<Empty title="No results" />}>
          {(data) => (
            <>
              <div class="table results-table" role="table" aria-label="Results" data-testid="test-case-results">
                <div class="thead" role="row">
                  <span role="columnheader">Status</span>
                  <span role="columnheader">Run</span>
                  <span role="columnheader">Duration</span>
                  <span role="columnheader">When</span>
                </div>
                {data.data.map((r) => (
                  <div class="tr" role="row" key={r.id} data-testid="test-case-result">
                    <span role="cell">
                      <Link href={`/p/${project.id}/tests/${r.id}`} aria-label={`${r.status} result of ${dateTime(r.createdAt)}`}>
                        <StatusBadge status={r.status} small />
                      </Link>
                    </span>
                    <span role="cell" class="ellipsis">
                      <Link href={runHref(project.id, r.runId)}>{r.runId}</Link>
                      {r.error?.message && <span class="muted small ellipsis"> — {firstLine(r.error.message)}</span>}
                    </span>
                    <span role="cell" class="num">{duration(r.duration)}</span>
                    <span role="cell" class="muted small" title={dateTime(r.createdAt)}>
                      {relTime(r.createdAt)}
                    </span>
                  </div>
                ))}
              </div>
              <Pager total={data.total} page={page} size={PAGE} label="Result pages" newestFirst />
            </>
          )}
        </ListStates>
      </section>

      <section class="card" aria-labelledby="qhist-h">
        <h2 id="qhist-h">Quarantine history</h2>
        <ListStates list={events} action="load the quarantine history" empty={<p class="muted small">Never quarantined.</p>}>
          {(data) => (
            <ul class="event-list" data-testid="test-case-quarantine-events">
              {data.data.map((e, i) => (
                <li key={i} data-testid="quarantine-event" data-action={e.action}>
                  <strong>{eventLabel(e.action)}</strong> {e.by ? `by ${e.by.name || 'a member'}` : ''} <span class="muted" title={dateTime(e.at)}>{relTime(e.at)}</span>
                  {e.reason && <span class="muted">: {e.reason}</span>}
                </li>
              ))}
            </ul>
          )}
        </ListStates>
      </section>
    </div>
  );
}

export function eventLabel(action: string) {
  return action === 'quarantined' ? 'Quarantined' : action === 'unquarantined' ? 'Lifted' : action === 'expired' ? 'Expired' : action === 'auto' ? 'Quarantined automatically' : action;
}

function firstLine(s: string) {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((l) => l.trim()) ?? '';
}

function Stat({ label, value, testid }: { label: string; value: string; testid: string }) {
  return (
    <div class="stat" data-testid={testid}>
      <div class="stat-label">{label}</div>
      <div class="stat-value">{value}</div>
    </div>
  );
}

/** The recent results' errors by signature, most frequent first. */
function ErrorGroups({ results, projectId }: { results: TestResult[]; projectId: string }) {
  const groups = new Map<string, { count: number; newest: TestResult }>();
  for (const r of results) {
    if (!r.errorSignature) continue;
    const g = groups.get(r.errorSignature);
    if (g) g.count++;
    else groups.set(r.errorSignature, { count: 1, newest: r }); // results come newest first
  }
  if (groups.size === 0) return <p class="muted small">No failures in its last {results.length} results.</p>;
  const sorted = [...groups.entries()].sort((a, b) => b[1].count - a[1].count);
  return (
    <ul class="event-list" data-testid="test-case-errors">
      {sorted.map(([sig, g]) => (
        <li key={sig} data-testid="test-case-error" data-signature={sig}>
          <Link href={`/p/${projectId}/tests/${g.newest.id}`} class="c-failed">
            {firstLine(g.newest.error?.message ?? '') || '(no message)'}
          </Link>{' '}
          <span class="muted small">
            {g.count} of the last {results.length} results, newest {relTime(g.newest.createdAt)}
          </span>
        </li>
      ))}
    </ul>
  );
}
