// Every page has an address: the binary answers a deep URL with the app (SPA fallback),
// and a reload there shows the same page; unknown paths show a not-found page while
// /api paths stay JSON.
import { test, expect, shot, signInContext } from '../support/fixtures';
import type { Page } from '@playwright/test';
import { seedWorld, FAILED_TEST, type World } from '../support/seed';

let w: World;
test.beforeAll(async () => { w = await seedWorld({ artifacts: false, label: 'deep' }); });
test.beforeEach(async ({ context }) => { await signInContext(context, w.owner); });

const pages: { name: string; url: () => string; testid: string; check: (page: Page) => Promise<void> }[] = [
  { name: 'runs with a filter', url: () => `/p/${w.project.id}/runs?status=failed`, testid: 'page-runs',
    check: async (page) => { await expect(page.getByTestId('run-row')).toHaveCount(1); } },
  { name: 'run with a status filter', url: () => `/p/${w.project.id}/runs/${w.runs.featureFailed.id}?status=failed`, testid: 'page-run',
    check: async (page) => { await expect(page.getByTestId('test-list').getByTestId('test-row')).toHaveCount(1); } },
  { name: 'test', url: () => `/p/${w.project.id}/tests/${w.failed.id}`, testid: 'page-test',
    check: async (page) => { await expect(page.getByTestId('test-title')).toHaveText(FAILED_TEST.title); } },
  { name: 'flaky', url: () => `/p/${w.project.id}/flaky`, testid: 'page-flaky',
    check: async (page) => { await expect(page.getByTestId('flaky-row')).toHaveCount(1); } },
  { name: 'settings tab', url: () => `/p/${w.project.id}/settings/api-keys`, testid: 'page-settings',
    check: async (page) => { await expect(page.getByTestId('settings-api-keys')).toBeVisible(); } },
  { name: 'members', url: () => `/t/${w.team.id}/members`, testid: 'page-members',
    check: async (page) => { await expect(page.getByTestId('member-row')).toHaveCount(1); } },
  { name: 'invitations', url: () => '/invitations', testid: 'page-invitations', check: async () => {} },
];

for (const p of pages) {
  test(`deep link: reload on the ${p.name} page`, async ({ page, request }, testInfo) => {
    const url = p.url();
    // The server itself answers the deep URL with the app (not a JSON 404).
    const res = await request.get(url);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('text/html');
    await page.goto(url);
    await expect(page.getByTestId(p.testid)).toBeVisible();
    await p.check(page);
    await page.reload();
    await expect(page.getByTestId(p.testid)).toBeVisible();
    await p.check(page);
    const now = new URL(page.url());
    expect(now.pathname + now.search).toBe(url);
    await shot(page, testInfo, `deep-link-${p.testid}`);
  });
}

test('unknown paths: the app shows not-found, the API answers JSON 404', async ({ page, request }, testInfo) => {
  await page.goto('/no/such/page');
  await expect(page.getByTestId('page-not-found')).toBeVisible();
  await shot(page, testInfo, 'not-found');
  const api404 = await request.get('/api/no-such-endpoint');
  expect(api404.status()).toBe(404);
  expect(api404.headers()['content-type']).toContain('application/json');
});
