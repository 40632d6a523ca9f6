// Seeds a realistic team/project through the API: runs on two branches, a failed test
// with error, nested steps (failing step marked), stdout/stderr, and real artifacts
// (PNG screenshot, WebM video, Playwright trace), plus flaky tests for the flaky page.
import { Api, uniq, User, Team, Project, Run, TestResult } from './api';
import { fixture } from './artifacts';

export const PASSWORD = 'correct-horse-battery-9';

export function baseUrl(): string {
  const u = process.env.E2E_BASE_URL;
  if (!u) throw new Error('E2E_BASE_URL is not set (global setup did not run?)');
  return u;
}

export interface Account { api: Api; user: User; email: string; password: string; name: string }

export async function newAccount(label = 'user', url = baseUrl()): Promise<Account> {
  const api = new Api(url);
  const email = `${uniq(label)}@example.com`.toLowerCase();
  const name = `${label[0].toUpperCase()}${label.slice(1)} ${uniq('')}`;
  const user = await api.register(email, PASSWORD, name);
  return { api, user, email, password: PASSWORD, name };
}

export const FAILED_TEST = {
  title: 'should submit login form',
  fullTitle: 'Auth > Login Page > should submit login form',
  filePath: 'tests/auth/login.spec.ts',
  errorMessage: "Timed out waiting for selector '.dashboard'",
  errorStack: "Error: Timed out waiting for selector '.dashboard'\n    at tests/auth/login.spec.ts:42:5",
  failingStep: 'expect(locator).toBeVisible()',
  passingSteps: ['Before Hooks', "page.goto('https://app.example.com/login')", "locator.fill('#email', 'user@test.com')", 'After Hooks'],
  stdout: 'navigating to /login\nfilled the form\nSTDOUT-MARKER-7f3a submitting\n',
  stderr: 'warning: slow network STDERR-MARKER-19c2\n',
};

export const FLAKY_TEST = {
  title: 'should update cart totals',
  fullTitle: 'Cart > should update cart totals',
  filePath: 'tests/cart/cart.spec.ts',
};

export interface World {
  owner: Account;
  team: Team;
  project: Project;
  runs: { mainPassed: Run; featureFailed: Run; mainOlder: Run };
  failed: TestResult;          // the failed test with artifacts
  flaky: TestResult;           // a flaky result (quarantine candidate)
  passedTitles: string[];
}

function passedTest(title: string, file: string, group: string) {
  return {
    title, fullTitle: `${group} > ${title}`, filePath: file, lineNumber: 10, status: 'passed', duration: 1200,
    retries: 0, attempt: 1, isFlaky: false, tags: ['@smoke'], annotations: [], error: null,
    steps: [{ title: `page.goto('/${group.toLowerCase()}')`, category: 'action', status: 'passed', duration: 300, error: null }],
    stdout: '', stderr: '',
  };
}

