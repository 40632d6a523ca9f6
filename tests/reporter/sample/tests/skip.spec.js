// @ts-check
const { test } = require('@playwright/test');

test('not on this platform', { tag: ['@slow'] }, async () => {
  test.skip(true, 'skipped on purpose');
});
