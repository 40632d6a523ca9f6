// Inviting a member on an invite-only server: the admin invites an email from the
// members page; that person registers (allowed only because of the invitation), accepts,
// and lands in the team's project; the admin sees them as a member.
import { test, expect, shot } from '../support/fixtures';
import { startServer, type ServerHandle } from '../support/server';
import { Api, uniq } from '../support/api';
import { PASSWORD } from '../support/seed';

let server: ServerHandle;
test.beforeAll(async () => { server = await startServer({ label: 'invite', signup: 'invite-only' }); });
test.afterAll(async () => { await server?.stop(); });

test('invite a member, who registers and accepts', async ({ browser }, testInfo) => {
  const owner = new Api(server.url);
  await owner.register('owner@example.com', PASSWORD, 'Olive Owner');
  const team = await owner.createTeam('Checkout team');
  const project = await owner.createProject(team.id, 'Checkout E2E');
  const inviteeEmail = `${uniq('bob')}@example.com`;

  // Without an invitation this email may not register on an invite-only server.
  const early = await new Api(server.url).raw('POST', '/api/auth/register', { email: inviteeEmail, password: PASSWORD, name: 'Bob' });
  expect(early.status).toBe(403);

  const ownerCtx = await browser.newContext();
  await ownerCtx.addCookies([{ name: 'sb-access-token', value: owner.sessionToken!, url: server.url }]);
  const admin = await ownerCtx.newPage();
  await admin.goto(server.url + `/p/${project.id}/runs`);
  await admin.getByTestId('nav-members').click();
  await expect(admin).toHaveURL(new RegExp(`/t/${team.id}/members$`));
  await expect(admin.getByTestId('member-row')).toHaveCount(1);
  await admin.getByTestId('invite-email').fill(inviteeEmail);
  await admin.getByTestId('invite-role').selectOption('member');
  await admin.getByTestId('invite-member').click();
  await expect(admin.getByTestId('invite-result')).toContainText(inviteeEmail);
  await expect(admin.getByTestId('team-invitation-row').and(admin.locator(`[data-email="${inviteeEmail}"]`))).toBeVisible();
  await shot(admin, testInfo, 'members-page-invited');

  // The invitee, in their own browser, registers and accepts.
  const bobCtx = await browser.newContext();
  const bob = await bobCtx.newPage();
  await bob.goto(server.url + '/register');
  await bob.getByTestId('register-name').fill('Bob Builder');
  await bob.getByTestId('register-email').fill(inviteeEmail);
  await bob.getByTestId('register-password').fill(PASSWORD);
  await bob.getByTestId('register-submit').click();
  const inv = bob.getByTestId('invitation-row');
  await expect(inv).toContainText('Checkout team');
  await expect(inv).toContainText('member');
  await shot(bob, testInfo, 'invitee-sees-invitation');
  await inv.getByTestId('accept-invitation').click();
  await expect(bob).toHaveURL(new RegExp(`/p/${project.id}/runs$`));
  await expect(bob.getByTestId('project-switcher')).toHaveValue(project.id);
  await expect(bob.getByTestId('runs-empty')).toBeVisible();
  await shot(bob, testInfo, 'invitee-in-project');

  // The admin sees the new member, and the invitation is gone.
  await admin.reload();
  const row = admin.locator(`[data-testid="member-row"][data-email="${inviteeEmail}"]`);
  await expect(row).toHaveAttribute('data-role', 'member');
  await expect(admin.getByTestId('no-invitations')).toBeVisible();
  await shot(admin, testInfo, 'members-page');
  await ownerCtx.close();
  await bobCtx.close();
});
