// Recent delivery attempts of one webhook; refreshes a few times after a test ping
// so the person sees it go from pending to delivered.
import { useEffect } from 'preact/hooks';
import { webhooks } from '../../api/endpoints';
import { ErrorBox, Loading } from '../../components/States';
import { dateTime, duration } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';

export function Deliveries({ webhookId, refreshKey }: { webhookId: string; refreshKey: number }) {
  const list = useAsync(() => webhooks.deliveries(webhookId), [webhookId]);
  useEffect(() => {
    if (!refreshKey) return;
    const timers = [1000, 3000, 8000].map((ms) => setTimeout(() => void list.reload(), ms));
    void list.reload();
    return () => timers.forEach(clearTimeout);
  }, [refreshKey]);

  if (list.error) return <ErrorBox error={list.error} retry={list.reload} />;
  if (!list.data) return <Loading />;
  if (list.data.data.length === 0) return <p class="muted small">No deliveries yet. Send a test to try the endpoint.</p>;
  return (
    <table class="mini-table" data-testid="deliveries">
      <thead>
        <tr>
          <th>Event</th>
          <th>Status</th>
          <th>HTTP</th>
          <th>Attempts</th>
          <th>Time</th>
          <th>When</th>
          <th>Error</th>
        </tr>
      </thead>
      <tbody>
        {list.data.data.map((d) => (
          <tr key={d.id} data-testid="delivery-row" data-status={d.status}>
            <td>{d.eventType}</td>
            <td>
              <span class={`badge badge-sm ${d.status === 'delivered' || d.status === 'succeeded' ? 'st-passed' : d.status === 'pending' ? 'st-running' : 'st-failed'}`}>{d.status}</span>
            </td>
            <td class="num">{d.lastStatusCode ?? '–'}</td>
            <td class="num">{d.attempts}</td>
            <td class="num">{d.durationMs !== null ? duration(d.durationMs) : '–'}</td>
            <td class="muted">{dateTime(d.createdAt)}</td>
            <td class="muted small">{d.lastError ?? (d.nextAttemptAt ? `retry at ${dateTime(d.nextAttemptAt)}` : '')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
