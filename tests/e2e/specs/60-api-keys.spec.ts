// API keys: an admin creates one, copies it (the clipboard holds exactly the key shown
// once), and the key works against the API; deactivating it locks it out.
import { test, expect, shot, signInContext } from '../support/fixtures';
import { seedWorld, type World } from '../support/seed';
import { Api } from '../support/api';

let w: World;
test.beforeAll(async () => { w = await seedWorld({ artifacts: false, label: 'keys' }); });

test('create an API key, copy it, and use it against the API', async ({ page, context, baseURL }, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await signInContext(context, w.owner);
  await page.goto(`/p/${w.project.id}/runs`);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('tab-api-keys').click();
  await expect(page).toHaveURL(new RegExp(`/p/${w.project.id}/settings/api-keys$`));
  await expect(page.getByTestId('settings-api-keys')).toBeVisible();

  await page.getByTestId('api-key-name').fill('GitHub Actions');
  await page.getByTestId('create-api-key').click();
  const shown = page.getByTestId('new-api-key-value');
  await expect(shown).toBeVisible();
  const key = (await shown.textContent())!.trim();
  expect(key).toMatch(/^eur_live_[A-Za-z0-9]{32}$/);
  // The reporter setup, ready to paste: this server's address and the new key.
  const setup = page.getByTestId('new-key-setup-snippet');
  await expect(setup).toContainText(`url: '${new URL(page.url()).origin}'`);
  await expect(setup).toContainText(`EURIQA_API_KEY=${key}`);
  // The reporter is installed from this server (contract §16), and that URL serves it.
  const origin = new URL(page.url()).origin;
  const install = `npm install --save-dev ${origin}/downloads/playwright-reporter.tgz`;
  await expect(setup).toContainText(install);
  await expect(page.getByTestId('reporter-install-command')).toHaveText(install);
  const tgz = await page.request.get(`${origin}/downloads/playwright-reporter.tgz`);
  expect(tgz.status()).toBe(200);
  expect(tgz.headers()['content-type']).toBe('application/gzip');
  await shot(page, testInfo, 'api-key-created');

  await page.getByTestId('copy-api-key').click();
  await expect(page.getByTestId('copy-api-key')).toHaveText('Copied');
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  expect(clip).toBe(key);

  // The list shows it masked and active.
  const row = page.getByTestId('api-key-row').filter({ hasText: 'GitHub Actions' });
  await expect(row).toHaveAttribute('data-active', 'true');
  await expect(row).not.toContainText(key);
  await shot(page, testInfo, 'api-keys-page');

  // The copied key works: it reads the project's runs and reports a new one.
  const ci = new Api(baseURL!, { apiKey: clip });
  const runs = await ci.get(`/api/runs?projectId=${w.project.id}`);
  expect(runs.total).toBe(3);
  const run = await ci.createRun(w.project.id, { branch: 'ci/key-check', runTitle: 'Reported with the copied key' });
  await ci.finishRun(run.id, { status: 'passed' });
  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('run-row').first().getByTestId('run-link')).toContainText('Reported with the copied key');

  // Dismissed, the key is not shown again; deactivated, it stops working.
  await page.goto(`/p/${w.project.id}/settings/api-keys`);
  await expect(page.getByTestId('new-api-key')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(key);
  await row.getByTestId('toggle-api-key').click();
  await expect(row).toHaveAttribute('data-active', 'false');
  const denied = await ci.raw('GET', `/api/runs?projectId=${w.project.id}`);
  expect(denied.status).toBe(401);
});
