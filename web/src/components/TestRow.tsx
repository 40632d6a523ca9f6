// One result in the run's virtualised list: a link to the test page.
import type { TestResult } from '../api/types';
import { StatusBadge } from './StatusBadge';
import { duration, stripAnsi } from '../lib/format';
import { Link } from '../lib/router';

export function TestRow({ t, projectId, path }: { t: TestResult; projectId: string; path: string }) {
  const err = t.status === 'failed' || t.status === 'flaky' ? stripAnsi(t.error?.message).split('\n')[0] : '';
  return (
    <Link href={`/p/${projectId}/tests/${t.id}`} class={`test-row st-${t.status}`} data-testid="test-row" data-test-id={t.id} data-status={t.status}>
      <StatusBadge status={t.status} small />
      <span class="test-main">
        <span class="test-title ellipsis" title={t.fullTitle}>
          {t.title}
        </span>
        <span class="test-sub ellipsis muted">
          {/* Failures show where they are (file › suite) before what they say. */}
          <span data-testid="test-row-path">{path || t.filePath || ''}</span>
          {err && (
            <>
              {(path || t.filePath) && ' · '}
              <span class="c-failed">{err}</span>
            </>
          )}
        </span>
      </span>
      {(t.retries ?? 0) > 0 && (
        <span class="retries muted" title={`${t.retries} retries`}>
          ↻{t.retries}
        </span>
      )}
      <span class="test-dur num muted">{duration(t.duration)}</span>
    </Link>
  );
}
