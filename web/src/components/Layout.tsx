// The frame around every signed-in page: top bar with the project switcher, the
// project's sections, and the user's menu (sign out).
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { auth } from '../api/endpoints';
import type { Project } from '../api/types';
import { Link, navigate, useLocation } from '../lib/router';
import { allProjects, invalidateProjects, type TeamProjects } from '../lib/projects';
import { lastProject, markSignedOut, useSession } from '../lib/session';

interface Props {
  project?: Project | null;
  /** On team pages: show the nav of the last used project of this team. */
  teamId?: string;
  children: ComponentChildren;
}

export function Layout({ project: given, teamId, children }: Props) {
  const session = useSession();
  const loc = useLocation();
  const me = session.status === 'signed-in' ? session.me : null;
  const [groups, setGroups] = useState<TeamProjects[] | null>(null);

  useEffect(() => {
    if (!me) return;
    allProjects(me).then(setGroups, () => setGroups(null));
    // A renamed project (given with its new name) refreshes the switcher's list too.
  }, [me, given?.name]);

  let project = given ?? null;
  if (!project && teamId && groups) {
    const inTeam = groups.find((g) => g.teamId === teamId)?.projects ?? [];
    project = inTeam.find((p) => p.id === lastProject()) ?? inTeam[0] ?? null;
  }
  const pid = project?.id;
  const section = (name: string, href: string, testid: string) => (
    <Link href={href} class={`nav-link${loc.path.startsWith(href) ? ' active' : ''}`} data-testid={testid} aria-current={loc.path.startsWith(href) ? 'page' : undefined}>
      {name}
    </Link>
  );

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <Link href="/" class="brand" aria-label="Euriqa home">
          <span class="brand-mark" aria-hidden="true" />
          Euriqa
        </Link>
        {me && groups && groups.some((g) => g.projects.length > 0) && (
          <label class="switcher">
            <span class="sr-only">Project</span>
            <select
              data-testid="project-switcher"
              value={pid ?? ''}
              onChange={(e) => {
                const v = (e.currentTarget as HTMLSelectElement).value;
                if (v === '__new') navigate('/setup');
                else if (v) navigate(`/p/${v}/runs`);
              }}
            >
              {!pid && <option value="">Choose a project…</option>}
              {groups.map((g) => (
                <optgroup label={g.teamName} key={g.teamId}>
                  {g.projects.map((p) => (
                    <option value={p.id} key={p.id}>
                      {p.name}
                    </option>
                  ))}
                </optgroup>
              ))}
              <option value="__new">+ New team or project…</option>
            </select>
          </label>
        )}
        {pid && (
          <nav class="nav" aria-label="Project">
            {section('Runs', `/p/${pid}/runs`, 'nav-runs')}
            {section('Tests', `/p/${pid}/test-cases`, 'nav-test-cases')}
            {section('Errors', `/p/${pid}/errors`, 'nav-errors')}
            {section('Flaky tests', `/p/${pid}/flaky`, 'nav-flaky')}
            {section('Quarantine', `/p/${pid}/quarantine`, 'nav-quarantine')}
            {section('Settings', `/p/${pid}/settings`, 'nav-settings')}
            {section('Members', `/t/${project!.teamId}/members`, 'nav-members')}
          </nav>
        )}
        <div class="topbar-end">
          {me && (
            <>
              <Link href="/invitations" class="nav-link" data-testid="nav-invitations">
                Invitations
              </Link>
              <Link href="/profile" class="user" title={`${me.email} · your account`} data-testid="current-user">
                {me.name || me.email}
              </Link>
              <button
                type="button"
                class="btn btn-sm"
                data-testid="sign-out"
                onClick={async () => {
                  try {
                    await auth.logout();
                  } catch {
                    /* signed out either way */
                  }
                  invalidateProjects();
                  markSignedOut();
                  navigate('/login');
                }}
              >
                Sign out
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" class="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
