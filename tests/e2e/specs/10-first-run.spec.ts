// First run on an empty server: the first person registers, creates the first team and
// project, lands on API keys, and signs out. Uses its own fresh server (invite-only, the
// default), since "first run" needs an empty instance.
import { test, expect, shot } from '../support/fixtures';
import { startServer, type ServerHandle } from '../support/server';
import { Api } from '../support/api';

let server: ServerHandle;
test.beforeAll(async () => { server = await startServer({ label: 'firstrun' }); });
test.afterAll(async () => { await server?.stop(); });

test('first-run registration, first team and project, then sign out', async ({ page }, testInfo) => {
  // Signed out on a server without accounts: no request answers 401, and the visitor
  // lands on creating the first account (from sign-in too).
  const failures: string[] = [];
  page.on('response', (r) => { if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`); });
  page.on('console', (m) => { if (m.type() === 'error') failures.push(m.text()); });
  await page.goto(server.url + '/p/proj_whatever/runs/run_whatever');
  await expect(page.getByTestId('page-register')).toBeVisible();
  await page.goto(server.url + '/login');
  await expect(page.getByTestId('page-register')).toBeVisible();
  await page.goto(server.url + '/');
  await expect(page.getByTestId('page-register')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create the first account');
  await expect(page.getByTestId('first-account-note')).toBeVisible();
  await shot(page, testInfo, 'register-page-empty-server');
  expect(failures).toEqual([]);
  await page.getByTestId('register-name').fill('Ada Admin');
  await page.getByTestId('register-email').fill('ada@example.com');
  // A too-short password is refused before anything is sent.
  await page.getByTestId('register-password').fill('short');
  await page.getByTestId('register-submit').click();
  await expect(page.getByTestId('page-register')).toBeVisible();
  expect(await page.getByTestId('register-password').evaluate((el: HTMLInputElement) => el.checkValidity())).toBe(false);
  await page.getByTestId('register-password').fill('first-run-password-1');
  await shot(page, testInfo, 'register-page');
  await page.getByTestId('register-submit').click();

  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByTestId('page-setup')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Welcome to Euriqa' })).toBeVisible();
  await shot(page, testInfo, 'setup-page');
  await page.getByTestId('team-name').fill('Platform');
  await page.getByTestId('create-team').click();
  await expect(page.getByTestId('project-team')).toBeVisible();
  await page.getByTestId('project-name').fill('Web App E2E');
  await page.getByTestId('create-project').click();

  await expect(page).toHaveURL(/\/p\/proj_[A-Za-z0-9]+\/settings\/api-keys$/);
  const projectId = page.url().match(/\/p\/(proj_[A-Za-z0-9]+)\//)![1];
  await expect(page.getByTestId('current-user')).toContainText('Ada Admin');
  await shot(page, testInfo, 'first-project-api-keys');

  // The server has what the person created.
  const api = new Api(server.url);
  await api.login('ada@example.com', 'first-run-password-1');
  const me = await api.me();
  expect(me.teams).toEqual([expect.objectContaining({ name: 'Platform', role: 'owner' })]);
  const project = await api.get(`/api/projects/${projectId}`);
  expect(project.name).toBe('Web App E2E');

  // A second visitor cannot register on an invite-only server that has its first user.
  // (checked through the API: the page shows the server's refusal)
  const other = await new Api(server.url).raw('POST', '/api/auth/register', { email: 'eve@example.com', password: 'password-123', name: 'Eve' });
  expect(other.status).toBe(403);

  // Sign out: back to the sign-in page, and the old session no longer opens pages.
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('page-login')).toBeVisible();
  await page.goto(server.url + `/p/${projectId}/runs`);
  await expect(page.getByTestId('page-login')).toBeVisible();
  await expect(page).toHaveURL(/\/login\?next=/);
  await shot(page, testInfo, 'signed-out');
});
