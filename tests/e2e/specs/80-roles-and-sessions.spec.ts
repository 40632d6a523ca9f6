// Roles and sessions as people meet them: a viewer sees no write controls; a 403 from
// the server (role lowered while the page is open) is explained, not swallowed; an
// expired (revoked) session sends the person to sign in and back to where they were.
import { test, expect, shot, signInContext } from '../support/fixtures';
import { seedWorld, addMember, FLAKY_TEST, type World, type Account } from '../support/seed';

let w: World;
let viewer: Account;
test.beforeAll(async () => {
  w = await seedWorld({ label: 'roles' });
  viewer = await addMember(w, 'viewer');
});

test('a viewer sees no write controls', async ({ page, context }, testInfo) => {
  await signInContext(context, viewer);
  await page.goto(`/p/${w.project.id}/runs`);
  await expect(page.getByTestId('run-row')).toHaveCount(3);
  await shot(page, testInfo, 'viewer-runs');

  // Run page: no delete.
  await page.goto(`/p/${w.project.id}/runs/${w.runs.featureFailed.id}`);
  await expect(page.getByTestId('test-list').getByTestId('test-row')).toHaveCount(4);
  await expect(page.getByTestId('delete-run')).toHaveCount(0);

  // Test page: artifacts readable (the viewer may look at everything).
  await page.goto(`/p/${w.project.id}/tests/${w.failed.id}`);
  await expect(page.getByTestId('open-trace')).toBeVisible();

  // Flaky page: the quarantine state shown, but no toggle.
  await w.owner.api.quarantine(w.project.id, w.flaky.id, true);
  await page.goto(`/p/${w.project.id}/flaky`);
  const row = page.getByTestId('flaky-row').filter({ hasText: FLAKY_TEST.title });
  await expect(row).toBeVisible();
  await expect(row.getByTestId('quarantined-label')).toBeVisible();
  await expect(page.getByTestId('quarantine-toggle')).toHaveCount(0);
  await expect(page.getByText('You have the viewer role')).toBeVisible();
  await shot(page, testInfo, 'viewer-flaky');
  await w.owner.api.quarantine(w.project.id, w.flaky.id, false);

  // Settings: API keys can be neither created nor deactivated.
  await page.goto(`/p/${w.project.id}/settings/api-keys`);
  await expect(page.getByTestId('page-settings')).toBeVisible();
  await expect(page.getByTestId('role-notice')).toContainText('admin');
  await expect(page.getByTestId('create-api-key')).toHaveCount(0);
  await expect(page.getByTestId('api-key-name')).toHaveCount(0);
  await page.getByTestId('tab-project').click();
  await expect(page.getByTestId('save-settings')).toHaveCount(0);
  await expect(page.getByTestId('delete-project')).toHaveCount(0);
  await page.getByTestId('tab-webhooks').click();
  await expect(page.getByTestId('new-webhook')).toHaveCount(0);
  await shot(page, testInfo, 'viewer-settings');

  // Members: no invite form, no role changes, no removals.
  await page.goto(`/t/${w.team.id}/members`);
  await expect(page.getByTestId('page-members')).toBeVisible();
  await expect(page.getByTestId('member-row')).toHaveCount(2);
  await expect(page.getByTestId('invite-email')).toHaveCount(0);
  await expect(page.getByTestId('invite-member')).toHaveCount(0);
  await expect(page.getByTestId('member-role')).toHaveCount(0);
  await expect(page.getByTestId('role-notice')).toBeVisible();
  await expect(page.getByTestId('remove-member')).toHaveCount(0);
  await shot(page, testInfo, 'viewer-members');
});

test('a 403 is explained when the role was lowered while the page was open', async ({ page, context }, testInfo) => {
  const member = await addMember(w, 'member', 'demoted');
  await signInContext(context, member);
  await page.goto(`/p/${w.project.id}/flaky`);
  const toggle = page.getByTestId('flaky-row').filter({ hasText: FLAKY_TEST.title }).getByTestId('quarantine-toggle');
  await expect(toggle).toBeVisible();

  // The owner lowers them to viewer behind their back.
  const m = (await w.owner.api.members(w.team.id)).data.find((x: any) => x.email === member.email);
  await w.owner.api.patch(`/api/team-members/${m.id}`, { role: 'viewer' });

  await toggle.click();
  const err = page.getByTestId('form-error');
  await expect(err).toBeVisible();
  await expect(err).toContainText('You need the member role');
  await expect(err).toContainText('viewer');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await shot(page, testInfo, 'forbidden-explained');
  const fl = await w.owner.api.flakiness(w.project.id);
  expect(fl.data.find((d: any) => d.testTitle === FLAKY_TEST.title)!.isQuarantined).toBe(false);
});

test('an expired session goes to sign-in and comes back to the same page', async ({ page, context }, testInfo) => {
  // A session of its own (API login), revoked on the server while the page is open.
  const { Api } = await import('../support/api');
  const api = new Api(process.env.E2E_BASE_URL!);
  await api.login(w.owner.email, w.owner.password);
  await signInContext(context, { ...w.owner, api });
  await page.goto(`/p/${w.project.id}/runs`);
  await expect(page.getByTestId('run-row')).toHaveCount(3);
  await api.logout();

  await page.getByTestId('nav-flaky').click();
  await expect(page).toHaveURL(/\/login\?next=/);
  await expect(page.getByTestId('session-expired')).toBeVisible();
  await shot(page, testInfo, 'session-expired');
  await page.getByTestId('login-email').fill(w.owner.email);
  await page.getByTestId('login-password').fill(w.owner.password);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(new RegExp(`/p/${w.project.id}/flaky$`));
  await expect(page.getByTestId('page-flaky')).toBeVisible();
});

test('someone outside the team gets "not found" for its pages, nothing leaks', async ({ page, context }, testInfo) => {
  const { newAccount } = await import('../support/seed');
  const outsider = await newAccount('outsider');
  await signInContext(context, outsider);
  await page.goto(`/p/${w.project.id}/runs/${w.runs.featureFailed.id}`);
  const err = page.getByTestId('error');
  await expect(err).toHaveAttribute('data-code', 'NOT_FOUND');
  await expect(page.locator('body')).not.toContainText('Login Flow Tests');
  await expect(page.getByTestId('nav-runs')).toHaveCount(0);
  await shot(page, testInfo, 'outsider-not-found');
});
