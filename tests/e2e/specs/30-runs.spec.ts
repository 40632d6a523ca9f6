// The runs page: the project's runs newest first, filtered by status, branch and search,
// with the filters kept in the URL (a reload keeps them).
import { test, expect, shot, signInContext } from '../support/fixtures';
import { seedWorld, type World } from '../support/seed';

let w: World;
test.beforeAll(async () => { w = await seedWorld({ artifacts: false, label: 'runs' }); });

test('runs list and filters by status, branch and search', async ({ page, context }, testInfo) => {
  await signInContext(context, w.owner);
  await page.goto(`/p/${w.project.id}/runs`);
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId('runs-total')).toContainText('3 runs');
  // Newest first: the failed feature-branch run is on top.
  await expect(rows.first()).toHaveAttribute('data-run-id', w.runs.featureFailed.id);
  await expect(rows.first()).toHaveAttribute('data-status', 'failed');
  await expect(rows.first().getByTestId('run-link')).toContainText('Login Flow Tests');
  await expect(rows.first().getByTestId('run-branch')).toHaveText('feature/login-flow');
  // Runs made within one day: the charts' x axis tells them apart by time, not one date.
  await expect(page.getByTestId('runs-charts')).toHaveAttribute('data-x-labels', 'time');
  await expect(page.getByTestId('runs-charts')).toHaveAttribute('data-first-x-label', /\d{1,2}:\d{2}/);
  await shot(page, testInfo, 'runs-page');

  // Status: failed.
  await page.getByTestId('filter-status').selectOption('failed');
  await expect(page).toHaveURL(/[?&]status=failed/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-run-id', w.runs.featureFailed.id);
  await shot(page, testInfo, 'runs-filtered-failed');

  // Status: passed, branch main.
  await page.getByTestId('filter-status').selectOption('passed');
  await page.getByTestId('filter-branch').fill('main');
  await expect(page).toHaveURL(/[?&]branch=main/);
  await expect(rows).toHaveCount(2);
  for (const r of await rows.all()) await expect(r.getByTestId('run-branch')).toHaveText('main');

  // The filters survive a reload (they live in the URL).
  await page.reload();
  await expect(page.getByTestId('filter-status')).toHaveValue('passed');
  await expect(page.getByTestId('filter-branch')).toHaveValue('main');
  await expect(rows).toHaveCount(2);

  // Clear, then search by commit message.
  await page.getByTestId('filter-clear').click();
  await expect(rows).toHaveCount(3);
  await page.getByTestId('filter-search').fill('search page');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-run-id', w.runs.mainPassed.id);

  // Nothing matches: an explained empty state.
  await page.getByTestId('filter-search').fill('no-such-run-zzz');
  await expect(rows).toHaveCount(0);
  await expect(page.getByTestId('empty')).toContainText('No runs match');
  await shot(page, testInfo, 'runs-no-match');
});

test('navigate from the runs list into a run and back', async ({ page, context }, testInfo) => {
  await signInContext(context, w.owner);
  await page.goto('/');
  await expect(page).toHaveURL(new RegExp(`/p/${w.project.id}/runs$`));
  await page.locator(`[data-testid="run-row"][data-run-id="${w.runs.mainPassed.id}"]`).getByTestId('run-link').click();
  await expect(page).toHaveURL(new RegExp(`/p/${w.project.id}/runs/${w.runs.mainPassed.id}$`));
  await shot(page, testInfo, 'run-page-passed');
  await page.goBack();
  await expect(page.getByTestId('page-runs')).toBeVisible();
  await page.getByTestId('nav-flaky').click();
  await expect(page).toHaveURL(new RegExp(`/p/${w.project.id}/flaky$`));
  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('run-row')).toHaveCount(3);
});
