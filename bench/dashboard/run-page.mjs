#!/usr/bin/env node
// Dashboard benchmark: the run page with 10,000 tests.
//
// Starts the real Euriqa binary (fresh data dir, rate limits off), seeds one run with
// 10,000 tests through the API (10 batches of 1,000), opens the run page in headless
// Debian Chromium and measures, with the Performance API inside the page:
//   - rows: navigation start -> first rows of the virtualised test list in the DOM
//   - interactive: navigation start -> the whole run is listed (data-count = N) and the
//     main thread is free (end of the last long task), plus the time a real click on a
//     row then takes to show the test's detail (click -> test-detail in the DOM). The
//     click itself is sent by Playwright once the list is complete; Playwright's own
//     round trips before it are not counted, the page's answer to it is.
//   - long tasks (PerformanceObserver 'longtask') before interactivity, and their blocking time
// and prints `run page with 10000 tests interactive in N ms (budget 700)` (issue 15: median of 5).
// It also prints the gzipped size of the initial JS (index.html's module scripts and
// modulepreloads as served by the binary) and of all JS the run page loaded.
//
// Usage: node bench/dashboard/run-page.mjs <euriqa-bin> [--tests N] [--iterations K] [--enforce]
// Needs @playwright/test installed in tests/e2e (bench/dashboard/run.sh does that).
// E2E_WEB_DIST=<web build dir> puts tests/e2e's development front (static build + trace
// viewer, proxying the API) before a binary that does not embed the dashboard.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const require = createRequire(path.join(repo, 'tests', 'e2e', 'package.json'));
const { chromium } = require('@playwright/test');

const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : dflt; };
const positional = argv.filter((a, i) => !a.startsWith('--') && !['--tests', '--iterations'].includes(argv[i - 1]));
const bin = path.resolve(positional[0] || process.env.EURIQA_BIN || path.join(repo, 'build', 'euriqa'));
const N = Number(opt('--tests', 10000));
const ITER = Number(opt('--iterations', 5));
const ENFORCE = argv.includes('--enforce') || process.env.BENCH_ENFORCE === '1';
const BUDGET_MS = 700;
const BATCH = 1000;

// What the page shows (web/TESTIDS.md).
export const SEL = {
  list: '[data-testid="test-list"]',
  row: '[data-testid="test-list"] [data-testid="test-row"]',
  detail: '[data-testid="test-detail"]',
};
const runPath = (projectId, runId) => `/p/${projectId}/runs/${runId}`;

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

function startServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'euriqa-bench-dash-'));
  const cfg = path.join(dir, 'config.json');
  fs.writeFileSync(cfg, JSON.stringify({ rateLimits: { runsRead: 0, runsWrite: 0, testsRead: 0, testsWrite: 0,
    uploads: 0, projectsTeams: 0, apiKeysWebhooks: 0, flakiness: 0 } }));
  const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--data', path.join(dir, 'data'), '--config', cfg,
    '--signup', 'open'], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error('server did not start')), 15000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(t);
        const url = m[1].replace(/\/$/, '');
        const frontP = process.env.E2E_WEB_DIST
          ? require(path.join(repo, 'tests', 'e2e', 'support', 'dev-front.cjs')).startDevFront(url, process.env.E2E_WEB_DIST)
          : Promise.resolve(null);
        frontP.then((front) => resolve({ url: front ? front.url : url, stop: async () => {
          if (front) await front.close();
          if (child.exitCode === null) { const e = new Promise((r) => child.once('exit', r)); child.kill('SIGTERM'); await e; }
          fs.rmSync(dir, { recursive: true, force: true });
        } }), reject);
      }
    });
    child.once('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
}

