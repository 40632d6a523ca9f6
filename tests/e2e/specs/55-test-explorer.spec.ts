// The test explorer (contract §15) as a team lead uses it: the Tests page ranks tests by
// failure rate, p95 duration and more, filtered by branch and search; a test's page shows
// its days, its errors, every result and its quarantine, set through the dialog with a
// reason, an issue link and an end; the Quarantine page lists who quarantined what and
// why, extends, edits and lifts, and keeps the history. Checked on the server too.
import { test, expect, shot, signInContext } from '../support/fixtures';
import { addMember, newAccount, type Account, type World } from '../support/seed';
import { uniq, type Project } from '../support/api';

const FILE = 'tests/shop.spec.ts';
const TIMEOUT = 'Test timeout of 30000ms exceeded.';
function result(title: string, status: string, duration: number, error?: string) {
  return { title, fullTitle: `Shop > ${title}`, filePath: FILE, status, duration, ...(error ? { error: { message: error } } : {}) };
}

let owner: Account;
let project: Project;
let world: World;

// Three runs on main and one on a feature branch:
//   pays by card   failed, failed, passed (main) -> failure rate 2/3; fails on feature too
//   searches       passed 4000, 5000, 6000 (main) -> the slowest
//   signs in       flaky, passed, passed (main)
//   exports        skipped on main only
test.beforeAll(async () => {
  owner = await newAccount('explorer');
  const api = owner.api;
  const team = await api.createTeam(`Team ${uniq('t')}`);
  project = await api.createProject(team.id, `Shop ${uniq('p')}`);
  world = { owner, team, project } as unknown as World;
  const mainRuns = [
    [result('pays by card', 'failed', 900, TIMEOUT), result('searches', 'passed', 4000), result('signs in', 'flaky', 800), result('exports', 'skipped', 0)],
    [result('pays by card', 'failed', 1100, TIMEOUT), result('searches', 'passed', 5000), result('signs in', 'passed', 700)],
    [result('pays by card', 'passed', 1000), result('searches', 'passed', 6000), result('signs in', 'passed', 600)],
  ];
  for (const tests of mainRuns) {
    const r = await api.createRun(project.id, { branch: 'main' });
    await api.addTests(r.id, project.id, tests);
    await api.finishRun(r.id, { status: tests.some((t) => t.status === 'failed') ? 'failed' : 'passed' });
  }
  const f = await api.createRun(project.id, { branch: 'feature/cards' });
  await api.addTests(f.id, project.id, [result('pays by card', 'failed', 1200, TIMEOUT)]);
  await api.finishRun(f.id, { status: 'failed' });
});

const rows = (page: import('@playwright/test').Page) => page.getByTestId('test-case-row');

