// Project settings: an admin renames the project and changes its settings; the header
// and the switcher show the new name at once (no reload), and the API agrees.
import { test, expect, shot, signInContext } from '../support/fixtures';
import { seedWorld, type World } from '../support/seed';

let w: World;
test.beforeAll(async () => { w = await seedWorld({ artifacts: false, label: 'settings' }); });

test('rename the project and change its settings', async ({ page, context }, testInfo) => {
  await signInContext(context, w.owner);
  await page.goto(`/p/${w.project.id}/settings/project`);
  await expect(page.getByTestId('settings-project')).toBeVisible();
  const newName = `Renamed ${Date.now()}`;
  await page.getByTestId('project-name-input').fill(newName);
  await page.getByTestId('retention-days').fill('30');
  await page.getByTestId('save-settings').click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  // The switcher's selected option carries the new name without a reload.
  const switcher = page.getByTestId('project-switcher');
  await expect(switcher.locator('option:checked')).toHaveText(newName);
  await shot(page, testInfo, 'project-settings-saved');

  const project = await w.owner.api.get(`/api/projects/${w.project.id}`);
  expect(project.name).toBe(newName);
  const settings = await w.owner.api.get(`/api/projects/${w.project.id}/settings`);
  expect(settings.dataRetentionDays).toBe(30);

  // Other pages of the project use the new name too.
  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('page-runs')).toBeVisible();
  await expect(switcher.locator('option:checked')).toHaveText(newName);
});
