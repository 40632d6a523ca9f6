// A run's uploaded Playwright HTML report opens from the run page in a new tab, served
// from its zip as a sandboxed page: its scripts run (with the in-memory localStorage the
// server gives an opaque origin) but it has no access to the dashboard's origin.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, signInContext } from '../support/fixtures';
import { startServer, type ServerHandle } from '../support/server';
import { newAccount, type Account } from '../support/seed';
import { uniq } from '../support/api';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { zipDirectory } = require('../../../packaging/playwright-reporter/lib/zip');

let server: ServerHandle;
let owner: Account;
let projectId: string;
let runId: string;

// A stand-in for Playwright's report: a script that uses localStorage as the real app
// does, then writes what it could see into the page.
const INDEX = `<!DOCTYPE html><html><head><title>Report</title><script src="app.js"></script></head>
<body><h1 id="title">Waiting</h1></body></html>`;
const APP = `localStorage['theme'] = 'dark';
window.addEventListener('DOMContentLoaded', () => {
  let cookies = 'none';
  try { cookies = document.cookie === '' ? 'empty' : 'readable'; } catch { cookies = 'blocked'; }
  document.getElementById('title').textContent = 'Report app ran: theme ' + localStorage['theme'] + ', origin ' + window.origin + ', cookies ' + cookies;
});`;

test.beforeAll(async () => {
  server = await startServer({ label: 'report', signup: 'open' });
  owner = await newAccount('report', server.url);
  const team = await owner.api.createTeam(`Team ${uniq('t')}`);
  const project = await owner.api.createProject(team.id, `P ${uniq('p')}`);
  projectId = project.id;
  const run = await owner.api.createRun(projectId, { branch: 'main' });
  runId = run.id;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
  fs.mkdirSync(path.join(dir, 'playwright-report'));
  fs.writeFileSync(path.join(dir, 'playwright-report', 'index.html'), INDEX);
  fs.writeFileSync(path.join(dir, 'playwright-report', 'app.js'), APP);
  const zip = path.join(dir, 'report.zip');
  await zipDirectory(dir, zip);
  await owner.api.upload({ file: zip, type: 'report', runId, projectId, mime: 'application/zip' });
});
test.afterAll(async () => { await server?.stop(); });

test('the run page opens its HTML report in a sandboxed tab', async ({ page, context }) => {
  await signInContext(context, owner, server.url);
  await page.goto(`${server.url}/p/${projectId}/runs/${runId}`);
  const reports = page.getByTestId('run-reports');
  await expect(reports).toContainText('report.zip');
  await expect(reports.getByTestId('download-report')).toHaveAttribute('href', /\/artifacts\/artifact_/);
  const [tab] = await Promise.all([page.waitForEvent('popup'), reports.getByTestId('open-report').click()]);
  await tab.waitForLoadState();
  expect(tab.url()).toMatch(/\/reports\/artifact_[^/]+\/\d+\/[^/]+\/$/);
  await expect(tab.locator('#title')).toHaveText('Report app ran: theme dark, origin null, cookies blocked');
});

test('a run without a report shows no report bar', async ({ page, context }) => {
  const other = await owner.api.createRun(projectId, { branch: 'main' });
  await signInContext(context, owner, server.url);
  // The page has asked for the run's artifacts and rendered with the answer.
  const asked = page.waitForResponse((r) => r.url().includes(`/api/artifacts?runId=${other.id}`));
  await page.goto(`${server.url}/p/${projectId}/runs/${other.id}`);
  expect((await asked).status()).toBe(200);
  await expect(page.getByTestId('run-summary')).toBeVisible();
  await expect(page.getByTestId('run-reports')).toHaveCount(0);
});
