// The flaky tests page: scores, and quarantine toggled on and off (checked on the server).
import { test, expect, shot, signInContext } from '../support/fixtures';
import { seedWorld, FLAKY_TEST, type World } from '../support/seed';

let w: World;
test.beforeAll(async () => { w = await seedWorld({ artifacts: false, label: 'flaky' }); });

async function serverQuarantined(): Promise<boolean> {
  const fl = await w.owner.api.flakiness(w.project.id);
  return fl.data.find((d: any) => d.testTitle === FLAKY_TEST.title)!.isQuarantined;
}

test('toggle quarantine on the flaky page', async ({ page, context }, testInfo) => {
  await signInContext(context, w.owner);
  await page.goto(`/p/${w.project.id}/runs`);
  await page.getByTestId('nav-flaky').click();
  await expect(page.getByTestId('page-flaky')).toBeVisible();
  const row = page.getByTestId('flaky-row').filter({ hasText: FLAKY_TEST.title });
  await expect(row).toHaveCount(1);
  // Flaky in all three runs it appeared in.
  await expect(row).toContainText('3 / 3');
  await expect(row.getByTestId('flaky-score')).toHaveText('1.00');
  await expect(page.getByTestId('flaky-total')).toContainText('1');
  await expect(page.getByTestId('flaky-quarantined')).toContainText('0');
  await expect(row).toHaveAttribute('data-quarantined', 'false');
  await shot(page, testInfo, 'flaky-page');

  const toggle = row.getByTestId('quarantine-toggle');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(row).toHaveAttribute('data-quarantined', 'true');
  await expect(page.getByTestId('flaky-quarantined')).toContainText('1');
  expect(await serverQuarantined()).toBe(true);
  const q = await w.owner.api.get(`/api/quarantine?projectId=${w.project.id}`);
  expect(q.data.map((d: any) => d.fullTitle)).toContain(FLAKY_TEST.fullTitle);
  await shot(page, testInfo, 'flaky-page-quarantined');

  // Still quarantined after a reload, and in the quarantined filter.
  await page.reload();
  await expect(row.getByTestId('quarantine-toggle')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('filter-quarantined').selectOption('true');
  await expect(page.getByTestId('flaky-row')).toHaveCount(1);

  await page.getByTestId('filter-quarantined').selectOption('');
  await row.getByTestId('quarantine-toggle').click();
  await expect(row.getByTestId('quarantine-toggle')).toHaveAttribute('aria-pressed', 'false');
  expect(await serverQuarantined()).toBe(false);
});
