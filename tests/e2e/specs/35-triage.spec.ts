// Triage as a developer meets a red build: the run page opens on what is new since the
// branch's previous run and on the distinct errors (groups open to their tests and a
// sample error); a sharded build is one page (status by the contract's rule, shards,
// merged tests, comparison with the previous build) linked from the runs list; the
// project's Errors page ranks errors over a period and links the newest occurrence.
import { test, expect, shot, signInContext } from '../support/fixtures';
import { newAccount, type Account } from '../support/seed';
import { uniq, type Project } from '../support/api';

const PLACE_ORDER = (n: number) =>
  `Error: expect(locator).toHaveText(expected) failed\n\nLocator: getByTestId('place-order')\nExpected string: "Place order"\nReceived string: "Loading ${n} items"\nTimeout: 5000ms\n\nCall log:\n  - waiting for getByTestId('place-order')`;
const TIMEOUT = (ms: number) => `Test timeout of ${ms}ms exceeded.`;

function failing(title: string, message: string, file = 'tests/checkout.spec.ts') {
  return { title, fullTitle: `Checkout > ${title}`, filePath: file, status: 'failed', duration: 1200, error: { message } };
}
function passing(title: string, file = 'tests/checkout.spec.ts') {
  return { title, fullTitle: `Checkout > ${title}`, filePath: file, status: 'passed', duration: 300 };
}

let owner: Account;
let project: Project;
let baseRun: string;
let redRun: string;
const build = uniq('build');

test.beforeAll(async () => {
  owner = await newAccount('triage');
  const api = owner.api;
  const team = await api.createTeam(`Team ${uniq('t')}`);
  project = await api.createProject(team.id, `Shop ${uniq('p')}`);

  // The branch's previous build: 2 shards, "pays by card" already failing.
  for (const [shard, tests] of [
    [1, [failing('pays by card', TIMEOUT(30000)), passing('adds to cart'), passing('places order A')]],
    [2, [passing('places order B'), passing('applies coupon')]],
  ] as const) {
    const r = await api.createRun(project.id, { branch: 'main', ciBuildId: `${build}-0`, shardCurrent: shard, shardTotal: 2, commitMessage: 'Yesterday' });
    await api.addTests(r.id, project.id, [...tests]);
    await api.finishRun(r.id, { status: shard === 1 ? 'failed' : 'passed' });
    if (shard === 1) baseRun = r.id;
  }
  // A plain (unsharded) run of "release" and its red successor, for the run page.
  const todays = [
    failing('pays by card', TIMEOUT(30000)),
    failing('places order A', PLACE_ORDER(3)),
    failing('places order B', PLACE_ORDER(12), 'tests/orders.spec.ts'),
    failing('places order C', PLACE_ORDER(7), 'tests/orders.spec.ts'),
    failing('gift wrap', TIMEOUT(15000)),
    passing('adds to cart'),
  ];
  const base = await api.createRun(project.id, { branch: 'release', commitMessage: 'Yesterday' });
  await api.addTests(base.id, project.id, [failing('pays by card', TIMEOUT(30000)), passing('adds to cart'), passing('places order A'), passing('places order B')]);
  await api.finishRun(base.id, { status: 'failed' });
  baseRun = base.id;
  const red = await api.createRun(project.id, { branch: 'release', commitMessage: 'Checkout rework' });
  await api.addTests(red.id, project.id, todays);
  await api.finishRun(red.id, { status: 'failed' });
  redRun = red.id;

  // Today's build: shard 1 fails with three "Place order" failures (one problem), the
  // old card failure and a brand-new test failing; shard 2 is still running.
  const s1 = await api.createRun(project.id, { branch: 'main', ciBuildId: build, shardCurrent: 1, shardTotal: 2, commitMessage: 'Checkout rework' });
  await api.addTests(s1.id, project.id, todays);
  await api.finishRun(s1.id, { status: 'failed' });
  const s2 = await api.createRun(project.id, { branch: 'main', ciBuildId: build, shardCurrent: 2, shardTotal: 2, commitMessage: 'Checkout rework' });
  await api.addTests(s2.id, project.id, [passing('applies coupon')]);
});

test.beforeEach(async ({ context }) => { await signInContext(context, owner); });

