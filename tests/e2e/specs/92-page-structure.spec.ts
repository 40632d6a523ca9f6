// Structure assistive technology relies on: every page has a main landmark and one h1
// (sign-in, register and not-found pages included), table headers are never empty, and
// an annotation whose description is a URL (an issue link) is a link.
import { test, expect, signInContext } from '../support/fixtures';
import { newAccount } from '../support/seed';
import { uniq } from '../support/api';

test('signed out, a first load asks for nothing that fails: no 401, no console error', async ({ page }) => {
  await newAccount('someone'); // a server with accounts (an empty one opens on registering)
  const failures: string[] = [];
  page.on('response', (r) => { if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`); });
  page.on('console', (m) => { if (m.type() === 'error') failures.push(m.text()); });
  for (const path of ['/', '/login', '/register', '/p/proj_x/runs/run_y', '/p/proj_x/test-cases']) {
    await page.goto(path);
    await expect(page.getByRole('main')).toHaveCount(1);
    await expect(page.getByTestId(path === '/register' ? 'page-register' : 'page-login')).toBeVisible();
  }
  expect(failures).toEqual([]);
});

test('sign-in, register and not-found pages have a main landmark and an h1', async ({ page, context }) => {
  await page.goto('/login');
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  await page.goto('/register');
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);

  const owner = await newAccount('structure');
  await signInContext(context, owner);
  await page.goto('/no/such/page');
  await expect(page.getByTestId('page-not-found')).toBeVisible();
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page does not exist');
});

test('no empty column header on the members table; issue annotations are links', async ({ page, context }) => {
  const owner = await newAccount('structure2');
  const team = await owner.api.createTeam(`Team ${uniq('t')}`);
  const project = await owner.api.createProject(team.id, `P ${uniq('p')}`);
  const run = await owner.api.createRun(project.id, { branch: 'main' });
  const added = await owner.api.addTests(run.id, project.id, [
    {
      title: 'annotated', fullTitle: 'S > annotated', filePath: 'a.spec.ts', status: 'passed', duration: 5,
      annotations: [{ type: 'issue', description: 'https://tracker.example.com/issues/7' }, { type: 'note', description: 'plain words' }],
    },
  ]);
  await signInContext(context, owner);

  await page.goto(`/t/${team.id}/members`);
  const headers = page.getByTestId('members-list').getByRole('columnheader');
  await expect(headers.first()).toBeVisible();
  for (const h of await headers.all()) expect((await h.textContent())?.trim()).not.toBe('');

  await page.goto(`/p/${project.id}/tests/${added.data[0].id}`);
  const link = page.getByTestId('annotation-link');
  await expect(link).toHaveCount(1);
  await expect(link).toHaveAttribute('href', 'https://tracker.example.com/issues/7');
  await expect(page.getByTestId('test-annotation').filter({ hasText: 'plain words' }).locator('a')).toHaveCount(0);
});

test('bad ids in deep links show a not-found state, never an uncaught error', async ({ page, context }) => {
  const owner = await newAccount('badids');
  const team = await owner.api.createTeam(`Team ${uniq('t')}`);
  const project = await owner.api.createProject(team.id, `P ${uniq('p')}`);
  await signInContext(context, owner);
  const uncaught: string[] = [];
  page.on('pageerror', (e) => uncaught.push(e.message));
  for (const path of [
    `/p/${project.id}/runs/run_doesnotexist00000000`,
    `/p/${project.id}/runs/%20bad%20`,
    `/p/${project.id}/tests/test_doesnotexist0000000`,
    `/p/${project.id}/builds/no-such-build`,
    `/p/${project.id}/test-cases/test_doesnotexist0000000`,
    `/p/proj_doesnotexist00000000/runs`,
  ]) {
    await page.goto(path);
    await expect(page.getByRole('alert').or(page.getByTestId('empty'))).toBeVisible();
    await expect(page.getByRole('alert').first()).toContainText(/not found|no such|does not exist/i);
  }
  expect(uncaught).toEqual([]);
});

test('an empty runs list shows how to point Playwright at this server', async ({ page, context }) => {
  const owner = await newAccount('emptyruns');
  const team = await owner.api.createTeam(`Team ${uniq('t')}`);
  const project = await owner.api.createProject(team.id, `P ${uniq('p')}`);
  await signInContext(context, owner);
  await page.goto(`/p/${project.id}/runs`);
  await expect(page.getByTestId('runs-empty')).toBeVisible();
  const snippet = page.getByTestId('reporter-setup-snippet');
  await expect(snippet).toContainText('@euriqa/playwright-reporter');
  await expect(snippet).toContainText(`url: '${new URL(page.url()).origin}'`);
  await expect(snippet).toContainText(`npm install --save-dev ${new URL(page.url()).origin}/downloads/playwright-reporter.tgz`);
});
