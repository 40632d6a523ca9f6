// Signing in through the form, a wrong password, landing on the project, signing out.
import { test, expect, shot } from '../support/fixtures';
import { seedWorld } from '../support/seed';

test('sign in with email and password, land on the runs page, sign out', async ({ page }, testInfo) => {
  const w = await seedWorld({ artifacts: false, label: 'signin' });
  await page.goto('/');
  await expect(page.getByTestId('page-login')).toBeVisible();
  await page.getByTestId('login-email').fill(w.owner.email);
  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('form-error')).toContainText('Wrong email or password');
  await shot(page, testInfo, 'login-wrong-password');

  await page.getByTestId('login-password').fill(w.owner.password);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(new RegExp(`/p/${w.project.id}/runs`));
  await expect(page.getByTestId('current-user')).toContainText(w.owner.name);
  await expect(page.getByTestId('project-switcher')).toHaveValue(w.project.id);
  await shot(page, testInfo, 'after-sign-in');

  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('page-login')).toBeVisible();
  // The session is revoked on the server, not just forgotten by the page.
  const cookies = await page.context().cookies();
  const token = cookies.find((c) => c.name === 'sb-access-token')?.value;
  if (token) {
    const r = await fetch(process.env.E2E_BASE_URL + '/api/auth/me', { headers: { Cookie: `sb-access-token=${token}` } });
    expect(r.status).toBe(401);
  }
});

test('a deep link while signed out comes back after signing in', async ({ page }) => {
  const w = await seedWorld({ artifacts: false, label: 'next' });
  const deep = `/p/${w.project.id}/runs/${w.runs.featureFailed.id}`;
  await page.goto(deep);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByTestId('login-email').fill(w.owner.email);
  await page.getByTestId('login-password').fill(w.owner.password);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(new RegExp(deep + '$'));
});
