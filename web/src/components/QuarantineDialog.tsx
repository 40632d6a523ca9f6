// The quarantine dialog (contract §15): why, the issue that tracks it, and until when.
// A modal <dialog> (focus kept inside, Escape closes); used to quarantine a test and to
// change or extend a quarantine (its current terms filled in).
import { useEffect, useRef, useState } from 'preact/hooks';
import { flakiness } from '../api/endpoints';
import type { QuarantineTerms } from '../api/types';
import { dateTime } from '../lib/format';
import { useSubmit } from '../lib/useSubmit';
import { FormError } from './States';

const PERIODS = [
  { days: 7, label: '7 days' },
  { days: 14, label: '14 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 0, label: 'Until lifted' },
];

interface Props {
  projectId: string;
  testId: string;
  fullTitle: string;
  /** The current terms when changing a quarantine. */
  current?: Partial<QuarantineTerms> | null;
  onDone: () => void;
  onClose: () => void;
}

/** From now, `days` later (0: none). */
export function expiryAfter(days: number, from = Date.now()): string | undefined {
  return days > 0 ? new Date(from + days * 86400000).toISOString().replace(/\.\d+Z$/, 'Z') : undefined;
}

export function QuarantineDialog({ projectId, testId, fullTitle, current, onDone, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState(current?.reason ?? '');
  const [issueUrl, setIssueUrl] = useState(current?.issueUrl ?? '');
  const [days, setDays] = useState(current ? 30 : 14);
  const { busy, error, run } = useSubmit();

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    const ok = await run(() =>
      flakiness.quarantine(projectId, testId, true, {
        reason: reason.trim() || undefined,
        issueUrl: issueUrl.trim() || undefined,
        expiresAt: expiryAfter(days),
      }),
    );
    if (ok) onDone();
  };

  return (
    <dialog ref={ref} class="dialog" aria-labelledby="quarantine-dialog-title" data-testid="quarantine-dialog" onClose={onClose} onCancel={onClose}>
      <form onSubmit={submit} class="form">
        <h2 id="quarantine-dialog-title">{current ? 'Change quarantine' : 'Quarantine test'}</h2>
        <p class="muted small ellipsis-2" title={fullTitle}>
          {fullTitle}
        </p>
        <p class="muted small">A quarantined test still runs and reports; its failures no longer fail the run for reporters in quarantine-aware mode.</p>
        {current?.expiresAt && <p class="small" data-testid="quarantine-dialog-current">Now ends {dateTime(current.expiresAt)}.</p>}
        <label>
          Reason
          <textarea value={reason} maxLength={500} rows={3} placeholder="Fails about 1 in 20 runs on CI since the checkout redesign" onInput={(e) => setReason(e.currentTarget.value)} data-testid="quarantine-reason" />
        </label>
        <label>
          Issue link
          <input type="url" value={issueUrl} placeholder="https://tracker.example.com/issues/123" onInput={(e) => setIssueUrl(e.currentTarget.value)} data-testid="quarantine-issue" />
        </label>
        <label>
          {current ? 'Ends (from now)' : 'Ends after'}
          <select value={String(days)} onChange={(e) => setDays(Number(e.currentTarget.value))} data-testid="quarantine-expiry">
            {PERIODS.map((p) => (
              <option value={String(p.days)} key={p.days}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <FormError error={error} action="quarantine this test" />
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="quarantine-submit">
            {current ? 'Save' : 'Quarantine'}
          </button>
          <button type="button" class="btn" onClick={() => ref.current?.close()} data-testid="quarantine-cancel">
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
