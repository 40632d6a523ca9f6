// Every page has an address: a reload on a deep URL (served by the binary's SPA fallback)
// shows the same page; unknown paths show a not-found page; /api paths stay JSON.
import { test, expect, shot, signInContext } from '../support/fixtures';
import { seedWorld, FAILED_TEST, type World } from '../support/seed';

let w: World;
test.beforeAll(async () => { w = await seedWorld({ artifacts: false, label: 'deep' }); });

test('reloading deep URLs keeps the page', async ({ page, context, request }, testInfo) => {
  await signInContext(context, w.owner);
  const pages: [string, string, () => Promise<void>][] = [
    [`/p/${w.project.id}/runs?status=failed`, 'page-runs', async () => { await expect(page.getByTestId('run-row')).toHaveCount(1); }],
    [`/p/${w.project.id}/runs/${w.runs.featureFailed.id}?status=failed`, 'page-run', async () => {
      await expect(page.getByTestId('test-list').getByTestId('test-row')).toHaveCount(1); }],
    [`/p/${w.project.id}/tests/${w.failed.id}`, 'page-test', async () => {
      await expect(page.getByTestId('test-title')).toHaveText(FAILED_TEST.title); }],
    [`/p/${w.project.id}/flaky`, 'page-flaky', async () => { await expect(page.getByTestId('flaky-row')).toHaveCount(1); }],
    [`/p/${w.project.id}/settings/api-keys`, 'page-settings', async () => {}],
    [`/t/${w.team.id}/members`, 'page-members', async () => { await expect(page.getByTestId('member-row')).toHaveCount(1); }],
    ['/invitations', 'page-invitations', async () => {}],
  ];
  for (const [url, testid, check] of pages) {
    // The server itself answers the deep URL with the app (not a JSON 404).
    const res = await request.get(url);
    expect(res.status(), url).toBe(200);
    expect(res.headers()['content-type'], url).toContain('text/html');
    await page.goto(url);
    await expect(page.getByTestId(testid), url).toBeVisible();
    await check();
    await page.reload();
    await expect(page.getByTestId(testid), `${url} after reload`).toBeVisible();
    await check();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(url);
  }
  await shot(page, testInfo, 'deep-link-after-reload');

  await page.goto('/no/such/page');
  await expect(page.getByTestId('page-not-found')).toBeVisible();
  const api404 = await request.get('/api/no-such-endpoint');
  expect(api404.status()).toBe(404);
  expect(api404.headers()['content-type']).toContain('application/json');
});
