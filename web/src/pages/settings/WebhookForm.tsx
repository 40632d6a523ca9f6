// Create or edit a webhook: URL, events, extra headers ("Name: value" lines), secret.
import { useState } from 'preact/hooks';
import type { WebhookInput } from '../../api/endpoints';
import type { Webhook } from '../../api/types';
import { FormError } from '../../components/States';
import { useSubmit } from '../../lib/useSubmit';

const EVENTS = [
  { id: 'run.completed', label: 'run.completed — every finished run' },
  { id: 'run.failed', label: 'run.failed — runs that failed' },
];

function headersText(h: Record<string, string> | null | undefined): string {
  return Object.entries(h ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const i = line.indexOf(':');
    if (i <= 0) throw new Error(`Header lines look like "Name: value" (got "${line.trim()}")`);
    out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

interface Props {
  initial?: Webhook;
  onSubmit: (w: WebhookInput) => Promise<void>;
  onCancel?: () => void;
}

export function WebhookForm({ initial, onSubmit, onCancel }: Props) {
  const [url, setUrl] = useState(initial?.url ?? '');
  const [events, setEvents] = useState<string[]>(initial?.events ?? ['run.failed']);
  const [headers, setHeaders] = useState(headersText(initial?.headers));
  const [secret, setSecret] = useState('');
  const [active, setActive] = useState(initial?.isActive ?? true);
  const { busy, error, setError, run } = useSubmit();

  async function submit(e: Event) {
    e.preventDefault();
    if (events.length === 0) {
      setError(new Error('Choose at least one event.'));
      return;
    }
    await run(async () => {
      const w: WebhookInput = { url: url.trim(), events, headers: parseHeaders(headers), isActive: active };
      if (secret) w.secret = secret; // empty: keep the stored secret
      await onSubmit(w);
    });
  }

  return (
    <form class="card form webhook-form" onSubmit={submit} data-testid="webhook-form">
      <h2>{initial ? 'Edit webhook' : 'New webhook'}</h2>
      <label>
        URL
        <input type="url" required placeholder="https://hooks.example.com/euriqa" value={url} onInput={(e) => setUrl(e.currentTarget.value)} data-testid="webhook-url" />
      </label>
      <fieldset class="fieldset">
        <legend>Events</legend>
        {EVENTS.map((ev) => (
          <label class="check" key={ev.id}>
            <input
              type="checkbox"
              checked={events.includes(ev.id)}
              onChange={(e) => setEvents(e.currentTarget.checked ? [...events, ev.id] : events.filter((x) => x !== ev.id))}
              data-testid={`webhook-event-${ev.id}`}
            />
            {ev.label}
          </label>
        ))}
      </fieldset>
      <label>
        Extra headers (one “Name: value” per line)
        <textarea rows={2} value={headers} onInput={(e) => setHeaders(e.currentTarget.value)} data-testid="webhook-headers" />
      </label>
      <label>
        Signing secret {initial?.hasSecret ? '(set; leave empty to keep it)' : '(optional)'}
        <input type="password" autoComplete="new-password" value={secret} onInput={(e) => setSecret(e.currentTarget.value)} data-testid="webhook-secret" />
        <span class="hint">Deliveries are signed with Standard Webhooks headers (webhook-signature).</span>
      </label>
      {initial && (
        <label class="check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} data-testid="webhook-active" />
          Active
        </label>
      )}
      <FormError error={error} action="manage webhooks" />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="save-webhook">
          {busy ? 'Saving…' : initial ? 'Save webhook' : 'Create webhook'}
        </button>
        {onCancel && (
          <button type="button" class="btn" onClick={onCancel} data-testid="cancel-webhook">
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
