// A logical test's quarantine (GET /api/quarantine): who, why, the issue, until when;
// members and above quarantine through the dialog, change its terms, or lift it.
import { useState } from 'preact/hooks';
import { flakiness } from '../api/endpoints';
import type { QuarantinedTest, Role } from '../api/types';
import { QuarantineDialog } from './QuarantineDialog';
import { FormError } from './States';
import { dateTime, relTime, safeUrl } from '../lib/format';
import { can } from '../lib/roles';
import { useAsync } from '../lib/useAsync';
import { useSubmit } from '../lib/useSubmit';

interface Props {
  projectId: string;
  /** Any result of the logical test. */
  test: { id: string; fullTitle: string; filePath: string | null };
  role: Role | null;
  /** Told after every change (a page showing the event log reloads it). */
  onChange?: () => void;
}

export function TestQuarantine({ projectId, test, role, onChange }: Props) {
  const list = useAsync(() => flakiness.quarantined(projectId), [projectId]);
  const [dialog, setDialog] = useState(false);
  const { busy, error, run } = useSubmit();
  if (!list.data) return null;
  // Quarantine is per logical test: (file, full title).
  const entry = list.data.data.find((q) => q.fullTitle === test.fullTitle && (q.filePath ?? null) === (test.filePath ?? null));
  const changed = async () => {
    setDialog(false);
    await list.reload();
    onChange?.();
  };
  const lift = () =>
    run(async () => {
      await flakiness.quarantine(projectId, test.id, false);
      await changed();
    });
  return (
    <div class="quarantine-line" data-testid="test-quarantine" data-quarantined={!!entry}>
      {entry ? <QuarantineTermsLine q={entry} /> : <span class="muted small">Not quarantined</span>}
      {can.writeResults(role) && (
        <span class="row-actions">
          {entry ? (
            <>
              <button type="button" class="btn btn-sm" onClick={() => setDialog(true)} data-testid="test-quarantine-change">
                Change or extend
              </button>
              <button type="button" class="btn btn-sm" disabled={busy} onClick={lift} data-testid="test-quarantine-lift">
                Lift quarantine
              </button>
            </>
          ) : (
            <button type="button" class="btn btn-sm" onClick={() => setDialog(true)} data-testid="test-quarantine-toggle">
              Quarantine…
            </button>
          )}
        </span>
      )}
      <FormError error={error} action="lift the quarantine" />
      {dialog && <QuarantineDialog projectId={projectId} testId={test.id} fullTitle={test.fullTitle} current={entry ?? null} onDone={changed} onClose={() => setDialog(false)} />}
    </div>
  );
}

/** "quarantined by Ana 3 days ago until 12 Dec: reason (issue)". */
export function QuarantineTermsLine({ q }: { q: Pick<QuarantinedTest, 'quarantinedBy' | 'reason' | 'issueUrl' | 'expiresAt' | 'since'> }) {
  const issue = safeUrl(q.issueUrl);
  return (
    <span class="quarantine-terms" data-testid="quarantine-terms">
      <span class="badge st-flaky" data-testid="test-quarantined">
        quarantined
      </span>{' '}
      <span class="small">
        {q.quarantinedBy ? `by ${q.quarantinedBy.name || 'a member'}` : 'automatically'}
        {q.since && <span title={dateTime(q.since)}> {relTime(q.since)}</span>}
        {q.expiresAt ? (
          <span data-testid="quarantine-expires" title={dateTime(q.expiresAt)}>
            , until {dateTime(q.expiresAt)}
          </span>
        ) : (
          <span data-testid="quarantine-expires">, until lifted</span>
        )}
        {q.reason && <span data-testid="quarantine-reason-text">: {q.reason}</span>}
        {issue && (
          <>
            {' '}
            (<a href={issue} target="_blank" rel="noreferrer noopener" data-testid="quarantine-issue-link">
              issue
            </a>
            )
          </>
        )}
      </span>
    </span>
  );
}
