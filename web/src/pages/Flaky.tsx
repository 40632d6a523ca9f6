// Flaky tests: summary numbers, score-ordered list with runs, last flaky time, a
// small history per test, and quarantine toggles for members and above.
import { useEffect, useState } from 'preact/hooks';
import { flakiness, tests as testsApi } from '../api/endpoints';
import type { FlakyTest, HistoryEntry } from '../api/types';
import { Empty, FormError, ListStates } from '../components/States';
import { dateTime, relTime } from '../lib/format';
import { Link, setQuery, useLocation } from '../lib/router';
import { can } from '../lib/roles';
import { useAsync } from '../lib/useAsync';
import { useTitle } from '../lib/useTitle';
import { HistoryStrip } from '../components/HistoryStrip';
import type { ProjectCtx } from './ProjectFrame';
import { Pager } from '../components/Pager';

const PAGE = 25;

// Histories are one request per test; keep them a minute so paging back and forth
// and toggling quarantine do not spend the rate limit again.
const historyCache = new Map<string, { at: number; data: HistoryEntry[] }>();
async function historyOf(testId: string): Promise<HistoryEntry[]> {
  const c = historyCache.get(testId);
  if (c && Date.now() - c.at < 60000) return c.data;
  const data = (await testsApi.history(testId)).data;
  historyCache.set(testId, { at: Date.now(), data });
  return data;
}