test('the Tests page sorts, filters by branch and searches', async ({ page, context }, testInfo) => {
  await signInContext(context, owner);
  await page.goto(`/p/${project.id}/runs`);
  await page.getByTestId('nav-test-cases').click();
  await expect(page.getByTestId('page-test-cases')).toBeVisible();
  await expect(rows(page)).toHaveCount(4);
  // Default: failure rate, highest first. pays by card: 3 failed of 4 run (all branches).
  await expect(rows(page).first()).toContainText('pays by card');
  await expect(rows(page).first().getByTestId('test-case-failure-rate')).toHaveText('75.0%');
  await expect(rows(page).first().getByTestId('test-case-runs')).toHaveText('4');
  await expect(page.getByRole('columnheader', { name: /Failure rate/ })).toHaveAttribute('aria-sort', 'descending');
  await shot(page, testInfo, 'test-cases');

  // p95 duration, slowest first: searches (nearest-rank p95 of 4000, 5000, 6000 = 6000).
  await page.getByTestId('sort-p95Duration').click();
  await expect(page.getByRole('columnheader', { name: /p95 duration/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(rows(page).first()).toContainText('searches');
  await expect(rows(page).first().getByTestId('test-case-p95')).toHaveText('6.0 s');
  // Again: ascending; the skipped-only test (no duration) is not first.
  await page.getByTestId('sort-p95Duration').click();
  await expect(page.getByRole('columnheader', { name: /p95 duration/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows(page).first()).not.toContainText('searches');
  // Flaky rate: signs in, 1 of 3.
  await page.getByTestId('sort-flakyRate').click();
  await expect(rows(page).first()).toContainText('signs in');
  await expect(rows(page).first().getByTestId('test-case-flaky-rate')).toHaveText('33.3%');

  // Branch: the feature branch ran one test; its rate there is 100%.
  await page.getByTestId('test-cases-branch').fill('feature/cards');
  await page.getByTestId('test-cases-branch').press('Enter');
  await page.getByTestId('test-cases-branch').blur();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first().getByTestId('test-case-failure-rate')).toHaveText('100%');
  expect(page.url()).toContain('branch=feature%2Fcards');

  // Search (substring, any case) on all branches.
  await page.getByTestId('test-cases-branch').fill('');
  await page.getByTestId('test-cases-branch').blur();
  await expect(rows(page)).toHaveCount(4);
  await page.getByTestId('test-cases-search').fill('SEARCH');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('searches');
  await page.getByTestId('test-cases-search').fill('nothing like it');
  await expect(page.getByTestId('test-cases-empty')).toBeVisible();
});

test('a test case page: days, errors, every result, and quarantine through the dialog', async ({ page, context }, testInfo) => {
  await signInContext(context, owner);
  await page.goto(`/p/${project.id}/test-cases`);
  await rows(page).filter({ hasText: 'pays by card' }).getByTestId('test-case-link').click();
  await expect(page.getByTestId('page-test-case')).toBeVisible();
  await expect(page.getByTestId('test-case-title')).toHaveText('pays by card');
  await expect(page.getByTestId('stat-results')).toContainText('4');
  await expect(page.getByTestId('stat-failure-rate')).toContainText('75.0%');
  // All on one UTC day here: one day of bars and one p95 point.
  await expect(page.getByTestId('outcome-day')).toHaveCount(1);
  await expect(page.getByTestId('duration-day')).toHaveCount(1);
  await expect(page.getByTestId('test-case-result')).toHaveCount(4);
  // Three failures, one error group.
  await expect(page.getByTestId('test-case-error')).toHaveCount(1);
  await expect(page.getByTestId('test-case-error')).toContainText(TIMEOUT);
  await expect(page.getByTestId('test-case-error')).toContainText('3 of the last 4 results');

  await expect(page.getByTestId('test-quarantine')).toHaveAttribute('data-quarantined', 'false');
  await page.getByTestId('test-quarantine-toggle').click();
  const dialog = page.getByTestId('quarantine-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('quarantine-reason').fill('Card sandbox times out under load');
  await dialog.getByTestId('quarantine-issue').fill('https://tracker.example.com/issues/42');
  await dialog.getByTestId('quarantine-expiry').selectOption('7');
  await shot(page, testInfo, 'quarantine-dialog');
  const before = Date.now();
  await dialog.getByTestId('quarantine-submit').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('test-quarantine')).toHaveAttribute('data-quarantined', 'true');
  await expect(page.getByTestId('quarantine-reason-text')).toContainText('Card sandbox times out under load');
  await expect(page.getByTestId('quarantine-issue-link')).toHaveAttribute('href', 'https://tracker.example.com/issues/42');
  await expect(page.getByTestId('quarantine-event')).toHaveCount(1);
  await expect(page.getByTestId('quarantine-event')).toHaveAttribute('data-action', 'quarantined');
  await shot(page, testInfo, 'test-case');

  const q = await owner.api.get(`/api/quarantine?projectId=${project.id}`);
  const entry = q.data.find((d: any) => d.fullTitle === 'Shop > pays by card');
  expect(entry.reason).toBe('Card sandbox times out under load');
  expect(entry.issueUrl).toBe('https://tracker.example.com/issues/42');
  expect(entry.quarantinedBy.id).toBe(owner.user.id);
  const days = (Date.parse(entry.expiresAt) - before) / 86400000;
  expect(days).toBeGreaterThan(6.99);
  expect(days).toBeLessThan(7.01);
  // The explorer marks it.
  await page.goto(`/p/${project.id}/test-cases`);
  await expect(rows(page).filter({ hasText: 'pays by card' }).getByTestId('test-case-quarantined')).toBeVisible();
});

test('the Quarantine page extends, edits and lifts, with history; viewers only read', async ({ page, context, browser }, testInfo) => {
  // Its own quarantined test, so that it does not depend on the test above.
  const list = await owner.api.get(`/api/test-cases?projectId=${project.id}&search=signs`);
  const signsIn = list.data[0].testId;
  await owner.api.post('/api/flakiness', { projectId: project.id, testId: signsIn, isQuarantined: true, reason: 'Flaky login' });

  await signInContext(context, owner);
  await page.goto(`/p/${project.id}/runs`);
  await page.getByTestId('nav-quarantine').click();
  await expect(page.getByTestId('page-quarantine')).toBeVisible();
  const row = page.getByTestId('quarantine-row').filter({ hasText: 'signs in' });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('quarantine-row-reason')).toContainText('Flaky login');
  await expect(row.getByTestId('quarantine-row-expires')).toHaveText('when lifted');
  await shot(page, testInfo, 'quarantine-page');

  // +14 days: an end two weeks from now.
  const before = Date.now();
  await row.getByTestId('quarantine-extend').click();
  await expect(row.getByTestId('quarantine-row-expires')).not.toHaveText('when lifted');
  const entry = async () => (await owner.api.get(`/api/quarantine?projectId=${project.id}`)).data.find((d: any) => d.testId === signsIn || d.fullTitle === 'Shop > signs in');
  const ext = await entry();
  expect((Date.parse(ext.expiresAt) - before) / 86400000).toBeGreaterThan(13.99);
  expect(ext.reason).toBe('Flaky login');

  // Edit: a new reason through the dialog.
  await row.getByTestId('quarantine-edit').click();
  const dialog = page.getByTestId('quarantine-dialog');
  await expect(dialog.getByTestId('quarantine-reason')).toHaveValue('Flaky login');
  await dialog.getByTestId('quarantine-reason').fill('Flaky login, see the SSO ticket');
  await dialog.getByTestId('quarantine-submit').click();
  await expect(row.getByTestId('quarantine-row-reason')).toContainText('see the SSO ticket');

  // A viewer sees the list and the history but no buttons.
  const viewer = await addMember(world, 'viewer', 'qviewer');
  const vctx = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  await signInContext(vctx, viewer);
  const vpage = await vctx.newPage();
  await vpage.goto(`/p/${project.id}/quarantine`);
  await expect(vpage.getByTestId('quarantine-row').filter({ hasText: 'signs in' })).toHaveCount(1);
  await expect(vpage.getByTestId('quarantine-lift')).toHaveCount(0);
  await vctx.close();

  // Lift: gone from the list, on the server, and logged.
  await row.getByTestId('quarantine-lift').click();
  await expect(row).toHaveCount(0);
  expect(await entry()).toBeUndefined();
  const events = page.getByTestId('quarantine-events').getByTestId('quarantine-event').filter({ hasText: 'signs in' });
  await expect(events.first()).toHaveAttribute('data-action', 'unquarantined');
  await expect(events).toHaveCount(4); // quarantined, extended, edited, lifted
});
