// API keys: create (the full key shown once, with a copy button), deactivate or
// reactivate, delete. Admins and owners only.
import { useState } from 'preact/hooks';
import { apiKeys } from '../../api/endpoints';
import type { ApiKey } from '../../api/types';
import { ConfirmButton, CopyButton } from '../../components/Buttons';
import { ReporterInstall, ReporterSetup } from '../../components/ReporterSetup';
import { Empty, FormError, ListStates } from '../../components/States';
import { dateTime, relTime } from '../../lib/format';
import { can } from '../../lib/roles';
import { useAsync } from '../../lib/useAsync';
import type { ProjectCtx } from '../ProjectFrame';
import { RoleNotice } from './RoleNotice';
import { useSubmit } from '../../lib/useSubmit';

export function ApiKeysTab({ project, role }: ProjectCtx) {
  if (!can.manageKeys(role)) return <RoleNotice need="admin" what="manage API keys" role={role} />;
  return <Keys projectId={project.id} />;
}

function Keys({ projectId }: { projectId: string }) {
  const list = useAsync(() => apiKeys.list(projectId), [projectId]);
  const [name, setName] = useState('');
  const [keyRole, setKeyRole] = useState('member');
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<ApiKey | null>(null);
  const { busy, error, setError, run } = useSubmit();

  async function create(e: Event) {
    e.preventDefault();
    await run(async () => {
      const exp = expires ? new Date(`${expires}T23:59:59`).toISOString() : undefined;
      const k = await apiKeys.create(projectId, name.trim(), keyRole, exp);
      setCreated(k);
      setName('');
      setExpires('');
      await list.reload();
    });
  }

  async function act(fn: () => Promise<unknown>) {
    setError(null);
    try {
      await fn();
      await list.reload();
    } catch (err) {
      setError(err);
    }
  }

  const origin = location.origin;
  return (
    <div class="settings-section" data-testid="settings-api-keys">
      {created?.key && (
        <section class="card new-key" data-testid="new-api-key" role="status">
          <h2>New API key “{created.name}”</h2>
          <p class="muted small">Copy it now: this is the only time the full key is shown. It is stored hashed.</p>
          <div class="key-line">
            <code data-testid="new-api-key-value">{created.key}</code>
            <CopyButton text={created.key} testid="copy-api-key" />
          </div>
          <p class="muted small">In CI, set <code>EURIQA_API_KEY</code> to this key and <code>EURIQA_URL</code> to <code>{origin}</code>.</p>
          <ReporterSetup apiKey={created.key} testid="new-key-setup" />
          <button type="button" class="btn btn-sm" onClick={() => setCreated(null)} data-testid="dismiss-api-key">
            Done
          </button>
        </section>
      )}

      <form class="card form form-inline" onSubmit={create}>
        <label class="grow">
          Name
          <input required value={name} placeholder="e.g. GitHub Actions" onInput={(e) => setName(e.currentTarget.value)} data-testid="api-key-name" />
        </label>
        <label>
          Role
          <select value={keyRole} onChange={(e) => setKeyRole(e.currentTarget.value)} data-testid="api-key-role">
            <option value="member">member (report results)</option>
            <option value="viewer">viewer (read only)</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <label>
          Expires (optional)
          <input type="date" value={expires} onChange={(e) => setExpires(e.currentTarget.value)} data-testid="api-key-expires" />
        </label>
        <button type="submit" class="btn btn-primary" disabled={busy || !name.trim()} data-testid="create-api-key">
          Create API key
        </button>
      </form>
      <FormError error={error} action="manage API keys" />
      <ReporterInstall />

      <ListStates
        list={list}
        action="manage API keys"
        empty={
          <Empty title="No API keys yet">Create one above for your CI to report results with.</Empty>
        }
      >
        {(page) => (
          <div class="table keys-table" role="table" aria-label="API keys" data-testid="api-keys-list">
            <div class="thead" role="row">
              <span role="columnheader">Name</span>
              <span role="columnheader">Key</span>
              <span role="columnheader">Role</span>
              <span role="columnheader">Status</span>
              <span role="columnheader">Last used</span>
              <span role="columnheader">Expires</span>
              <span role="columnheader">Actions</span>
            </div>
            {page.data.map((k) => (
              <div class="tr" role="row" key={k.id} data-testid="api-key-row" data-key-id={k.id} data-active={k.isActive}>
                <span role="cell" class="ellipsis" title={`created ${dateTime(k.createdAt)}`}>
                  {k.name}
                </span>
                <span role="cell">
                  <code class="muted">{k.maskedKey}</code>
                </span>
                <span role="cell">{k.role}</span>
                <span role="cell">
                  <span class={`badge badge-sm ${k.isActive ? 'st-passed' : 'st-skipped'}`} data-testid="api-key-status">
                    {k.isActive ? 'active' : 'inactive'}
                  </span>
                </span>
                <span role="cell" class="muted" title={dateTime(k.lastUsedAt)}>
                  {k.lastUsedAt ? relTime(k.lastUsedAt) : 'never'}
                </span>
                <span role="cell" class="muted">{k.expiresAt ? dateTime(k.expiresAt) : 'never'}</span>
                <span role="cell" class="btn-row">
                  <button type="button" class="btn btn-sm" onClick={() => act(() => apiKeys.setActive(k.id, !k.isActive))} data-testid="toggle-api-key">
                    {k.isActive ? 'Deactivate' : 'Activate'}
                  </button>
                  <ConfirmButton testid="delete-api-key" question="Delete this key?" onConfirm={() => act(() => apiKeys.remove(k.id))}>
                    Delete
                  </ConfirmButton>
                </span>
              </div>
            ))}
          </div>
        )}
      </ListStates>
    </div>
  );
}