/** Seeds a full project for one owner. Options let tests add artifacts or skip them. */
export async function seedWorld(opts: { artifacts?: boolean; label?: string } = {}): Promise<World> {
  const owner = await newAccount(opts.label ?? 'owner');
  const api = owner.api;
  const team = await api.createTeam(`Team ${uniq('t')}`);
  const project = await api.createProject(team.id, `Web App E2E ${uniq('p')}`);

  // Oldest first, so the newest run is the failed one on the feature branch.
  const mainOlder = await api.createRun(project.id, {
    branch: 'main', commitSha: 'aaa1111aaa1111', commitMessage: 'Older nightly', runTitle: 'Nightly older',
    browser: 'chromium', os: 'linux', playwrightVersion: '1.65.1',
  });
  await api.addTests(mainOlder.id, project.id, [
    passedTest('should show home', 'tests/home.spec.ts', 'Home'),
    { ...passedTest(FLAKY_TEST.title, FLAKY_TEST.filePath, 'Cart'), fullTitle: FLAKY_TEST.fullTitle, status: 'flaky', isFlaky: true, retries: 1, attempt: 2 },
  ]);
  await api.finishRun(mainOlder.id, { status: 'passed' });

  const mainPassed = await api.createRun(project.id, {
    branch: 'main', commitSha: 'bbb2222bbb2222', commitMessage: 'Add search page', runTitle: 'Nightly main',
    browser: 'chromium', os: 'linux', playwrightVersion: '1.65.1', ciProvider: 'github-actions',
  });
  const passedTitles = ['should show home', 'should search products', 'should open product page'];
  await api.addTests(mainPassed.id, project.id, [
    passedTest(passedTitles[0], 'tests/home.spec.ts', 'Home'),
    passedTest(passedTitles[1], 'tests/search.spec.ts', 'Search'),
    passedTest(passedTitles[2], 'tests/product.spec.ts', 'Product'),
    { ...passedTest(FLAKY_TEST.title, FLAKY_TEST.filePath, 'Cart'), fullTitle: FLAKY_TEST.fullTitle, status: 'flaky', isFlaky: true, retries: 1, attempt: 2 },
  ]);
  await api.finishRun(mainPassed.id, { status: 'passed' });

  const featureFailed = await api.createRun(project.id, {
    branch: 'feature/login-flow', commitSha: 'ccc3333ccc3333', commitMessage: 'Rework login flow', runTitle: 'Login Flow Tests',
    browser: 'chromium', os: 'linux', playwrightVersion: '1.65.1', ciProvider: 'github-actions', workers: 2,
  });
  const created = await api.addTests(featureFailed.id, project.id, [
    {
      title: FAILED_TEST.title, fullTitle: FAILED_TEST.fullTitle, filePath: FAILED_TEST.filePath, lineNumber: 35,
      status: 'failed', duration: 8320, retries: 0, attempt: 1, isFlaky: false, tags: ['@auth'], annotations: [],
      error: { message: FAILED_TEST.errorMessage, stack: FAILED_TEST.errorStack, expected: 'visible', actual: 'hidden' },
      steps: [
        { title: 'Before Hooks', category: 'hook', status: 'passed', duration: 120, error: null,
          steps: [{ title: 'fixture: page', category: 'fixture', status: 'passed', duration: 80, error: null }] },
        { title: FAILED_TEST.passingSteps[1], category: 'action', status: 'passed', duration: 820, error: null },
        { title: FAILED_TEST.passingSteps[2], category: 'action', status: 'passed', duration: 45, error: null },
        { title: FAILED_TEST.failingStep, category: 'assertion', status: 'failed', duration: 5000,
          error: { message: FAILED_TEST.errorMessage } },
        { title: 'After Hooks', category: 'hook', status: 'passed', duration: 15, error: null },
      ],
      stdout: FAILED_TEST.stdout, stderr: FAILED_TEST.stderr,
    },
    passedTest('should show login form', 'tests/auth/login.spec.ts', 'Auth > Login Page'),
    { ...passedTest('should reset password', 'tests/auth/reset.spec.ts', 'Auth'), status: 'skipped', duration: 0, steps: [] },
    { ...passedTest(FLAKY_TEST.title, FLAKY_TEST.filePath, 'Cart'), fullTitle: FLAKY_TEST.fullTitle, status: 'flaky', isFlaky: true, retries: 1, attempt: 2 },
  ]);
  const failed = created.data.find((t) => t.title === FAILED_TEST.title)!;
  const flaky = created.data.find((t) => t.title === FLAKY_TEST.title)!;
  if (opts.artifacts !== false) {
    await api.upload({ file: fixture.png, type: 'screenshot', runId: featureFailed.id, projectId: project.id, testId: failed.id, mime: 'image/png' });
    await api.upload({ file: fixture.webm, type: 'video', runId: featureFailed.id, projectId: project.id, testId: failed.id, mime: 'video/webm' });
    await api.upload({ file: fixture.trace, type: 'trace', runId: featureFailed.id, projectId: project.id, testId: failed.id, mime: 'application/zip' });
  }
  await api.finishRun(featureFailed.id, { status: 'failed' });
  return { owner, team, project, runs: { mainPassed, featureFailed, mainOlder }, failed, flaky, passedTitles };
}

/** Adds `account` to the world's team with `role` through a real invitation. */
export async function addMember(world: World, role: 'admin' | 'member' | 'viewer', label = role): Promise<Account> {
  const invitee = await newAccount(label);
  const inv = await world.owner.api.invite(world.team.id, invitee.email, role);
  await invitee.api.acceptInvitationLink(inv.inviteUrl);
  return invitee;
}
