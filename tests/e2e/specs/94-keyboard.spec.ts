// Keyboard paths: focus lands on the new page's heading after a navigation; "/" reaches the
// page's search in one key; "j"/"k" walk a run's failed tests; "?" lists the shortcuts.
import { test, expect, signInContext } from '../support/fixtures';
import { newAccount, seedWorld } from '../support/seed';
import { uniq } from '../support/api';

test('heading focus after navigation, / to search, j and k through failures, ? for help', async ({ page, context }) => {
  const owner = await newAccount('keys');
  const team = await owner.api.createTeam(`Team ${uniq('t')}`);
  const project = await owner.api.createProject(team.id, `P ${uniq('p')}`);
  const run = await owner.api.createRun(project.id, { branch: 'main', runTitle: 'Keyboard run' });
  const tests = [];
  for (let i = 0; i < 6; i++)
    tests.push({ title: `t${i}`, fullTitle: `S > t${i}`, filePath: 'k.spec.ts', status: i % 2 ? 'passed' : 'failed', duration: 10,
      ...(i % 2 ? {} : { error: { message: `Error: failure ${i}` } }) });
  await owner.api.addTests(run.id, project.id, tests);
  await owner.api.finishRun(run.id, { status: 'failed' });
  await signInContext(context, owner);

  await page.goto(`/p/${project.id}/runs`);
  await expect(page.getByTestId('page-runs')).toBeVisible();
  // A navigation by link: focus goes to the new page's h1.
  await page.getByTestId('nav-test-cases').click();
  await expect(page.getByTestId('page-test-cases')).toBeVisible();
  await expect(page.locator('main h1')).toBeFocused();
  // "/" reaches the search field in one key.
  await page.keyboard.press('/');
  await expect(page.getByTestId('test-cases-search')).toBeFocused();

  await page.goto(`/p/${project.id}/runs/${run.id}`);
  await expect(page.getByTestId('test-list')).toBeVisible();
  const failed = page.locator('[data-testid="test-row"][data-status="failed"]');
  await expect(failed).toHaveCount(3);
  await page.keyboard.press('j');
  await expect(failed.nth(0)).toBeFocused();
  await page.keyboard.press('j');
  await expect(failed.nth(1)).toBeFocused();
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await expect(failed.nth(1)).toBeFocused();
  // Enter opens the focused failure.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('page-test')).toBeVisible();
  await expect(page.locator('main h1')).toBeFocused();

  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toBeVisible();
  await expect(page.getByTestId('shortcuts')).toContainText('Next / previous failed test');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts')).toBeHidden();
});

test('the suite tree is one tab stop, walked with the arrow keys', async ({ page, context }) => {
  const w = await seedWorld({ artifacts: false, label: 'tree' });
  await signInContext(context, w.owner);
  await page.goto(`/p/${w.project.id}/runs/${w.runs.featureFailed.id}`);
  const tree = page.getByTestId('suite-tree');
  await expect(tree.getByTestId('suite-node').first()).toBeVisible();
  // One tab stop in the whole tree.
  await expect(tree.locator('button[tabindex="0"]')).toHaveCount(1);
  expect(await tree.locator('button').count()).toBeGreaterThan(2);
  await tree.getByTestId('suite-all').focus();
  await page.keyboard.press('ArrowDown');
  const first = tree.getByTestId('suite-node').first();
  await expect(first).toBeFocused();
  // The tab stop follows the focus.
  await expect(tree.locator('button[tabindex="0"]')).toHaveCount(1);
  await expect(first).toHaveAttribute('tabindex', '0');
  await page.keyboard.press('ArrowUp');
  await expect(tree.getByTestId('suite-all')).toBeFocused();
  await page.keyboard.press('End');
  await expect(tree.getByTestId('suite-node').last()).toBeFocused();
  await page.keyboard.press('Home');
  await expect(tree.getByTestId('suite-all')).toBeFocused();
  // Enter selects the focused suite (the list narrows to it).
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(first.locator('xpath=../..')).toHaveAttribute('aria-selected', 'true');
});
