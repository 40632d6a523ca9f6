// One run: summary, suite tree with counts, and every result in a virtualised list
// (failed and flaky first) with search and status filter. Polls while running.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { runs as runsApi, tests as testsApi } from '../api/endpoints';
import type { Run, Suite, TestResult, TestStatus } from '../api/types';
import { ConfirmButton } from '../components/Buttons';
import { RunReports } from '../components/RunReports';
import { Empty, ErrorBox, FormError, Loading } from '../components/States';
import { VirtualList } from '../components/VirtualList';
import { Link, navigate, setQuery, useLocation } from '../lib/router';
import { can } from '../lib/roles';
import { useDebounced } from '../lib/useDebounced';
import { usePoll } from '../lib/usePoll';
import { useTitle } from '../lib/useTitle';
import type { ProjectCtx } from './ProjectFrame';
import { cacheRun, cachedRun, loadNewTests, takeRunLoad, rememberListed, rememberRunQuery, uncacheRun } from '../lib/runData';
import { RunSummary } from '../components/RunSummary';
import { TestRow } from '../components/TestRow';
import { sortTests, STATUSES } from '../lib/testOrder';
import { RunTriage } from '../components/RunTriage';
import { Progress, ProgressLine } from '../components/Progress';
import { emptyCounts, indexSuites, inNode, suitePath } from '../lib/suiteIndex';
import { SuiteTree } from '../components/SuiteTree';

const ROW = 44;
const FILL_MS = 400; // while a big run loads, the list is refreshed at most this often
// Renders its children one task later: a big suite tree is built and laid out after the
// list it sits beside, not in the same long task.
function NextTask({ children, fallback }: { children: ComponentChildren; fallback: ComponentChildren }) {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setReady(true), 0);
    return () => clearTimeout(t);
  }, []);
  return <>{ready ? children : fallback}</>;
}

