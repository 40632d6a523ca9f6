// @ts-check
// SAMPLE_BULK_TESTS trivial tests in 10 files' worth of groups: a big suite that finishes
// fast, so that its results arrive faster than a rate limit allows unbatched.
const { test, expect } = require('@playwright/test');

const total = Number(process.env.SAMPLE_BULK_TESTS || 0);
const groups = 10;
for (let g = 0; g < groups; g++) {
  test.describe(`bulk group ${g}`, () => {
    for (let i = g; i < total; i += groups) {
      test(`bulk test ${i}`, () => {
        expect(i).toBeGreaterThanOrEqual(0);
      });
    }
  });
}
