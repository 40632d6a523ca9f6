// The test's quarantine state (GET /api/quarantine) with a toggle for members and above.
import { useState } from 'preact/hooks';
import { flakiness } from '../api/endpoints';
import type { Role, TestResult } from '../api/types';
import { FormError } from '../components/States';
import { dateTime } from '../lib/format';
import { can } from '../lib/roles';
import { useAsync } from '../lib/useAsync';

export function TestQuarantine({ projectId, test, role }: { projectId: string; test: TestResult; role: Role | null }) {
  const list = useAsync(() => flakiness.quarantined(projectId), [projectId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!list.data) return null;
  // Quarantine is per logical test: (file, full title).
  const entry = list.data.data.find((q) => q.fullTitle === test.fullTitle && (q.filePath ?? null) === (test.filePath ?? null));
  const on = !!entry;
  return (
    <div class="quarantine-line">
      {on ? (
        <span class="badge st-flaky" data-testid="test-quarantined" title={entry?.since ? `since ${dateTime(entry.since)}` : undefined}>
          quarantined
        </span>
      ) : (
        <span class="muted small">Not quarantined</span>
      )}
      {can.writeResults(role) && (
        <button
          type="button"
          class="btn btn-sm"
          aria-pressed={on}
          disabled={busy}
          data-testid="test-quarantine-toggle"
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await flakiness.quarantine(projectId, test.id, !on);
              await list.reload();
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          {on ? 'Release from quarantine' : 'Quarantine'}
        </button>
      )}
      <FormError error={error} action="quarantine tests" />
    </div>
  );
}
