// @ts-check
const { test, expect } = require('@playwright/test');

test.describe('checkout', () => {
  test.describe('cart', () => {
    test('adds an item @smoke', {
      tag: '@cart',
      annotation: { type: 'issue', description: 'EUR-101' },
    }, async ({ page }) => {
      console.log('hello from the passing test');
      await test.step('open the shop', async () => {
        await page.setContent('<h1>Shop</h1><button id="add" onclick="document.querySelector(\'#n\').textContent=\'1\'">Add</button><span id="n">0</span>');
        await test.step('check the heading', async () => {
          await expect(page.locator('h1')).toHaveText('Shop');
        });
      });
      await test.step('add to cart', async () => {
        await page.click('#add');
        await expect(page.locator('#n')).toHaveText('1');
      });
    });
  });
});

test('documents a known bug', { annotation: { type: 'fixme-later', description: 'expected failure' } }, async () => {
  test.fail();
  expect(1 + 1).toBe(3);
});