test('the run page opens on new failures and errors before the list', async ({ page }, testInfo) => {
  await page.goto(`/p/${project.id}/runs/${redRun}`);
  const news = page.getByTestId('new-failures');
  await expect(news.getByTestId('new-failures-count')).toHaveText('4');
  await expect(news.getByTestId('compare-base')).toContainText('previous run');
  await expect(news.getByTestId('compare-base').getByRole('link')).toHaveAttribute('href', `/p/${project.id}/runs/${baseRun}`);
  const newList = news.getByTestId('new-failures-list');
  await expect(newList.getByTestId('compared-test')).toHaveCount(4);
  await expect(newList).not.toContainText('pays by card');
  await news.getByTestId('still-failing').locator('summary').click();
  await expect(news.getByTestId('still-failing-list')).toContainText('Checkout > pays by card');

  // Five failures, two distinct errors (both timeouts are one); the biggest first.
  const groups = page.getByTestId('error-groups');
  await expect(groups.getByTestId('error-groups-count')).toHaveText('2');
  await expect(groups.getByTestId('error-group')).toHaveCount(2);
  const first = groups.getByTestId('error-group').first();
  await expect(first).toContainText('3×');
  await expect(first).toContainText('Error: expect(locator).toHaveText(expected) failed');
  await first.locator('summary').click();
  await expect(first.getByTestId('sample-error')).toContainText('Expected string: "Place order"');
  await expect(first.getByRole('link')).toHaveCount(3);
  // The triage sits above the full list.
  const triageBox = await groups.boundingBox();
  const listBox = await page.getByTestId('test-list').boundingBox();
  expect(triageBox!.y).toBeLessThan(listBox!.y);
  // Failure rows say where they are: file (and suite) before the error.
  const failedRow = page.getByTestId('test-list').getByTestId('test-row').filter({ hasText: 'places order B' });
  await expect(failedRow.getByTestId('test-row-path')).toContainText('tests/orders.spec.ts');
  await shot(page, testInfo, 'run-triage');

  await first.getByRole('link').first().click();
  await expect(page.getByTestId('page-test')).toHaveAttribute('data-status', 'failed');
});

test('the runs list links the build; the build page shows shards, merged tests and the comparison', async ({ page }, testInfo) => {
  await page.goto(`/p/${project.id}/runs`);
  const group = page.locator(`[data-testid="shard-group"][data-build-id="${build}"]`);
  // One shard failed, one still runs: the build is failed (contract §14).
  await expect(group.locator('.group-head')).toContainText('failed');
  await group.getByTestId('build-link').click();
  await expect(page).toHaveURL(new RegExp(`/p/${project.id}/builds/${build}$`));
  const b = page.getByTestId('page-build');
  await expect(b).toHaveAttribute('data-build-status', 'failed');
  await expect(page.getByTestId('build-total')).toContainText('7');
  await expect(page.getByTestId('build-failed')).toContainText('5');
  const shards = page.getByTestId('shard-row');
  await expect(shards).toHaveCount(2);
  await expect(shards.nth(0)).toHaveAttribute('data-status', 'failed');
  await expect(shards.nth(1)).toHaveAttribute('data-status', 'running');
  // Merged list of both shards, failed first.
  const rows = page.getByTestId('build-test-list').getByTestId('test-row');
  await expect(rows).toHaveCount(7);
  await expect(rows.first()).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('build-test-list')).toContainText('applies coupon');
  // Compared with yesterday's build.
  const cmp = page.getByTestId('build-comparison');
  await expect(cmp.getByTestId('compare-base')).toContainText(`build ${build}-0`);
  await expect(cmp.getByTestId('new-failures-list').getByTestId('compared-test')).toHaveCount(4);
  await cmp.getByTestId('new-tests').locator('summary').click();
  await expect(cmp.getByTestId('new-tests-list')).toContainText('gift wrap');
  await shot(page, testInfo, 'build-page');
  // A shard opens its run.
  await shards.nth(0).getByRole('link').click();
  await expect(page.getByTestId('page-run')).toBeVisible();
  await expect(page.getByTestId('run-build-link')).toHaveText(build);
});

test('the Errors page ranks the project errors with trend and newest occurrence', async ({ page }, testInfo) => {
  await page.goto(`/p/${project.id}/runs`);
  await page.getByTestId('nav-errors').click();
  await expect(page).toHaveURL(new RegExp(`/p/${project.id}/errors$`));
  const rows = page.getByTestId('error-row');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('errors-total')).toContainText('2 distinct errors in the last 30 days');
  // Timeouts: 4 card + 2 gift wrap; Place order 3 + 3: equal counts sort by signature,
  // so check by content rather than position.
  const timeout = rows.filter({ hasText: 'Test timeout of' });
  await expect(timeout.getByTestId('error-occurrences')).toHaveText('6');
  await expect(timeout.getByTestId('sparkline')).toBeVisible();
  const place = rows.filter({ hasText: 'toHaveText' });
  await expect(place.getByTestId('error-occurrences')).toHaveText('6');
  await page.getByTestId('errors-period').selectOption('7');
  await expect(page).toHaveURL(/days=7/);
  await expect(rows).toHaveCount(2);
  await page.getByTestId('errors-branch').fill('nope');
  await page.getByTestId('errors-branch').press('Enter');
  await expect(page.getByTestId('errors-empty')).toBeVisible();
  await page.getByTestId('errors-branch').fill('');
  await page.getByTestId('errors-branch').press('Enter');
  await expect(rows).toHaveCount(2);
  await shot(page, testInfo, 'errors-page');
  await place.getByTestId('error-newest').click();
  await expect(page.getByTestId('page-test')).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('error-message')).toContainText('Place order');
});
