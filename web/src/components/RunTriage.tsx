// The run page's first answers for a red run: which failures are new since the branch's
// previous run, and how many distinct errors the failures are (failure groups, each
// opening to its tests and a sample error). Refreshed when the failure count changes.
import { useState } from 'preact/hooks';
import { runs as runsApi, tests as testsApi } from '../api/endpoints';
import type { Run, RunFailureGroup } from '../api/types';
import { ErrorBox, Loading } from './States';
import { StatusBadge } from './StatusBadge';
import { stripAnsi } from '../lib/format';
import { Link } from '../lib/router';
import { useAsync } from '../lib/useAsync';
import { baseLabel, ComparedRows, ComparisonLists } from './ComparisonLists';

export function RunTriage({ run, projectId }: { run: Run; projectId: string }) {
  const data = useAsync(
    () => Promise.all([runsApi.compare(run.id), runsApi.failureGroups(run.id)]),
    [run.id, run.status, run.failedTests],
  );
  if (!run.failedTests) return null;
  if (data.error) return <ErrorBox error={data.error} action="load what changed" retry={data.reload} />;
  if (!data.data) return <Loading label="Finding new failures…" />;
  const [cmp, groups] = data.data;
  return (
    <div class="triage">
      <section class="card" aria-labelledby="triage-new" data-testid="new-failures">
        <h2 id="triage-new" class="section-h">
          New failures <span class="count-pill" data-testid="new-failures-count">{cmp.newFailures.length}</span>
        </h2>
        <p class="muted small">{baseLabel(cmp, projectId)}</p>
        {cmp.newFailures.length ? (
          <ComparedRows tests={cmp.newFailures} projectId={projectId} testid="new-failures-list" />
        ) : (
          <p data-testid="no-new-failures">Nothing new: every failure here was already failing.</p>
        )}
        <ComparisonLists c={cmp} projectId={projectId} withNewFailures={false} />
      </section>
      <section class="card" aria-labelledby="triage-errors" data-testid="error-groups">
        <h2 id="triage-errors" class="section-h">
          Errors <span class="count-pill" data-testid="error-groups-count">{groups.total}</span>
        </h2>
        <p class="muted small">
          {run.failedTests.toLocaleString()} failed {run.failedTests === 1 ? 'test' : 'tests'} in {groups.total}{' '}
          {groups.total === 1 ? 'distinct error' : 'distinct errors'} (same message but for numbers, ids and paths).
        </p>
        {groups.data.map((g) => (
          <ErrorGroup g={g} projectId={projectId} key={g.signature} />
        ))}
      </section>
    </div>
  );
}

function ErrorGroup({ g, projectId }: { g: RunFailureGroup; projectId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details class="error-group" data-testid="error-group" data-signature={g.signature} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <span class="count-pill c-failed" title={`${g.count} failed tests`}>
          {g.count}×
        </span>
        <span class="ellipsis error-group-message">{g.message || '(no message)'}</span>
      </summary>
      {open && <SampleError testId={g.tests[0]?.id} />}
      <ul class="compared">
        {g.tests.map((t) => (
          <li key={t.id}>
            <StatusBadge status={t.status} small />
            <Link href={`/p/${projectId}/tests/${t.id}`} class="ellipsis" title={t.fullTitle}>
              {t.fullTitle}
            </Link>
            <span class="muted ellipsis">{t.filePath ?? ''}</span>
          </li>
        ))}
      </ul>
      {g.count > g.tests.length && <p class="muted small">and {g.count - g.tests.length} more in the list below.</p>}
    </details>
  );
}

// One test's whole error message, fetched when its group is opened.
function SampleError({ testId }: { testId?: string }) {
  const t = useAsync(() => (testId ? testsApi.get(testId) : Promise.resolve(null)), [testId]);
  if (!testId) return null;
  if (t.error) return <ErrorBox error={t.error} action="load the sample error" />;
  if (!t.data) return <Loading label="Loading the error…" />;
  return (
    <pre class="sample-error" data-testid="sample-error">
      {stripAnsi(t.data.error?.message ?? '')}
    </pre>
  );
}
