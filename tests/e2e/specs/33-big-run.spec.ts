// A 10,000-test run against a server with its default rate limits: the run page loads all
// results in one request, so opening (reloading) it 20 times within a minute never meets
// a 429, and every open lists all 10,000 with the chips agreeing.
import { test, expect, signInContext } from '../support/fixtures';
import { startServer, type ServerHandle } from '../support/server';
import { uniq } from '../support/api';
import { newAccount, type Account } from '../support/seed';

const TESTS = 10_000;
const FAILED = 123;
let server: ServerHandle;
let owner: Account;
let projectId: string;
let runId: string;

test.beforeAll(async () => {
  // Default limits: the server's own configuration, not the suite's limits-off one.
  server = await startServer({ label: 'bigrun', signup: 'open', config: { rateLimits: {} } });
  owner = await newAccount('bigrun', server.url);
  const api = owner.api;
  const team = await api.createTeam(`Team ${uniq('t')}`);
  const project = await api.createProject(team.id, `Big ${uniq('p')}`);
  projectId = project.id;
  const run = await api.createRun(projectId, { branch: 'main' });
  runId = run.id;
  for (let at = 0; at < TESTS; at += 1000) {
    const tests = [];
    for (let i = at; i < at + 1000; i++) {
      const failed = i % Math.floor(TESTS / FAILED) === 0 && i / Math.floor(TESTS / FAILED) < FAILED;
      tests.push({
        title: `checks item ${i}`, fullTitle: `Catalog ${i % 40} > checks item ${i}`, filePath: `tests/catalog-${i % 40}.spec.ts`,
        status: failed ? 'failed' : 'passed', duration: 100 + (i % 700),
        ...(failed ? { error: { message: `Error: expect(locator).toHaveText(expected) failed\n\nLocator: getByTestId('item-${i}')` } } : {}),
      });
    }
    await api.addTests(runId, projectId, tests);
  }
  await api.finishRun(runId, { status: 'failed' });
});
test.afterAll(async () => { await server?.stop(); });

test('a 10,000-test run opened 20 times in a minute: all rows every time, never a 429', async ({ page, context }) => {
  // On a loaded machine 20 opens can take past a minute, which would spread them over
  // two rate-limit windows: so the requests are also counted below, and their total must
  // fit one window's budget however fast the opens are.
  test.setTimeout(240_000);
  await signInContext(context, owner, server.url);
  const refused: string[] = [];
  const listRequests: string[] = [];
  let apiRequests = 0;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) apiRequests++;
  });
  page.on('response', (r) => {
    if (r.status() === 429) refused.push(r.url());
    if (/\/api\/tests\?/.test(r.url()) || /\/rows$/.test(r.url())) listRequests.push(r.url());
  });
  const started = Date.now();
  for (let open = 0; open < 20; open++) {
    await page.goto(`${server.url}/p/${projectId}/runs/${runId}`);
    await expect(page.getByTestId('status-filter-all')).toContainText('10,000', { timeout: 20_000 });
    await expect(page.getByTestId('status-filter-failed')).toContainText(String(FAILED));
    await expect(page.getByTestId('test-list')).toBeVisible();
  }
  const seconds = (Date.now() - started) / 1000;
  expect(refused, `429 answers within ${seconds.toFixed(1)} s`).toEqual([]);
  // A reader may make 200 requests a minute in each group: all 20 opens together stay
  // within that even counted as one group in one minute.
  expect(apiRequests, `API requests for 20 opens in ${seconds.toFixed(1)} s`).toBeLessThanOrEqual(200);
  // One rows request per open (not 50 pages).
  expect(listRequests.filter((u) => /\/rows$/.test(u))).toHaveLength(20);
  expect(listRequests.filter((u) => /\/api\/tests\?/.test(u))).toHaveLength(0);
});
