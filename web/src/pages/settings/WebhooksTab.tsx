// Webhooks: list, create, edit, delete, send a test ping, recent deliveries.
import { useState } from 'preact/hooks';
import { webhooks } from '../../api/endpoints';
import type { Webhook } from '../../api/types';
import { ConfirmButton } from '../../components/Buttons';
import { Empty, FormError, ListStates } from '../../components/States';
import { can } from '../../lib/roles';
import { useAsync } from '../../lib/useAsync';
import type { ProjectCtx } from '../ProjectFrame';
import { Deliveries } from './Deliveries';
import { RoleNotice } from './RoleNotice';
import { WebhookForm } from './WebhookForm';

export function WebhooksTab({ project, role }: ProjectCtx) {
  if (!can.manageWebhooks(role)) return <RoleNotice need="admin" what="manage webhooks" role={role} />;
  return <Hooks projectId={project.id} />;
}

function Hooks({ projectId }: { projectId: string }) {
  const list = useAsync(() => webhooks.list(projectId), [projectId]);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState('');
  const [open, setOpen] = useState('');
  const [pinged, setPinged] = useState<Record<string, number>>({});
  const [error, setError] = useState<unknown>(null);

  async function act(fn: () => Promise<unknown>) {
    setError(null);
    try {
      await fn();
      await list.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div class="settings-section" data-testid="settings-webhooks">
      {creating ? (
        <WebhookForm
          onCancel={() => setCreating(false)}
          onSubmit={async (w) => {
            await webhooks.create(projectId, w);
            setCreating(false);
            await list.reload();
          }}
        />
      ) : (
        <p>
          <button type="button" class="btn btn-primary" onClick={() => setCreating(true)} data-testid="new-webhook">
            New webhook
          </button>
        </p>
      )}
      <FormError error={error} action="manage webhooks" />
      <ListStates
        list={list}
        action="manage webhooks"
        empty={
          <Empty title="No webhooks">Webhooks POST a signed JSON event to a URL when a run completes or fails.</Empty>
        }
      >
        {(page) => (
          <ul class="plain-list" data-testid="webhooks-list">
            {page.data.map((h: Webhook) =>
              editing === h.id ? (
                <li key={h.id}>
                  <WebhookForm
                    initial={h}
                    onCancel={() => setEditing('')}
                    onSubmit={async (w) => {
                      await webhooks.update(h.id, w);
                      setEditing('');
                      await list.reload();
                    }}
                  />
                </li>
              ) : (
                <li key={h.id} class="card webhook" data-testid="webhook-row" data-webhook-id={h.id} data-active={h.isActive}>
                  <div class="row-line">
                    <span class="webhook-main">
                      <code class="ellipsis" data-testid="webhook-url-text">{h.url}</code>
                      <span class="muted small">
                        {h.events.join(', ')}
                        {h.hasSecret ? ' · signed' : ''}
                        {Object.keys(h.headers ?? {}).length ? ` · ${Object.keys(h.headers ?? {}).length} header(s)` : ''}
                      </span>
                    </span>
                    <span class={`badge badge-sm ${h.isActive ? 'st-passed' : 'st-skipped'}`}>{h.isActive ? 'active' : 'paused'}</span>
                    <span class="btn-row">
                      <button
                        type="button"
                        class="btn btn-sm"
                        data-testid="test-webhook"
                        onClick={() =>
                          act(async () => {
                            await webhooks.test(h.id);
                            setOpen(h.id);
                            setPinged((p) => ({ ...p, [h.id]: Date.now() }));
                          })
                        }
                      >
                        Send test
                      </button>
                      <button type="button" class="btn btn-sm" aria-expanded={open === h.id} onClick={() => setOpen(open === h.id ? '' : h.id)} data-testid="show-deliveries">
                        Deliveries
                      </button>
                      <button type="button" class="btn btn-sm" onClick={() => setEditing(h.id)} data-testid="edit-webhook">
                        Edit
                      </button>
                      <ConfirmButton testid="delete-webhook" question="Delete this webhook?" onConfirm={() => act(() => webhooks.remove(h.id))}>
                        Delete
                      </ConfirmButton>
                    </span>
                  </div>
                  {open === h.id && <Deliveries webhookId={h.id} refreshKey={pinged[h.id] ?? 0} />}
                </li>
              ),
            )}
          </ul>
        )}
      </ListStates>
    </div>
  );
}
