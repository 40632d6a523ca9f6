// @ts-check
const { test, expect } = require('@playwright/test');

test.describe('login', () => {
  test('shows the dashboard @critical', { annotation: [{ type: 'owner', description: 'team-auth' }] }, async ({ page }) => {
    console.error('about to fail');
    await page.setContent('<h1 id="title">Login</h1>');
    await test.step('submit the form', async () => {
      await expect(page.locator('#title')).toHaveText('Dashboard');
    });
  });
});

test('times out', async () => {
  test.setTimeout(500);
  await new Promise((r) => setTimeout(r, 1500));
});
