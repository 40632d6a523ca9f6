// Loads the project of a /p/:projectId/… route, remembers it as the last used one,
// and hands the page the project and the caller's role in its team.
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { projects } from '../api/endpoints';
import type { Project, Role } from '../api/types';
import { Layout } from '../components/Layout';
import { ErrorBox, Loading } from '../components/States';
import { useAsync } from '../lib/useAsync';
import { rememberProject, useSession } from '../lib/session';

export interface ProjectCtx {
  project: Project;
  role: Role | null;
  teamName: string;
}

const known = new Map<string, Project>();
// Frames showing a project, told when it changes (a rename in settings) so the header
// and pages show the new name without a reload.
const changed = new Set<(p: Project) => void>();

export function ProjectFrame({ id, children }: { id: string; children: (ctx: ProjectCtx) => JSX.Element }) {
  const session = useSession();
  const { data, error, reload, setData } = useAsync(async () => {
    const cached = known.get(id);
    if (cached) return cached;
    const p = await projects.get(id);
    known.set(id, p);
    return p;
  }, [id]);

  useEffect(() => {
    if (data) rememberProject(data.id);
  }, [data]);

  useEffect(() => {
    const onChange = (p: Project) => {
      if (p.id === id) setData(p);
    };
    changed.add(onChange);
    return () => void changed.delete(onChange);
  }, [id]);

  if (error)
    return (
      <Layout>
        <ErrorBox error={error} retry={reload} />
      </Layout>
    );
  if (!data)
    return (
      <Layout>
        <Loading />
      </Layout>
    );
  const team = session.status === 'signed-in' ? session.me.teams.find((t) => t.id === data.teamId) : undefined;
  return <Layout project={data}>{children({ project: data, role: team?.role ?? null, teamName: team?.name ?? '' })}</Layout>;
}

/** After a rename or delete. */
export function forgetProject(id: string) {
  known.delete(id);
}

/** A project was changed (renamed): every frame showing it takes the new version. */
export function projectChanged(p: Project) {
  known.set(p.id, p);
  for (const l of changed) l(p);
}
