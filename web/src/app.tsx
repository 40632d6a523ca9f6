// Routes and the sign-in guard. Every route is a deep link (the server serves
// index.html for unknown non-API paths).
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Layout } from './components/Layout';
import { ErrorBox, Loading } from './components/States';
import { match, navigate, useLocation } from './lib/router';
import { refreshSession, useSession } from './lib/session';
import { lazy } from './lib/lazy';
import { Login } from './pages/Login';
import { nextPath } from './components/AuthForm';
import { Register } from './pages/Register';
import { Setup } from './pages/Setup';
import { Invitations } from './pages/Invitations';
import { Home } from './pages/Home';
import { ProjectFrame, type ProjectCtx } from './pages/ProjectFrame';
import { RunsPage } from './pages/Runs';
import { RunPage } from './pages/Run';
import { TestPage } from './pages/Test';
import { FlakyPage } from './pages/Flaky';
import { BuildPage } from './pages/Build';
import { ErrorsPage } from './pages/Errors';
import { TestCasesPage } from './pages/TestCases';
import { TestCasePage } from './pages/TestCase';
import { QuarantinePage } from './pages/Quarantine';
import { NotFound } from './pages/NotFound';
import { Invite } from './pages/Invite';
import { ForgotPassword } from './pages/ForgotPassword';
import { ResetPassword } from './pages/ResetPassword';
import { VerifyEmail } from './pages/VerifyEmail';
import { Profile } from './pages/Profile';
import { isPublicPath } from './lib/publicPaths';
import { KeyboardShortcuts } from './lib/keyboard';

const SettingsPage = lazy<ProjectCtx & { tab: string }>(() => import('./pages/Settings'), 'Loading settings…');
const MembersPage = lazy<{ teamId: string }>(() => import('./pages/Members'), 'Loading members…');

export function App() {
  const loc = useLocation();
  const session = useSession();
  const [bootError, setBootError] = useState<unknown>(null);

  useEffect(() => {
    refreshSession({ probe: true }).catch(setBootError);
  }, []);

  const isPublic = isPublicPath(loc.path);
  useEffect(() => {
    if (session.status === 'anonymous' && !isPublic) {
      const next = loc.path === '/' ? '' : `?next=${encodeURIComponent(loc.href)}`;
      navigate(`/login${next}`, { replace: true });
    }
  }, [session.status, isPublic, loc.href]);

  // Already signed in (e.g. an old tab): /login goes on to where it would lead.
  useEffect(() => {
    if (session.status === 'signed-in' && loc.path === '/login') navigate(nextPath(loc.query), { replace: true });
  }, [session.status, loc.path]);

  if (bootError && session.status === 'loading')
    return (
      <div class="center-page">
        <ErrorBox error={bootError} retry={() => location.reload()} />
      </div>
    );
  return (
    <>
      {isPublic ? (
        publicRoute(loc.path)
      ) : session.status !== 'signed-in' ? (
        <div class="center-page">
          <Loading />
        </div>
      ) : (
        route(loc.path)
      )}
      <KeyboardShortcuts />
    </>
  );
}

// Pages anyone may open; the link pages work signed in or not.
function publicRoute(path: string): JSX.Element {
  let m: Record<string, string> | null;
  if ((m = match('/invite/:token', path))) return <Invite token={m.token} key={m.token} />;
  if ((m = match('/reset-password/:token', path))) return <ResetPassword token={m.token} key={m.token} />;
  if ((m = match('/verify-email/:token', path))) return <VerifyEmail token={m.token} key={m.token} />;
  if (path === '/forgot-password') return <ForgotPassword />;
  return path === '/login' ? <Login /> : <Register />;
}

function route(path: string): JSX.Element {
  let m: Record<string, string> | null;
  if (path === '/' || path === '') return <Home />;
  if (path === '/profile') return <Profile />;
  if (path === '/setup') return <Setup />;
  if (path === '/invitations') return <Invitations />;
  if ((m = match('/p/:projectId/runs', path)))
    return <ProjectFrame id={m.projectId} key={m.projectId}>{(ctx) => <RunsPage {...ctx} />}</ProjectFrame>;
  if ((m = match('/p/:projectId/runs/:runId', path))) {
    const runId = m.runId;
    return <ProjectFrame id={m.projectId} key={m.projectId}>{(ctx) => <RunPage {...ctx} runId={runId} key={runId} />}</ProjectFrame>;
  }
  if ((m = match('/p/:projectId/tests/:testId', path))) {
    const testId = m.testId;
    return <ProjectFrame id={m.projectId} key={m.projectId}>{(ctx) => <TestPage {...ctx} testId={testId} key={testId} />}</ProjectFrame>;
  }
  if ((m = match('/p/:projectId/builds/:ciBuildId', path))) {
    const ciBuildId = m.ciBuildId;
    return <ProjectFrame id={m.projectId} key={m.projectId}>{(ctx) => <BuildPage {...ctx} ciBuildId={ciBuildId} key={ciBuildId} />}</ProjectFrame>;
  }
  if ((m = match('/p/:projectId/test-cases', path)))
    return <ProjectFrame id={m.projectId} key={m.projectId}>{(ctx) => <TestCasesPage {...ctx} />}</ProjectFrame>;
  if ((m = match('/p/:projectId/test-cases/:testId', path))) {
    const testId = m.testId;
    return <ProjectFrame id={m.projectId} key={m.projectId}>{(ctx) => <TestCasePage {...ctx} testId={testId} key={testId} />}</ProjectFrame>;
  }
  if ((m = match('/p/:projectId/quarantine', path)))
    return <ProjectFrame id={m.projectId} key={m.projectId}>{(ctx) => <QuarantinePage {...ctx} />}</ProjectFrame>;
  if ((m = match('/p/:projectId/errors', path)))
    return <ProjectFrame id={m.projectId} key={m.projectId}>{(ctx) => <ErrorsPage {...ctx} />}</ProjectFrame>;
  if ((m = match('/p/:projectId/flaky', path)))
    return <ProjectFrame id={m.projectId} key={m.projectId}>{(ctx) => <FlakyPage {...ctx} />}</ProjectFrame>;
  if ((m = match('/p/:projectId/settings', path)) || (m = match('/p/:projectId/settings/:tab', path))) {
    const tab = m.tab ?? 'project';
    return <ProjectFrame id={m.projectId} key={m.projectId}>{(ctx) => <SettingsPage {...ctx} tab={tab} />}</ProjectFrame>;
  }
  if ((m = match('/t/:teamId/members', path))) {
    const teamId = m.teamId;
    return (
      <Layout teamId={teamId}>
        <MembersPage teamId={teamId} key={teamId} />
      </Layout>
    );
  }
  if ((m = match('/p/:projectId', path))) {
    navigate(`/p/${m.projectId}/runs`, { replace: true });
    return <Loading />;
  }
  return (
    <Layout>
      <NotFound />
    </Layout>
  );
}