export function RunPage({ project, role, runId }: ProjectCtx & { runId: string }) {
  const loc = useLocation();
  const [run, setRun] = useState<Run | null>(null);
  const [tests, setTests] = useState<TestResult[] | null>(null);
  const [suites, setSuites] = useState<Suite[]>([]);
  // Loading progress goes to its own small component: re-rendering the whole page for
  // each of a big run's 50 pages would cost more than loading them.
  const progress = useRef(new Progress()).current;
  const [loadingAll, setLoadingAll] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [pollError, setPollError] = useState<unknown>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const known = useRef(new Set<string>());
  const [attempt, setAttempt] = useState(0);
  useTitle(run ? run.runTitle || run.commitMessage?.split('\n')[0] || run.branch || 'Run' : 'Run', project.name);

  const status = (loc.query.get('status') ?? '') as TestStatus | '';
  const suite = loc.query.get('suite') ?? '';
  const [search, setSearch] = useState(loc.query.get('q') ?? '');
  const q = useDebounced(search.trim().toLowerCase(), 150);

  useEffect(() => {
    let alive = true;
    (async () => {
      setError(null);
      try {
        // A finished run seen before: its results from memory (no 50 requests again).
        const mayHit = cachedRun(runId, null);
        const runP = runsApi.get(runId);
        if (mayHit) {
          const r = await runP;
          if (!alive) return;
          const hit = cachedRun(runId, r.updatedAt);
          if (hit && r.projectId === project.id) {
            setRun(r);
            known.current = new Set(hit.tests.map((t) => t.id));
            rememberListed(hit.tests);
            setSuites(hit.suites);
            setTests(hit.tests);
            return;
          }
        }
        // Otherwise the run, its suites and all its results at once.
        const suitesP = testsApi.suites(project.id, runId);
        const load = takeRunLoad(project.id, runId);
        let shownAt = 0;
        load.listen((loaded, total, firstPage, all) => {
          if (!alive) return;
          progress.set(loaded, total);
          // Show the first page at once; the rest fills in, a few times a second, so that
          // failed and flaky results (listed first) show up early wherever they are.
          const now = performance.now();
          // (Not near the end: the complete list is about to replace it.)
          if (firstPage || (loaded < total * 0.75 && now - shownAt > FILL_MS)) {
            shownAt = now;
            setTests(sortTests(all()));
            if (firstPage) setLoadingAll(loaded < total);
          }
        });
        const allP = load.done;
        suitesP.catch(() => {});
        allP.catch(() => {});
        const r = await runP;
        if (!alive) return;
        if (r.projectId !== project.id) {
          navigate(`/p/${r.projectId}/runs/${r.id}`, { replace: true });
          return;
        }
        setRun(r);
        const [all, s] = await Promise.all([allP, suitesP.then((x) => x.data)]);
        if (!alive) return;
        known.current = new Set(all.map((t) => t.id));
        const sorted = sortTests(all);
        rememberListed(sorted);
        setSuites(s);
        setTests(sorted);
        setLoadingAll(false);
        if (r.status !== 'running') cacheRun(runId, { updatedAt: r.updatedAt, tests: sorted, suites: s });
      } catch (e) {
        if (alive) setError(e);
      }
    })();
    return () => {
      alive = false;
    };
  }, [runId, project.id, attempt]);

  // While running: the run every 5 s, plus new results and (when new suites show up) the tree.
  usePoll(
    async () => {
      try {
        const r = await runsApi.get(runId);
        const fresh = await loadNewTests(project.id, runId, known.current);
        if (fresh.length) {
          for (const t of fresh) known.current.add(t.id);
          const suiteIds = new Set<string>();
          const stack = [...suites];
          while (stack.length) {
            const s = stack.pop()!;
            suiteIds.add(s.id);
            stack.push(...s.children);
          }
          if (fresh.some((t) => t.suiteId && !suiteIds.has(t.suiteId))) setSuites((await testsApi.suites(project.id, runId)).data);
          setTests((old) => {
            const next = sortTests([...(old ?? []), ...fresh]);
            rememberListed(next);
            return next;
          });
        }
        setRun(r);
        setPollError(null);
        if (r.status !== 'running') uncacheRun(runId);
      } catch (e) {
        setPollError(e);
      }
    },
    5000,
    run?.status === 'running' && !loadingAll,
  );

  useEffect(() => rememberRunQuery(runId, loc.query.toString()), [runId, loc.href]);
  const selectSuite = useCallback((id: string) => setQuery({ suite: id || undefined }), []);
  const index = useMemo(() => indexSuites(suites, tests ?? []), [suites, tests]);

  // Narrowed by suite and search first; the status chips count within that.
  const scoped = useMemo(() => {
    if (!tests) return [];
    return tests.filter((t) => {
      if (suite && !inNode(index, t, suite)) return false;
      if (q && !t.fullTitle.toLowerCase().includes(q) && !(t.filePath ?? '').toLowerCase().includes(q)) return false;
      return true;
    });
  }, [tests, suite, q, index]);
  const chipCounts = useMemo(() => {
    const c = emptyCounts();
    for (const t of scoped) {
      c[t.status]++;
      c.total++;
    }
    return c;
  }, [scoped]);
  const shown = useMemo(() => (status ? scoped.filter((t) => t.status === status) : scoped), [scoped, status]);

  if (error) return <ErrorBox error={error} retry={() => setAttempt((a) => a + 1)} />;
  if (!run) return <Loading label="Loading run…" />;

  return (
    <div data-testid="page-run" data-run-status={run.status}>
      <div class="breadcrumbs">
        <Link href={`/p/${project.id}/runs`}>Runs</Link>
        <span aria-hidden="true">/</span>
        <span>{run.id}</span>
        {can.deleteResults(role) && (
          <span class="crumb-actions">
            <ConfirmButton
              testid="delete-run"
              question="Delete this run, its results and artifacts?"
              onConfirm={async () => {
                try {
                  await runsApi.remove(run.id);
                  uncacheRun(run.id);
                  navigate(`/p/${project.id}/runs`);
                } catch (e) {
                  setDeleteError(e);
                }
              }}
            >
              Delete run
            </ConfirmButton>
          </span>
        )}
      </div>
      <FormError error={deleteError} action="delete runs" />
      <RunSummary run={run} />
      <RunReports runId={run.id} />
      {pollError ? (
        <p class="notice notice-warn" role="status">
          Live updates paused: {(pollError as Error).message}. Retrying…
        </p>
      ) : run.status === 'running' ? (
        <p class="notice" role="status" data-testid="live-notice">
          This run is still running; results appear as they arrive.
        </p>
      ) : null}
      <RunTriage run={run} projectId={project.id} />

      <div class="run-body">
        <aside class="run-side">
          {!tests || loadingAll ? (
            <Loading label="Counting suites…" />
          ) : (
            <NextTask fallback={<Loading label="Counting suites…" />}>
              <SuiteTree index={index} selected={suite} onSelect={selectSuite} key={index.roots.length} />
            </NextTask>
          )}
        </aside>
        <section class="run-tests" aria-label="Tests">
          <div class="list-toolbar">
            <input
              type="search"
              placeholder="Search tests by title or file"
              aria-label="Search tests"
              value={search}
              onInput={(e) => {
                setSearch(e.currentTarget.value);
                setQuery({ q: e.currentTarget.value || undefined });
              }}
              data-testid="test-search"
              data-search-shortcut
            />
            <div class="chips" role="group" aria-label="Filter by status" data-testid="status-filter">
              <button type="button" class="chip" aria-pressed={status === ''} onClick={() => setQuery({ status: undefined })} data-testid="status-filter-all">
                All <span class="muted">{chipCounts.total.toLocaleString()}</span>
              </button>
              {STATUSES.map((s) => (
                <button type="button" key={s} class={`chip st-${s}`} aria-pressed={status === s} onClick={() => setQuery({ status: status === s ? undefined : s })} data-testid={`status-filter-${s}`}>
                  <span class="chip-dot" aria-hidden="true" />
                  {s} <span class="muted">{chipCounts[s].toLocaleString()}</span>
                </button>
              ))}
            </div>
          </div>
          {loadingAll && <ProgressLine progress={progress} />}
          {!tests ? (
            <Loading label="Loading results…" />
          ) : tests.length === 0 ? (
            <Empty title={run.status === 'running' ? 'No results yet' : 'This run has no results'}>
              {run.status === 'running' ? 'Results show up here as the reporter sends them.' : 'The reporter created the run but sent no test results.'}
            </Empty>
          ) : shown.length === 0 ? (
            <Empty title="No tests match">Change the search, the status filter or the selected suite.</Empty>
          ) : (
            <VirtualList
              items={shown}
              rowHeight={ROW}
              height="min(720px, calc(100vh - 180px))"
              testid="test-list"
              label="Test results"
              render={(t) => <TestRow t={t} projectId={project.id} path={[t.filePath, suitePath(index, t.suiteId)].filter(Boolean).join(' › ')} />}
            />
          )}
        </section>
      </div>
    </div>
  );
}
