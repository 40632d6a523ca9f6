// First run (and later "new team or project"): create a team, then a project in it.
import { useState } from 'preact/hooks';
import { projects, teams } from '../api/endpoints';
import { Layout } from '../components/Layout';
import { FormError } from '../components/States';
import { Link, navigate } from '../lib/router';
import { refreshSession, useSession } from '../lib/session';
import { invalidateProjects } from '../lib/projects';
import { can } from '../lib/roles';
import { useTitle } from '../lib/useTitle';
import { PendingInvitations } from './Invitations';
import { useSubmit } from '../lib/useSubmit';

export function Setup() {
  useTitle('Setup');
  const session = useSession();
  const me = session.status === 'signed-in' ? session.me : null;
  const adminTeams = (me?.teams ?? []).filter((t) => can.manageProject(t.role));
  const [teamName, setTeamName] = useState('');
  const [projectName, setProjectName] = useState('');
  const [teamId, setTeamId] = useState<string>('');
  const { busy, error, run } = useSubmit();
  const selectedTeam = teamId || adminTeams[0]?.id || '';

  async function createTeam(e: Event) {
    e.preventDefault();
    await run(async () => {
      const t = await teams.create(teamName.trim());
      invalidateProjects();
      await refreshSession();
      setTeamId(t.id);
      setTeamName('');
    });
  }

  async function createProject(e: Event) {
    e.preventDefault();
    await run(async () => {
      const p = await projects.create(selectedTeam, projectName.trim());
      invalidateProjects();
      navigate(`/p/${p.id}/settings/api-keys`);
    });
  }

  return (
    <Layout>
      <div class="narrow" data-testid="page-setup">
        <h1>{me && me.teams.length === 0 ? 'Welcome to Euriqa' : 'New team or project'}</h1>
        {me && me.teams.length === 0 && (
          <p class="muted">Results are kept per project, and projects belong to a team. Accept an invitation to join a team, or create a team and a project to get an API key for your CI.</p>
        )}
        <PendingInvitations compact />

        <section class="card">
          <h2>{adminTeams.length ? '1. A team (optional: you already have one)' : '1. Create a team'}</h2>
          <form class="form form-inline" onSubmit={createTeam}>
            <label>
              Team name
              <input required value={teamName} onInput={(e) => setTeamName(e.currentTarget.value)} placeholder="e.g. Web platform" data-testid="team-name" />
            </label>
            <button type="submit" class="btn" disabled={busy || !teamName.trim()} data-testid="create-team">
              Create team
            </button>
          </form>
        </section>

        <section class="card">
          <h2>2. Create a project</h2>
          {adminTeams.length === 0 ? (
            <p class="muted">Create a team first{me && me.teams.length > 0 ? ' (you need the admin role in a team to add projects to it)' : ''}.</p>
          ) : (
            <form class="form form-inline" onSubmit={createProject}>
              <label>
                Team
                <select value={selectedTeam} onChange={(e) => setTeamId(e.currentTarget.value)} data-testid="project-team">
                  {adminTeams.map((t) => (
                    <option value={t.id} key={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Project name
                <input required value={projectName} onInput={(e) => setProjectName(e.currentTarget.value)} placeholder="e.g. Web app E2E" data-testid="project-name" />
              </label>
              <button type="submit" class="btn btn-primary" disabled={busy || !projectName.trim()} data-testid="create-project">
                Create project
              </button>
            </form>
          )}
        </section>
        <FormError error={error} action="create projects in this team" />
        {me && me.teams.length > 0 && (
          <p class="small">
            <Link href="/">Back to my projects</Link>
          </p>
        )}
      </div>
    </Layout>
  );
}
