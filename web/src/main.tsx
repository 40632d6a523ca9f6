import { render } from 'preact';
import { App } from './app';
import { setUnauthorizedHandler } from './api/client';
import { navigate } from './lib/router';
import { markSignedOut } from './lib/session';
import { invalidateProjects } from './lib/projects';
import './styles.css';

// An expired or revoked session anywhere: back to sign-in, then back here.
setUnauthorizedHandler(() => {
  invalidateProjects();
  markSignedOut();
  const here = location.pathname + location.search;
  if (location.pathname !== '/login' && location.pathname !== '/register')
    navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
});

render(<App />, document.getElementById('app')!);
