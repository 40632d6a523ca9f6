// Keyboard paths: focus lands on the new page's heading after a navigation; "/" reaches the
// page's search in one key; "j"/"k" walk a run's failed tests; "?" lists the shortcuts.
import { test, expect, signInContext } from '../support/fixtures';
import { newAccount } from '../support/seed';
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
