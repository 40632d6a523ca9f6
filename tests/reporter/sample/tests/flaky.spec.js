// @ts-check
const { test, expect } = require('@playwright/test');

test('passes on retry @flaky', async ({ page }, testInfo) => {
  await page.setContent(`<p id="attempt">${testInfo.retry}</p>`);
  console.log(`attempt ${testInfo.retry + 1}`);
  await expect(page.locator('#attempt')).toHaveText('1');
});
