// Projects the signed-in user can see, grouped by team, cached for the header's
// switcher and for the role lookup of project pages. invalidateProjects() after a
// create, rename or delete.
import { projects as api } from '../api/endpoints';
import type { Me, Project } from '../api/types';

export interface TeamProjects {
  teamId: string;
  teamName: string;
  role: Me['teams'][number]['role'];
  projects: Project[];
}

let cache: { key: string; value: Promise<TeamProjects[]> } | null = null;

export function allProjects(me: Me): Promise<TeamProjects[]> {
  const key = me.teams.map((t) => `${t.id}:${t.role}`).join(',');
  if (!cache || cache.key !== key) {
    const value = Promise.all(
      me.teams.map(async (t) => ({ teamId: t.id, teamName: t.name, role: t.role, projects: (await api.list(t.id)).data })),
    );
    value.catch(() => {
      if (cache?.value === value) cache = null;
    });
    cache = { key, value };
  }
  return cache.value;
}

export function invalidateProjects() {
  cache = null;
}
