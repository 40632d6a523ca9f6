// One test result: error, steps, output, tags, annotations, retries, history and
// artifacts (fresh signed URLs on every visit).
import { artifacts as artifactsApi, runs as runsApi, tests as testsApi } from '../api/endpoints';
import type { TestResult } from '../api/types';
import { StatusBadge } from '../components/StatusBadge';
import { ErrorBox, Loading } from '../components/States';
import { dateTime, display, duration, safeUrl, stripAnsi } from '../lib/format';
import { Link } from '../lib/router';
import { useAsync } from '../lib/useAsync';
import { useTitle } from '../lib/useTitle';
import { Artifacts } from '../components/Artifacts';
import { HistoryStrip } from '../components/HistoryStrip';
import type { ProjectCtx } from './ProjectFrame';
import { StepTree } from '../components/StepTree';
import { TestQuarantine } from '../components/TestQuarantine';
import { peekTest, runHref } from '../lib/runData';
import { lineDiff } from '../lib/lineDiff';

export function TestPage({ project, role, testId }: ProjectCtx & { testId: string }) {
  const test = useAsync(() => testsApi.get(testId), [testId]);
  // Opened from a run's list: show what the list had at once, the rest when loaded.
  const listed = test.data ? undefined : peekTest(testId);
  const steps = useAsync(() => testsApi.steps(testId), [testId]);
  const history = useAsync(() => testsApi.history(testId), [testId]);
  const runId = test.data?.runId;
  const arts = useAsync(async () => (runId ? (await artifactsApi.list(runId, testId)).data : null), [runId, testId]);
  const run = useAsync(async () => (runId ? await runsApi.get(runId) : null), [runId]);
  useTitle(test.data?.title ?? 'Test', project.name);

  if (test.error) return <ErrorBox error={test.error} retry={test.reload} />;
  const t = test.data ?? listed;
  if (!t) return <Loading label="Loading test…" />;

  return (
    <div data-testid="page-test" data-status={t.status}>
      <div class="breadcrumbs">
        <Link href={`/p/${project.id}/runs`}>Runs</Link>
        <span aria-hidden="true">/</span>
        <Link href={runHref(project.id, t.runId)} data-testid="test-run-link">
          {run.data ? run.data.runTitle || run.data.commitMessage?.split('\n')[0] || run.data.branch || `Run ${t.runId}` : `Run ${t.runId}`}
        </Link>
        {run.data?.branch && <span class="branch">{run.data.branch}</span>}
        <span aria-hidden="true">/</span>
        <span>Test</span>
      </div>

      <section class="card" data-testid="test-detail">
        <div class="run-summary-head">
          <StatusBadge status={t.status} />
          <h1 class="run-h1" data-testid="test-title">{t.title}</h1>
        </div>
        <div class="run-meta muted wrap">
          <span title="Full title">{t.fullTitle}</span>
          {t.filePath && (
            <code>
              {t.filePath}
              {t.lineNumber ? `:${t.lineNumber}` : ''}
            </code>
          )}
        </div>
        <div class="stats">
          <div class="stat">
            <div class="stat-label">Duration</div>
            <div class="stat-value">{duration(t.duration)}</div>
          </div>
          <div class="stat" data-testid="test-retries">
            <div class="stat-label">Attempt</div>
            <div class="stat-value">
              {t.attempt ?? 1}
              {t.retries !== null && <span class="muted small"> · {t.retries} {t.retries === 1 ? 'retry' : 'retries'}</span>}
            </div>
          </div>
          {t.isFlaky && (
            <div class="stat">
              <div class="stat-label">Flaky</div>
              <div class="stat-value c-flaky">passed on retry</div>
            </div>
          )}
          <div class="stat">
            <div class="stat-label">Reported</div>
            <div class="stat-value small">{dateTime(t.createdAt)}</div>
          </div>
        </div>
        {(t.tags?.length || t.annotations?.length) ? (
          <div class="tags-line">
            {t.tags?.map((g) => (
              <span class="tag" key={g} data-testid="test-tag">
                {g}
              </span>
            ))}
            {t.annotations?.map((a, i) => (
              <span class="annotation" key={i} data-testid="test-annotation">
                <strong>{a.type}</strong>
                {a.description ? ': ' : ''}
                {a.description && safeUrl(a.description) ? (
                  <a href={safeUrl(a.description)!} target="_blank" rel="noreferrer noopener" data-testid="annotation-link">
                    {a.description}
                  </a>
                ) : (
                  a.description ?? ''
                )}
              </span>
            ))}
          </div>
        ) : null}
        {test.data && <TestQuarantine projectId={project.id} test={test.data} role={role} />}
        <div class="history-line">
          <h3>Last 20 results</h3>
          {history.error ? <span class="muted small">History could not be loaded.</span> : history.data ? <HistoryStrip items={history.data.data} projectId={project.id} currentId={t.id} /> : <span class="muted small">Loading…</span>}
        </div>
      </section>

      {t.error && <ErrorSection t={t} />}

      <section class="card">
        <h2>Steps</h2>
        {steps.error ? <ErrorBox error={steps.error} retry={steps.reload} /> : steps.data ? <StepTree steps={steps.data.data} /> : <Loading />}
      </section>

      <section class="card">
        <h2>Artifacts</h2>
        {arts.error ? <ErrorBox error={arts.error} retry={arts.reload} /> : arts.data ? <Artifacts items={arts.data} onExpired={arts.reload} /> : <Loading />}
      </section>

      {test.data ? (
        <>
          <Output name="stdout" text={t.stdout} />
          <Output name="stderr" text={t.stderr} />
        </>
      ) : null}
    </div>
  );
}

