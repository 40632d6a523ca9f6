import { render } from 'preact';
import { App } from './app';
import { prefetch, setUnauthorizedHandler } from './api/client';
import { auth, projects, runs, tests } from './api/endpoints';
import { startRunLoad } from './lib/runData';
import { prefetchRunsPage } from './pages/Runs';
import { navigate } from './lib/router';
import { markSignedOut } from './lib/session';
import { isPublicPath } from './lib/publicPaths';
import { serverInfo } from './lib/serverInfo';
import { invalidateProjects } from './lib/projects';
import './styles.css';

// An expired or revoked session anywhere: back to sign-in, then back here.
setUnauthorizedHandler(() => {
  invalidateProjects();
  markSignedOut();
  const here = location.pathname + location.search;
  if (!isPublicPath(location.pathname)) navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
});

// Start the requests of a deep link now, in parallel, once the server says this browser
// has a session (signed out, nothing is asked that would answer 401); the pages pick them up.
const info = serverInfo();
// The runs page's charts are a chunk of their own (uPlot): fetch it with the page, not
// after the list has rendered.
if (/^\/p\/[^/]+\/runs\/?$/.test(location.pathname)) import('./components/RunsChart').catch(() => {});
info.then((i) => {
  if (!i.signedIn) return;
  prefetch(() => auth.me());
  const m = location.pathname.match(/^\/p\/([^/]+)(?:\/(runs|tests)(?:\/([^/]+))?)?/);
  if (m) {
    const [, pid, kind, id] = m.map((x) => (x ? decodeURIComponent(x) : x));
    prefetch(() => projects.get(pid));
    if (kind === 'runs' && !id && !location.search) {
      prefetchRunsPage(pid);
    } else if (kind === 'runs' && id) {
      prefetch(() => runs.get(id));
      startRunLoad(pid, id, true);
      prefetch(() => tests.suites(pid, id));
    } else if (kind === 'tests' && id) {
      prefetch(() => tests.get(id));
    }
  }
}, () => {});

// The first render waits for that answer (a few ms): rendering first kept the main
// thread busy while it arrived, holding back the requests above by the render's length.
let mounted = false;
const mount = () => {
  if (mounted) return;
  mounted = true;
  render(<App />, document.getElementById('app')!);
};
info.then(mount, mount);
setTimeout(mount, 1000); // a server slow to answer still gets its pages drawn