export function FlakyPage({ project, role }: ProjectCtx) {
  useTitle('Flaky tests', project.name);
  const loc = useLocation();
  const minScore = loc.query.get('minScore') ?? '0.01';
  const quarantined = loc.query.get('quarantined') ?? '';
  const page = Math.max(0, Number(loc.query.get('page') ?? 0) || 0);
  const list = useAsync(
    () =>
      flakiness.list(project.id, {
        minScore: Number(minScore) || undefined,
        quarantined: quarantined === '' ? undefined : quarantined === 'true',
        limit: PAGE,
        offset: page * PAGE,
      }),
    [project.id, minScore, quarantined, page],
  );
  const [histories, setHistories] = useState<Record<string, HistoryEntry[]>>({});
  const [busy, setBusy] = useState('');
  const [error, setError] = useState<unknown>(null);
  const canToggle = can.writeResults(role);

  useEffect(() => {
    const rows = list.data?.data ?? [];
    let alive = true;
    (async () => {
      // Two at a time, so a page of 25 does not burst.
      const queue = rows.filter((r) => !histories[r.testId]);
      const worker = async () => {
        for (let r = queue.shift(); r; r = queue.shift()) {
          try {
            const h = await historyOf(r.testId);
            if (alive) setHistories((old) => ({ ...old, [r!.testId]: h }));
          } catch {
            /* the row shows "no history" */
          }
        }
      };
      await Promise.all([worker(), worker()]);
    })();
    return () => {
      alive = false;
    };
  }, [list.data]);

  async function toggle(t: FlakyTest) {
    setBusy(t.testId);
    setError(null);
    try {
      const r = await flakiness.quarantine(project.id, t.testId, !t.isQuarantined);
      list.setData((old) =>
        old
          ? {
              ...old,
              data: old.data.map((x) => (x.testId === t.testId ? { ...x, isQuarantined: r.isQuarantined } : x)),
              summary: { ...old.summary, quarantinedTests: old.summary.quarantinedTests + (r.isQuarantined ? 1 : -1) },
            }
          : old!,
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy('');
    }
  }

  const s = list.data?.summary;
  return (
    <div data-testid="page-flaky">
      <div class="page-head">
        <h1>Flaky tests</h1>
      </div>
      {s && (
        <div class="summary-cards">
          <div class="card stat" data-testid="flaky-total">
            <div class="stat-label">Flaky tests</div>
            <div class="stat-value c-flaky">{s.totalFlakyTests}</div>
          </div>
          <div class="card stat" data-testid="flaky-quarantined">
            <div class="stat-label">Quarantined</div>
            <div class="stat-value">{s.quarantinedTests}</div>
          </div>
          <div class="card stat" data-testid="flaky-average">
            <div class="stat-label">Average score</div>
            <div class="stat-value">{s.averageFlakinessScore.toFixed(2)}</div>
          </div>
        </div>
      )}
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Minimum score
          <select value={minScore} onChange={(e) => setQuery({ minScore: e.currentTarget.value, page: undefined })} data-testid="filter-min-score">
            <option value="0">Any (all tests)</option>
            <option value="0.01">Above 0</option>
            <option value="0.1">0.1</option>
            <option value="0.3">0.3</option>
            <option value="0.5">0.5</option>
            <option value="0.7">0.7</option>
          </select>
        </label>
        <label>
          Quarantine
          <select value={quarantined} onChange={(e) => setQuery({ quarantined: e.currentTarget.value, page: undefined })} data-testid="filter-quarantined">
            <option value="">All</option>
            <option value="true">Quarantined</option>
            <option value="false">Not quarantined</option>
          </select>
        </label>
      </form>
      {!canToggle && <p class="muted small">You have the viewer role: quarantine changes need the member role.</p>}
      <FormError error={error} action="quarantine tests" />

      <ListStates
        list={list}
        loading="Loading flakiness…"
        empty={
          <Empty title={minScore === '0' && !quarantined ? 'No test results yet' : 'No flaky tests'} testid="flaky-empty">
            {minScore === '0' && !quarantined
              ? 'Scores appear once results are reported.'
              : 'No test matches: either everything is stable, or loosen the filters above.'}
          </Empty>
        }
      >
        {(result) => (
          <>
            <div class={`table flaky-table${list.loading ? ' is-loading' : ''}`} role="table" aria-label="Flaky tests" data-testid="flaky-list">
              <div class="thead" role="row">
                <span role="columnheader">Score</span>
                <span role="columnheader">Test</span>
                <span role="columnheader">Flaky runs</span>
                <span role="columnheader">Last flaky</span>
                <span role="columnheader">Recent results</span>
                <span role="columnheader">Quarantine</span>
              </div>
              {result.data.map((t) => (
                <div class="tr" role="row" key={t.testId} data-testid="flaky-row" data-test-id={t.testId} data-quarantined={t.isQuarantined}>
                  <span role="cell" class="score">
                    <span class="score-bar" aria-hidden="true">
                      <span style={{ width: `${t.flakinessScore * 100}%` }} />
                    </span>
                    <span class="num" data-testid="flaky-score">{t.flakinessScore.toFixed(2)}</span>
                  </span>
                  <span role="cell" class="run-main">
                    <Link href={`/p/${project.id}/tests/${t.testId}`} class="run-title" title={t.fullTitle}>
                      {t.testTitle}
                    </Link>
                    <span class="run-meta muted">
                      <span class="ellipsis">{t.filePath ?? ''}</span>
                    </span>
                  </span>
                  <span role="cell" class="num">
                    {t.flakyRuns} / {t.totalRuns}
                  </span>
                  <span role="cell" class="muted" title={dateTime(t.lastFlakyAt)}>
                    {relTime(t.lastFlakyAt)}
                  </span>
                  <span role="cell">{histories[t.testId] ? <HistoryStrip items={histories[t.testId]} projectId={project.id} compact /> : <span class="muted small">…</span>}</span>
                  <span role="cell">
                    {canToggle ? (
                      <button type="button" class="btn btn-sm" aria-pressed={t.isQuarantined} disabled={busy === t.testId} onClick={() => toggle(t)} data-testid="quarantine-toggle" title={t.isQuarantined ? 'Release from quarantine' : 'Quarantine this test'}>
                        {t.isQuarantined ? 'Quarantined' : 'Quarantine'}
                      </button>
                    ) : t.isQuarantined ? (
                      <span class="badge st-flaky" data-testid="quarantined-label">quarantined</span>
                    ) : (
                      <span class="muted small">–</span>
                    )}
                  </span>
                </div>
              ))}
            </div>
            <Pager total={result.total} page={page} size={PAGE} />
          </>
        )}
      </ListStates>
    </div>
  );
}
