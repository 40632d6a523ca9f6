// What changed against a base (contract §14): new failures first and open, then still
// failing, fixed and new tests folded. Shared by the run page and the build page.
import type { Comparison, ComparedTest } from '../api/types';
import { StatusBadge } from './StatusBadge';
import { Link } from '../lib/router';
import { buildHref } from '../lib/runData';

export function baseLabel(c: Comparison, projectId: string) {
  if (!c.base) return <span data-testid="compare-base">No earlier finished run of this branch: every failure counts as new.</span>;
  if ('runId' in c.base)
    return (
      <span data-testid="compare-base">
        Compared with <Link href={`/p/${projectId}/runs/${c.base.runId}`}>the previous run of this branch</Link>.
      </span>
    );
  return (
    <span data-testid="compare-base">
      Compared with <Link href={buildHref(projectId, c.base.ciBuildId)}>build {c.base.ciBuildId}</Link>.
    </span>
  );
}

export function ComparedRows({ tests, projectId, testid }: { tests: ComparedTest[]; projectId: string; testid: string }) {
  return (
    <ul class="compared" data-testid={testid}>
      {tests.map((t) => (
        <li key={t.testId} data-testid="compared-test">
          <StatusBadge status={t.status} small />
          <Link href={`/p/${projectId}/tests/${t.testId}`} class="ellipsis" title={t.fullTitle}>
            {t.fullTitle}
          </Link>
          <span class="muted ellipsis">{t.filePath ?? ''}</span>
          <span class="muted">{t.baseStatus ? `was ${t.baseStatus}` : 'new test'}</span>
        </li>
      ))}
    </ul>
  );
}

/** The four lists; `newFailures` is shown by the caller when it wants it first. */
export function ComparisonLists({ c, projectId, withNewFailures = true }: { c: Comparison; projectId: string; withNewFailures?: boolean }) {
  const folded: [string, ComparedTest[], string][] = [
    ['Still failing', c.stillFailing, 'still-failing'],
    ['Fixed', c.fixed, 'fixed'],
    ['New tests', c.newTests, 'new-tests'],
  ];
  return (
    <div class="comparison">
      {withNewFailures && (
        <section aria-labelledby="cmp-new" data-testid="new-failures">
          <h2 id="cmp-new" class="section-h">
            New failures <span class="count-pill">{c.newFailures.length}</span>
          </h2>
          {c.newFailures.length ? <ComparedRows tests={c.newFailures} projectId={projectId} testid="new-failures-list" /> : <p class="muted">None.</p>}
        </section>
      )}
      {folded.map(([title, list, id]) => (
        <details key={id} data-testid={id}>
          <summary>
            {title} <span class="count-pill">{list.length}</span>
          </summary>
          {list.length ? <ComparedRows tests={list} projectId={projectId} testid={`${id}-list`} /> : <p class="muted">None.</p>}
        </details>
      ))}
    </div>
  );
}
