// "/": the last used project's runs, else the first project, else first-run setup.
import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, Loading } from '../components/States';
import { Layout } from '../components/Layout';
import { navigate } from '../lib/router';
import { allProjects } from '../lib/projects';
import { lastProject, useSession } from '../lib/session';

export function Home() {
  const session = useSession();
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (session.status !== 'signed-in') return;
    allProjects(session.me).then((groups) => {
      const ids = groups.flatMap((g) => g.projects.map((p) => p.id));
      const last = lastProject();
      const target = last && ids.includes(last) ? last : ids[0];
      navigate(target ? `/p/${target}/runs` : '/setup', { replace: true });
    }, setError);
  }, [session]);
  return <Layout>{error ? <ErrorBox error={error} retry={() => location.reload()} /> : <Loading />}</Layout>;
}
