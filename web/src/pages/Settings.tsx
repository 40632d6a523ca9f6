// Project settings with tabs: project (name, retention, flakiness), API keys, webhooks,
// and the member's own notifications.
// Role-aware: a viewer or member sees the values and no write controls.
import { Link } from '../lib/router';
import { useTitle } from '../lib/useTitle';
import type { ProjectCtx } from './ProjectFrame';
import { ProjectTab } from './settings/ProjectTab';
import { ApiKeysTab } from './settings/ApiKeysTab';
import { WebhooksTab } from './settings/WebhooksTab';
import { NotificationsTab } from './settings/NotificationsTab';

const TABS = [
  { id: 'project', label: 'Project' },
  { id: 'api-keys', label: 'API keys' },
  { id: 'webhooks', label: 'Webhooks' },
  { id: 'notifications', label: 'Notifications' },
];

export default function SettingsPage(props: ProjectCtx & { tab: string }) {
  const { project, tab } = props;
  const current = TABS.some((t) => t.id === tab) ? tab : 'project';
  useTitle('Settings', project.name);
  return (
    <div data-testid="page-settings" data-tab={current}>
      <div class="page-head">
        <h1>Settings</h1>
        <span class="muted">{project.name}</span>
      </div>
      <nav class="tabs" aria-label="Settings sections">
        {TABS.map((t) => (
          <Link
            key={t.id}
            href={`/p/${project.id}/settings/${t.id}`}
            class={`tab${current === t.id ? ' active' : ''}`}
            aria-current={current === t.id ? 'page' : undefined}
            data-testid={`tab-${t.id}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {current === 'project' && <ProjectTab {...props} />}
      {current === 'api-keys' && <ApiKeysTab {...props} />}
      {current === 'webhooks' && <WebhooksTab {...props} />}
      {current === 'notifications' && <NotificationsTab {...props} />}
    </div>
  );
}
