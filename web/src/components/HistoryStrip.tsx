// The last 20 results of the same test, oldest to newest, each a link to its run.
import type { HistoryEntry } from '../api/types';
import { dateTime, duration, shortSha } from '../lib/format';
import { Link } from '../lib/router';

export function HistoryStrip({ items, projectId, currentId, compact }: { items: HistoryEntry[]; projectId: string; currentId?: string; compact?: boolean }) {
  if (items.length === 0) return <span class="muted small">No history</span>;
  const ordered = [...items].reverse();
  return (
    <ol class={`history${compact ? ' history-compact' : ''}`} aria-label="Recent results, oldest first" data-testid="history-strip">
      {ordered.map((h) => {
        const label = `${h.status} · ${dateTime(h.createdAt)} · ${duration(h.duration)}${h.branch ? ` · ${h.branch}` : ''}${h.commitSha ? ` · ${shortSha(h.commitSha)}` : ''}`;
        return (
          <li key={h.id}>
            <Link href={`/p/${projectId}/runs/${h.runId}`} class={`hist st-${h.status}${h.id === currentId ? ' current' : ''}`} title={label} aria-label={label} data-testid="history-item" data-status={h.status} data-run-id={h.runId} />
          </li>
        );
      })}
    </ol>
  );
}
