// Signed URLs expire (signedUrlSeconds): a test page left open past that still opens its
// trace, because the click fetches a fresh URL instead of handing the viewer a dead one.
import { test, expect, signInContext } from '../support/fixtures';
import { startServer, type ServerHandle } from '../support/server';
import { fixture } from '../support/artifacts';
import { newAccount, type Account } from '../support/seed';
import { uniq } from '../support/api';

let server: ServerHandle;
let owner: Account;
let projectId: string;
let testId: string;

test.beforeAll(async () => {
  server = await startServer({ label: 'expiry', signup: 'open', config: { signedUrlSeconds: 3 } });
  owner = await newAccount('expiry', server.url);
  const team = await owner.api.createTeam(`Team ${uniq('t')}`);
  const project = await owner.api.createProject(team.id, `P ${uniq('p')}`);
  projectId = project.id;
  const run = await owner.api.createRun(projectId, { branch: 'main' });
  const added = await owner.api.addTests(run.id, projectId, [
    { title: 'pays', fullTitle: 'Shop > pays', filePath: 'shop.spec.ts', status: 'failed', duration: 10, error: { message: 'Error: boom' } },
  ]);
  testId = added.data[0].id;
  await owner.api.upload({ file: fixture.trace, type: 'trace', runId: run.id, projectId, testId, mime: 'application/zip' });
});
test.afterAll(async () => { await server?.stop(); });

const expiresOf = (href: string) => Number(new URL(decodeURIComponent(new URL(href, 'http://x').searchParams.get('trace')!), 'http://x').searchParams.get('expires'));

test('an expired trace link opens the viewer on a fresh URL', async ({ page, context }) => {
  await signInContext(context, owner, server.url);
  await page.goto(`${server.url}/p/${projectId}/tests/${testId}`);
  const link = page.getByTestId('open-trace');
  await expect(link).toBeVisible();
  const shown = expiresOf((await link.getAttribute('href'))!);
  await page.waitForTimeout(3500); // past the link's life
  const [popup] = await Promise.all([page.waitForEvent('popup'), link.click()]);
  await popup.waitForURL(/\/trace\/index\.html\?trace=/);
  const opened = expiresOf(popup.url());
  expect(opened).toBeGreaterThan(shown);
  // The fresh URL works: the file answers 200.
  const traceUrl = decodeURIComponent(new URL(popup.url()).searchParams.get('trace')!);
  const res = await page.request.get(new URL(traceUrl, server.url).toString());
  expect(res.status()).toBe(200);
});
