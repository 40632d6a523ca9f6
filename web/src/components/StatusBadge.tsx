// The status pill used everywhere; its colour comes from one CSS variable per status.
import type { AnyStatus } from '../api/types';

const labels: Record<string, string> = {
  passed: 'passed', failed: 'failed', flaky: 'flaky', skipped: 'skipped', running: 'running', cancelled: 'cancelled',
};

export function StatusBadge({ status, small }: { status: AnyStatus | string; small?: boolean }) {
  const s = labels[status] ? status : 'unknown';
  return (
    <span class={`badge st-${s}${small ? ' badge-sm' : ''}`} data-testid="status-badge" data-status={status}>
      {status}
    </span>
  );
}

/** A small square in status colour, for history strips. */
export function StatusDot({ status, title }: { status: string; title?: string }) {
  return <span class={`dot st-${labels[status] ? status : 'unknown'}`} title={title} aria-label={title ?? status} />;
}
