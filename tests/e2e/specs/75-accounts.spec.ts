// Accounts (issue 12) in the dashboard: a forgotten password reset through the emailed
// link (a real SMTP server), a reset link made by an admin when the server sends no
// email, and the profile page: name, password (other sessions end), sessions list.
import { test, expect, shot } from '../support/fixtures';
import { startServer, type ServerHandle } from '../support/server';
import { startSmtp, type SmtpHandle } from '../support/smtp';
import { Api, uniq } from '../support/api';
import { PASSWORD, addMember, seedWorld } from '../support/seed';

let mailing: ServerHandle;
let smtp: SmtpHandle;
test.beforeAll(async () => {
  smtp = await startSmtp();
  mailing = await startServer({
    label: 'mail',
    signup: 'open',
    config: { smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', from: 'Euriqa <euriqa@e2e.example>' } },
  });
});
test.afterAll(async () => {
  await mailing?.stop();
  await smtp?.stop();
});

test('a forgotten password is reset through the emailed link', async ({ browser }, testInfo) => {
  const email = `${uniq('forgetful')}@example.com`;
  const api = new Api(mailing.url);
  await api.register(email, PASSWORD, 'Forgetful Fred');
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(mailing.url + '/login');
  await page.getByTestId('to-forgot-password').click();
  await page.getByTestId('forgot-email').fill(email);
  await page.getByTestId('forgot-submit').click();
  await expect(page.getByTestId('reset-requested')).toContainText(email);
  await shot(page, testInfo, 'reset-requested');
  const link = await smtp.waitForLink(email, '/reset-password/');
  await page.goto(link);
  await page.getByTestId('reset-password').fill('a-brand-new-pass');
  await page.getByTestId('reset-password-again').fill('a-brand-new-pass');
  await page.getByTestId('reset-submit').click();
  await expect(page.getByTestId('reset-done')).toBeVisible();
  await shot(page, testInfo, 'reset-done');
  await page.getByTestId('reset-to-login').click();
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill('a-brand-new-pass');
  await page.getByTestId('login-submit').click();
  await expect(page).not.toHaveURL(/\/login/);
  // The old session of the API client ended with the reset.
  expect((await api.raw('GET', '/api/auth/me')).status).toBe(401);
  await ctx.close();
});

test('without email, an admin makes a reset link for a member from the members page', async ({ browser }, testInfo) => {
  const world = await seedWorld({ label: 'resetter', artifacts: false });
  const member = await addMember(world, 'member', 'locked-out');
  const ctx = await browser.newContext();
  await ctx.addCookies([{ name: 'sb-access-token', value: world.owner.api.sessionToken!, url: process.env.E2E_BASE_URL! }]);
  const admin = await ctx.newPage();
  await admin.goto(`/t/${world.team.id}/members`);
  const row = admin.locator(`[data-testid="member-row"][data-email="${member.email}"]`);
  await row.getByTestId('make-reset-link').click();
  const link = (await admin.getByTestId('reset-link').textContent())!.trim();
  expect(link).toContain('/reset-password/');
  await shot(admin, testInfo, 'reset-link-made');
  const memberCtx = await browser.newContext();
  const page = await memberCtx.newPage();
  await page.goto(link);
  await page.getByTestId('reset-password').fill('set-by-a-link-1');
  await page.getByTestId('reset-password-again').fill('set-by-a-link-1');
  await page.getByTestId('reset-submit').click();
  await expect(page.getByTestId('reset-done')).toBeVisible();
  expect((await new Api(process.env.E2E_BASE_URL!).raw('POST', '/api/auth/login', { email: member.email, password: 'set-by-a-link-1' })).status).toBe(200);
  await ctx.close();
  await memberCtx.close();
});

test('the profile page renames, changes the password (signing other sessions out) and lists sessions', async ({ browser }, testInfo) => {
  const email = `${uniq('profiled')}@example.com`;
  const other = new Api(process.env.E2E_BASE_URL!);
  await other.register(email, PASSWORD, 'Pat Profile');
  const mine = new Api(process.env.E2E_BASE_URL!);
  await mine.login(email, PASSWORD);
  const ctx = await browser.newContext();
  await ctx.addCookies([{ name: 'sb-access-token', value: mine.sessionToken!, url: process.env.E2E_BASE_URL! }]);
  const page = await ctx.newPage();
  await page.goto('/setup');
  await page.getByTestId('current-user').click();
  await expect(page.getByTestId('page-profile')).toBeVisible();
  await expect(page.getByTestId('session-row')).toHaveCount(2);
  await expect(page.locator('[data-testid="session-row"][data-current="true"]')).toHaveCount(1);
  await shot(page, testInfo, 'profile');

  await page.getByTestId('profile-name').fill('Patricia Profile');
  await page.getByTestId('profile-name-save').click();
  await expect(page.getByTestId('profile-name-saved')).toBeVisible();
  await expect(page.getByTestId('current-user')).toHaveText('Patricia Profile');

  await page.getByTestId('profile-current-password').fill('not-the-password');
  await page.getByTestId('profile-new-password').fill('another-good-one');
  await page.getByTestId('profile-password-save').click();
  await expect(page.getByTestId('form-error')).toContainText(/current password/i);
  await expect(page.getByTestId('page-profile')).toBeVisible();  // a typo does not sign out
  await page.getByTestId('profile-current-password').fill(PASSWORD);
  await page.getByTestId('profile-password-save').click();
  await expect(page.getByTestId('profile-password-saved')).toBeVisible();
  expect((await other.raw('GET', '/api/auth/me')).status).toBe(401);
  await page.reload();
  await expect(page.getByTestId('session-row')).toHaveCount(1);
  await shot(page, testInfo, 'profile-after-password');
  await ctx.close();
});
