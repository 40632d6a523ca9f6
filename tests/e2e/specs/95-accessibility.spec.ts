// axe-core on the dashboard's pages in light and dark: no serious or critical violation
// (colour contrast included); and at 390 px wide nothing is wider than the screen.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, signInContext } from '../support/fixtures';
import { seedWorld, type World } from '../support/seed';

let w: World;
test.beforeAll(async () => {
  w = await seedWorld({ artifacts: false, label: 'a11y' });
  // A webhook with a long URL: its row must still fit a phone.
  await w.owner.api.post('/api/webhooks', {
    projectId: w.project.id, events: ['run.completed', 'run.failed'],
    url: 'http://127.0.0.1:9/hooks/ci-notifications/a-rather-long-path-that-a-chat-service-gives/T000000/B000000/XXXXXXXXXXXXXXXXXXXXXXXX',
  });
});

function pages(): [string, string, string][] {
  const p = w.project.id;
  return [
    ['runs', `/p/${p}/runs`, 'page-runs'],
    ['run', `/p/${p}/runs/${w.runs.featureFailed.id}`, 'page-run'],
    ['test', `/p/${p}/tests/${w.failed.id}`, 'page-test'],
    ['tests', `/p/${p}/test-cases`, 'page-test-cases'],
    ['test case', `/p/${p}/test-cases/${w.failed.id}`, 'page-test-case'],
    ['errors', `/p/${p}/errors`, 'page-errors'],
    ['flaky', `/p/${p}/flaky`, 'page-flaky'],
    ['quarantine', `/p/${p}/quarantine`, 'page-quarantine'],
    ['settings', `/p/${p}/settings/project`, 'settings-project'],
    ['api keys', `/p/${p}/settings/api-keys`, 'settings-api-keys'],
    ['webhooks', `/p/${p}/settings/webhooks`, 'settings-webhooks'],
    ['notifications', `/p/${p}/settings/notifications`, 'page-settings'],
    ['members', `/t/${w.team.id}/members`, 'page-members'],
    ['profile', '/profile', 'page-profile'],
    ['invitations', '/invitations', 'page-invitations'],
    ['setup', '/setup', 'page-setup'],
    ['not found', '/no/such/page', 'page-not-found'],
  ];
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`no serious axe violation on any page, ${scheme}`, async ({ page, context }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme });
    const found: string[] = [];
    for (const path of ['/login', '/register']) {
      await page.goto(path);
      await expect(page.getByRole('main')).toBeVisible();
      for (const v of await seriousViolations(page)) found.push(`${path}: ${v}`);
    }
    await signInContext(context, w.owner);
    for (const [name, path, testid] of pages()) {
      await page.goto(path);
      await expect(page.getByTestId(testid)).toBeVisible();
      await page.waitForLoadState('networkidle');
      for (const v of await seriousViolations(page)) found.push(`${name}: ${v}`);
    }
    expect(found).toEqual([]);
  });
}

test('at 390 px nothing is wider than the screen', async ({ page, context }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await signInContext(context, w.owner);
  const wide: string[] = [];
  for (const [name, path, testid] of pages()) {
    await page.goto(path);
    await expect(page.getByTestId(testid)).toBeVisible();
    await page.waitForLoadState('networkidle');
    const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    if (scroll > inner) wide.push(`${name}: ${scroll} px wide`);
  }
  expect(wide).toEqual([]);
});