function ErrorSection({ t }: { t: TestResult }) {
  const e = t.error!;
  const hasDiff = e.expected !== undefined || e.actual !== undefined;
  // A flaky test passed on its last attempt: its error is from the one before.
  const attempt = t.attempt ?? (t.retries ?? 0) + 1;
  const heading = t.status === 'flaky' && attempt > 1 ? `Error of attempt ${attempt - 1} (passed on attempt ${attempt})` : 'Error';
  return (
    <section class="card error-card" data-testid="test-error">
      <h2 data-testid="error-heading">{heading}</h2>
      {e.message && <pre class="error-message" data-testid="error-message">{stripAnsi(e.message)}</pre>}
      {hasDiff && (
        <>
          <div class="diff">
            <div>
              <h3>Expected</h3>
              <pre data-testid="error-expected">{display(e.expected)}</pre>
            </div>
            <div>
              <h3>Actual</h3>
              <pre data-testid="error-actual">{display(e.actual)}</pre>
            </div>
          </div>
          <h3>Difference</h3>
          <pre class="line-diff" data-testid="error-diff" aria-label="Lines starting with minus are expected only, with plus received only">
            {lineDiff(display(e.expected), display(e.actual)).map((l, i) => (
              <span key={i} class={l.kind === '-' ? 'diff-del' : l.kind === '+' ? 'diff-add' : 'diff-same'} data-kind={l.kind}>
                {l.kind} {l.text}
              </span>
            ))}
          </pre>
        </>
      )}
      {e.stack && (
        <details class="stack">
          <summary>Stack trace</summary>
          <pre data-testid="error-stack">{stripAnsi(e.stack)}</pre>
        </details>
      )}
    </section>
  );
}

function Output({ name, text }: { name: string; text: string | null | undefined }) {
  if (!text) return null;
  return (
    <section class="card">
      <details open={text.length < 4000}>
        <summary>
          <h2 class="inline-h2">{name}</h2> <span class="muted small">{text.replace(/\n$/, '').split('\n').length} lines</span>
        </summary>
        <pre data-testid={`test-${name}`}>{stripAnsi(text)}</pre>
      </details>
    </section>
  );
}
