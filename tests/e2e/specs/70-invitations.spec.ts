// Inviting a member on an invite-only server without email (contract §11): the admin
// invites an email from the members page and gets the link, shown once, with a copy
// button; the invitee opens it in their own browser, sees the team, the role and who
// invited, creates the account with the invited address (fixed), and lands in the
// team's project. Without the link, the address cannot even register.
import { test, expect, shot } from '../support/fixtures';
import { startServer, type ServerHandle } from '../support/server';
import { Api, uniq } from '../support/api';
import { PASSWORD } from '../support/seed';

let server: ServerHandle;
test.beforeAll(async () => { server = await startServer({ label: 'invite', signup: 'invite-only' }); });
test.afterAll(async () => { await server?.stop(); });

test('invite a member by link, who registers with it and lands in the team', async ({ browser }, testInfo) => {
  const owner = new Api(server.url);
  await owner.register('owner@example.com', PASSWORD, 'Olive Owner');
  const team = await owner.createTeam('Checkout team');
  const project = await owner.createProject(team.id, 'Checkout E2E');
  const inviteeEmail = `${uniq('bob')}@example.com`;

  const ownerCtx = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  await ownerCtx.addCookies([{ name: 'sb-access-token', value: owner.sessionToken!, url: server.url }]);
  const admin = await ownerCtx.newPage();
  await admin.goto(server.url + `/p/${project.id}/runs`);
  await admin.getByTestId('nav-members').click();
  await expect(admin).toHaveURL(new RegExp(`/t/${team.id}/members$`));
  await admin.getByTestId('invite-email').fill(inviteeEmail);
  await admin.getByTestId('invite-role').selectOption('member');
  await admin.getByTestId('invite-member').click();
  const result = admin.getByTestId('invite-result');
  await expect(result).toContainText(inviteeEmail);
  await expect(result).toContainText('sends no email');
  const link = (await admin.getByTestId('invite-link').textContent())!.trim();
  expect(link).toMatch(new RegExp(`^${server.url}/invite/[A-Za-z0-9]{32,}$`));
  await admin.getByTestId('copy-invite-link').click();
  expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await shot(admin, testInfo, 'members-page-invite-link');

  // Without the link the address cannot register, even though it was invited.
  const early = await new Api(server.url).raw('POST', '/api/auth/register', { email: inviteeEmail, password: PASSWORD, name: 'Bob' });
  expect(early.status).toBe(403);

  // The invitee opens the link in their own browser.
  const bobCtx = await browser.newContext();
  const bob = await bobCtx.newPage();
  await bob.goto(link);
  await expect(bob.getByTestId('page-invite')).toBeVisible();
  await expect(bob.getByTestId('invite-summary')).toContainText('Olive Owner');
  await expect(bob.getByTestId('invite-summary')).toContainText('Checkout team');
  await expect(bob.getByTestId('invite-role')).toHaveText('member');
  const email = bob.getByTestId('invite-email');
  await expect(email).toHaveValue(inviteeEmail);
  await expect(email).toHaveAttribute('readonly', '');
  await shot(bob, testInfo, 'invite-page');
  await bob.getByTestId('invite-name').fill('Bob Builder');
  await bob.getByTestId('invite-password').fill(PASSWORD);
  await bob.getByTestId('invite-submit').click();
  await expect(bob).toHaveURL(new RegExp(`/p/${project.id}/runs$`));
  await expect(bob.getByTestId('project-switcher')).toHaveValue(project.id);
  await shot(bob, testInfo, 'invitee-in-project');

  // The link worked once.
  const again = await bobCtx.newPage();
  await again.goto(link);
  await expect(again.getByTestId('invite-invalid')).toBeVisible();

  // The admin sees the new member, and the invitation is gone.
  await admin.reload();
  const row = admin.locator(`[data-testid="member-row"][data-email="${inviteeEmail}"]`);
  await expect(row).toHaveAttribute('data-role', 'member');
  await expect(admin.getByTestId('no-invitations')).toBeVisible();
  await ownerCtx.close();
  await bobCtx.close();
});

test('an invitee with an account signs in on the invitation page and joins', async ({ browser }, testInfo) => {
  const owner = new Api(server.url);
  await owner.login('owner@example.com', PASSWORD);
  const team = await owner.createTeam(`Second team ${uniq('')}`);
  // Carol already has an account (she joined another team by link earlier).
  const carolEmail = `${uniq('carol')}@example.com`;
  const first = await owner.invite(team.id, carolEmail, 'viewer');
  const carolApi = new Api(server.url);
  await carolApi.raw('POST', '/api/auth/register', { email: carolEmail, password: PASSWORD, name: 'Carol', inviteToken: first.inviteUrl.split('/').pop() });
  const other = await owner.createTeam(`Third team ${uniq('')}`);
  const inv = await owner.invite(other.id, carolEmail, 'admin');

  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(inv.inviteUrl);
  await page.getByTestId('invite-mode-login').click();
  await page.getByTestId('invite-password').fill(PASSWORD);
  await shot(page, testInfo, 'invite-sign-in');
  await page.getByTestId('invite-submit').click();
  await expect(page).not.toHaveURL(/\/invite\//);
  const me = await ctx.request.get(server.url + '/api/auth/me');
  const teams = (await me.json()).teams as { id: string; role: string }[];
  expect(teams.find((t) => t.id === other.id)?.role).toBe('admin');
  await ctx.close();
});