async function api(base, cookie, method, p, body) {
  const res = await fetch(base + p, { method, headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${p} -> ${res.status} ${text.slice(0, 300)}`);
  return { json: text ? JSON.parse(text) : null, res };
}

function makeTest(i) {
  const file = `tests/area${i % 50}/feature${i % 200}.spec.ts`;
  const failed = i % 97 === 0;
  const flaky = !failed && i % 53 === 0;
  const skipped = !failed && !flaky && i % 41 === 0;
  return {
    title: `case ${i} should work`,
    fullTitle: `Area ${i % 50} > Feature ${i % 200} > case ${i} should work`,
    filePath: file, lineNumber: 10 + (i % 300),
    status: failed ? 'failed' : flaky ? 'flaky' : skipped ? 'skipped' : 'passed',
    duration: 100 + ((i * 37) % 5000), retries: flaky ? 1 : 0, attempt: flaky ? 2 : 1, isFlaky: flaky,
    tags: i % 3 === 0 ? ['@smoke'] : [],
    error: failed ? { message: `Expected ${i} to equal ${i + 1}`, stack: `Error: Expected\n    at ${file}:${12 + (i % 300)}:5` } : null,
    steps: [{ title: `page.goto('/area/${i % 50}')`, category: 'action', status: 'passed', duration: 50, error: null }],
    stdout: '', stderr: '',
  };
}

async function seed(base) {
  const email = `bench${Date.now()}@example.com`;
  const { res } = await api(base, null, 'POST', '/api/auth/register', { email, password: 'bench-password-1', name: 'Bench' });
  const cookie = res.headers.get('set-cookie').match(/sb-access-token=[^;]*/)[0];
  const team = (await api(base, cookie, 'POST', '/api/teams', { name: 'Bench team' })).json;
  const project = (await api(base, cookie, 'POST', '/api/projects', { teamId: team.id, name: 'Bench project' })).json;
  const run = (await api(base, cookie, 'POST', '/api/runs', { projectId: project.id, status: 'running', branch: 'main',
    commitSha: 'beefbeefbeef', runTitle: `${N} tests` })).json;
  const t0 = Date.now();
  for (let b = 0; b < N; b += BATCH) {
    const tests = [];
    for (let i = b; i < Math.min(N, b + BATCH); i++) tests.push(makeTest(i));
    await api(base, cookie, 'POST', '/api/tests/batch', { runId: run.id, projectId: project.id, tests });
  }
  const seedMs = Date.now() - t0;
  await api(base, cookie, 'PATCH', `/api/runs/${run.id}`, { status: 'failed' });
  const check = (await api(base, cookie, 'GET', `/api/runs/${run.id}`)).json;
  if (check.totalTests !== N) throw new Error(`run has ${check.totalTests} tests, expected ${N}`);
  return { cookie, project, run, seedMs, teamId: team.id };
}

// A second project with RUNS runs of 20 tests each, for the runs page.
const RUNS = 100;
const RUNS_BUDGET_MS = 500;
async function seedRuns(base, cookie, teamId) {
  const project = (await api(base, cookie, 'POST', '/api/projects', { teamId, name: 'Bench runs' })).json;
  for (let k = 0; k < RUNS; k++) {
    const run = (await api(base, cookie, 'POST', '/api/runs', { projectId: project.id, status: 'running', branch: k % 4 ? 'main' : `feature/${k}`,
      commitSha: `c0ffee${k}`, commitMessage: `Change number ${k}`, ciBuildId: `build-${k}` })).json;
    const tests = [];
    for (let i = 0; i < 20; i++) tests.push(makeTest(k * 20 + i));
    await api(base, cookie, 'POST', '/api/tests/batch', { runId: run.id, projectId: project.id, tests });
    await api(base, cookie, 'PATCH', `/api/runs/${run.id}`, { status: tests.some((t) => t.status === 'failed') ? 'failed' : 'passed' });
  }
  return project;
}

// The runs page: navigation start -> the first page of runs listed, both trend charts drawn
// and the main thread free, plus what a click on a run takes to show it.
function runsProbe() {
  const w = window;
  w.__runs = { longTasks: [], listAt: null, chartsAt: null, clickAt: null, respondedAt: null };
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__runs.longTasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  } catch { /* no longtask support */ }
  document.addEventListener('pointerdown', () => { if (w.__runs.clickAt === null) w.__runs.clickAt = performance.now(); }, true);
  new MutationObserver(() => {
    const r = w.__runs;
    if (r.listAt === null && document.querySelectorAll('[data-testid="run-row"]').length >= 50) r.listAt = performance.now();
    if (r.chartsAt === null && document.querySelector('[data-testid="chart-pass-rate"] canvas') && document.querySelector('[data-testid="chart-duration"] canvas')) r.chartsAt = performance.now();
    if (r.clickAt !== null && r.respondedAt === null && document.querySelector('[data-testid="page-run"]')) r.respondedAt = performance.now();
  }).observe(document, { childList: true, subtree: true, attributes: true });
}

async function measureRuns(browser, base, cookie, projectId) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: 'sb-access-token', value: cookie.split('=').slice(1).join('='), url: base }]);
  const page = await context.newPage();
  await page.addInitScript(runsProbe);
  await page.goto(`${base}/p/${projectId}/runs`, { waitUntil: 'commit' });
  await page.locator('[data-testid="chart-duration"] canvas').waitFor({ state: 'attached', timeout: 60000 });
  await page.waitForFunction(() => window.__runs.listAt !== null && window.__runs.chartsAt !== null, null, { timeout: 60000 });
  await page.locator('[data-testid="run-link"]').first().click();
  await page.locator('[data-testid="page-run"]').waitFor({ state: 'visible', timeout: 30000 });
  const r = await page.evaluate(() => {
    const b = window.__runs;
    const before = b.longTasks.filter((t) => t.start < b.clickAt);
    const busyUntil = before.reduce((m, t) => Math.max(m, t.start + t.duration), 0);
    const ready = Math.max(b.listAt, b.chartsAt, busyUntil);
    return { list: b.listAt, charts: b.chartsAt, ready, inputLatency: b.respondedAt - b.clickAt, tti: ready + (b.respondedAt - b.clickAt) };
  });
  await context.close();
  return r;
}

// Runs inside the page before any of its scripts.
function probe(sel) {
  const w = window;
  w.__bench = { longTasks: [], rowsAt: null, fullAt: null, clickAt: null, respondedAt: null };
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__bench.longTasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  } catch { /* no longtask support */ }
  document.addEventListener('pointerdown', () => { if (w.__bench.clickAt === null) w.__bench.clickAt = performance.now(); }, true);
  const check = () => {
    if (w.__bench.rowsAt === null && document.querySelector(sel.row)) w.__bench.rowsAt = performance.now();
    if (w.__bench.fullAt === null && document.querySelector(sel.full)) w.__bench.fullAt = performance.now();
    if (w.__bench.clickAt !== null && w.__bench.respondedAt === null && document.querySelector(sel.detail)) w.__bench.respondedAt = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
}

async function measure(browser, base, cookie, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: 'sb-access-token', value: cookie.split('=').slice(1).join('='), url: base }]);
  const page = await context.newPage();
  await page.addInitScript(probe, { ...SEL, full: `${SEL.list}[data-count="${N}"]` });
  await page.goto(base + url, { waitUntil: 'commit' });
  // Interactive means the whole run is listed (not just its first page) and a row answers a click.
  await page.locator(`${SEL.list}[data-count="${N}"]`).waitFor({ state: 'visible', timeout: 60000 });
  const row = page.locator(SEL.row).first();
  await row.waitFor({ state: 'visible', timeout: 30000 });
  await row.click();
  await page.locator(SEL.detail).first().waitFor({ state: 'visible', timeout: 30000 });
  const r = await page.evaluate(() => {
    const b = window.__bench;
    const before = b.longTasks.filter((t) => t.start < b.clickAt);
    // Main thread free again after the list is complete: the end of the last long task.
    const busyUntil = before.reduce((m, t) => Math.max(m, t.start + t.duration), 0);
    const ready = Math.max(b.fullAt, busyUntil);
    return { rows: b.rowsAt, full: b.fullAt, click: b.clickAt, responded: b.respondedAt, longTasks: before.length,
      blocking: before.reduce((s, t) => s + Math.max(0, t.duration - 50), 0),
      longest: before.reduce((m, t) => Math.max(m, t.duration), 0),
      ready, inputLatency: b.respondedAt - b.clickAt,
      // Time to interactive: list complete and main thread free, plus what the click took to show.
      tti: ready + (b.respondedAt - b.clickAt),
      count: Number(document.querySelector('[data-testid="test-list"]')?.getAttribute('data-count') ?? NaN),
      js: performance.getEntriesByType('resource').filter((e) => /\.m?js(\?|$)/.test(e.name)).map((e) => e.name) };
  });
  await context.close();
  return r;
}

async function gz(url, cookie) {
  const res = await fetch(url, { headers: { Cookie: cookie } });
  return gzipSync(Buffer.from(await res.arrayBuffer()), { level: 9 }).length;
}

async function main() {
  if (!fs.existsSync(bin)) throw new Error(`euriqa binary not found: ${bin}`);
  const server = await startServer();
  let browser;
  try {
    const { cookie, project, run, seedMs, teamId } = await seed(server.url);
    console.log(`seeded ${N} tests in ${N / BATCH} batches in ${seedMs} ms`);
    // The server's share: the one rows request the run page makes (gzip, as a browser asks).
    {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/runs/${run.id}/rows`, { headers: { Cookie: cookie, 'Accept-Encoding': 'gzip' } });
      const body = await res.arrayBuffer();
      const ms = performance.now() - t0;
      const wire = Number(res.headers.get('content-length') ?? NaN);
      console.log(`API alone: all ${N} rows in one request in ${Math.round(ms)} ms, ${(body.byteLength / 1048576).toFixed(1)} MiB of JSON` +
        (Number.isFinite(wire) ? `, ${(wire / 1048576).toFixed(2)} MiB on the wire` : ''));
    }
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const results = [];
    for (let k = 0; k < ITER; k++) {
      const r = await measure(browser, server.url, cookie, runPath(project.id, run.id));
      if (!Number.isNaN(r.count) && r.count !== N) throw new Error(`list shows ${r.count} tests, expected ${N}`);
      results.push(r);
      console.log(`  load ${k + 1}: first rows at ${r.rows.toFixed(0)} ms, all ${N} listed at ${r.full.toFixed(0)} ms, main thread free at ${r.ready.toFixed(0)} ms; ` +
        `click (sent by Playwright) at ${r.click.toFixed(0)} ms answered in ${r.inputLatency.toFixed(0)} ms => interactive at ${r.tti.toFixed(0)} ms; ` +
        `${r.longTasks} long tasks (longest ${r.longest.toFixed(0)} ms, blocking ${r.blocking.toFixed(0)} ms)`);
    }
    const tti = results.map((r) => r.tti).sort((a, b) => a - b);
    const median = tti[Math.floor(tti.length / 2)];
    // Initial JS: what index.html loads up front, as the binary serves it.
    const html = await (await fetch(server.url + '/', { headers: { Cookie: cookie } })).text();
    const initial = new Set();
    for (const m of html.matchAll(/<script[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)) initial.add(new URL(m[1], server.url + '/').href);
    for (const m of html.matchAll(/<link[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)) initial.add(new URL(m[1], server.url + '/').href);
    let initialBytes = 0;
    for (const u of initial) initialBytes += await gz(u, cookie);
    let pageBytes = 0;
    const loaded = [...new Set(results[0].js)];
    for (const u of loaded) pageBytes += await gz(u, cookie);
    console.log(`initial JS: ${initialBytes} bytes gzipped (${initial.size} files); run page loaded ${pageBytes} bytes of JS gzipped (${loaded.length} files)`);
    console.log(`run page with ${N} tests interactive in ${Math.round(median)} ms (budget ${BUDGET_MS})` +
      (ITER > 1 ? ` [median of ${ITER} loads: ${tti.map((t) => Math.round(t)).join(', ')} ms]` : ''));
    if (ENFORCE && median > BUDGET_MS) { console.error('over budget'); process.exitCode = 1; }

    const runsProject = await seedRuns(server.url, cookie, teamId);
    const runsTimes = [];
    for (let k = 0; k < ITER; k++) {
      const r = await measureRuns(browser, server.url, cookie, runsProject.id);
      runsTimes.push(r.tti);
      console.log(`  runs load ${k + 1}: 50 runs listed at ${r.list.toFixed(0)} ms, charts drawn at ${r.charts.toFixed(0)} ms, main thread free at ${r.ready.toFixed(0)} ms; ` +
        `a click answered in ${r.inputLatency.toFixed(0)} ms => interactive at ${r.tti.toFixed(0)} ms`);
    }
    runsTimes.sort((a, b) => a - b);
    const runsMedian = runsTimes[Math.floor(runsTimes.length / 2)];
    console.log(`runs page with ${RUNS} runs interactive in ${Math.round(runsMedian)} ms (budget ${RUNS_BUDGET_MS})` +
      (ITER > 1 ? ` [median of ${ITER} loads: ${runsTimes.map((t) => Math.round(t)).join(', ')} ms]` : ''));
    if (ENFORCE && runsMedian > RUNS_BUDGET_MS) { console.error('runs page over budget'); process.exitCode = 1; }
  } finally {
    if (browser) await browser.close();
    await server.stop();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
