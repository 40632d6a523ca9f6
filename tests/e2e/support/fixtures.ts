// Shared test helpers: sign a browser context in with a seeded account's session, and
// attach a screenshot of a page to the test's report.
import { test as base, expect, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import type { Account } from './seed';

export { expect };
export const test = base;

/** Puts the account's session cookie (from API login) into the browser context. */
export async function signInContext(context: BrowserContext, account: Account, url = process.env.E2E_BASE_URL!): Promise<void> {
  const token = account.api.sessionToken;
  if (!token) throw new Error('account has no session');
  await context.addCookies([{ name: 'sb-access-token', value: token, url, httpOnly: true, sameSite: 'Lax' }]);
}

/** Saves a full-page screenshot as a named test artifact (a file in the test's output dir, attached). */
export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ fullPage: true, path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/** Fails fast when the server answers the dashboard path with JSON instead of the app. */
export async function expectDashboardServed(page: Page): Promise<void> {
  await expect(page.locator('body')).not.toContainText('"error":{"code":"NOT_FOUND"', { timeout: 2000 });
}
