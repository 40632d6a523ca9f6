#!/usr/bin/env node
'use strict';
// End-to-end tests of the Euriqa Playwright reporter against the real server.
//
//   node tests/reporter/driver.js [path/to/euriqa]      (or EURIQA_BIN)
//
// Runs the sample project (tests/reporter/sample) sharded 1/2 and 2/2 with the reporter,
// Playwright's JSON report and JUnit XML; checks through the API that every field arrived as
// MAPPING.md says; runs `euriqa import` on the JSON report and the JUnit XML and compares;
// checks quarantine; then checks that a down, slow, throttling or failing server neither
// changes nor much slows the Playwright run; installs the reporter from the server's
// /downloads/playwright-reporter.tgz into a fresh project and runs it. Ends with `N passed, N failed` (exit 1 on failure).
//
// Env: KEEP_TMP=1 keeps the temporary directory; ONLY=shards,import,quarantine,resilience,pacing,download
// selects parts; CHROMIUM_PATH overrides /usr/bin/chromium.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const { findEuriqa, startServer, setupAccount, apiClient, http } = require('./lib/server');
const { startFakeServer, closedPort } = require('./lib/fakeServer');
const { installedFromServer } = require('./lib/fromServer');
const X = require('./lib/expect');
const { readZip } = require('../../packaging/playwright-reporter/lib/zip');

const HERE = __dirname;
const SAMPLE = path.join(HERE, 'sample');
const PW_CLI = path.join(HERE, 'node_modules', '@playwright', 'test', 'cli.js');
const REPORTER = path.resolve(HERE, '../../packaging/playwright-reporter');
const ONLY = process.env.ONLY ? new Set(process.env.ONLY.split(',')) : null;
const want = (part) => !ONLY || ONLY.has(part);
const BUILD_ID = `e2e-${process.pid}-${Date.now()}`;
const LIGHT_GREP = 'known bug|times out|not on this platform';

let passed = 0;
let failed = 0;
let skippedChecks = 0;
const t0 = Date.now();

function log(msg) {
  process.stdout.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}\n`);
}

function check(name, ok, detail) {
  if (ok) {
    passed++;
    log(`ok   ${name}`);
  } else {
    failed++;
    let d = '';
    if (detail !== undefined) d = typeof detail === 'string' ? detail : JSON.stringify(detail, null, 1);
    if (d.length > 3000) d = d.slice(0, 3000) + ' …';
    log(`FAIL ${name}${d ? '\n       ' + d.replace(/\n/g, '\n       ') : ''}`);
  }
  return ok;
}

function skip(name, why) {
  skippedChecks++;
  log(`skip ${name}: ${why}`);
}

function eq(name, actual, expected) {
  return check(name, X.same(actual, expected), { expected: X.canon(expected), actual: X.canon(actual) });
}

function cleanEnv(extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k.startsWith('EURIQA_') || k.startsWith('GITHUB_') || k.startsWith('CI_') || k.startsWith('BUILDKITE') ||
        k.startsWith('CIRCLE') || k.startsWith('PLAYWRIGHT_JUNIT') || k.startsWith('SAMPLE_') ||
        ['GITLAB_CI', 'JENKINS_URL', 'TF_BUILD', 'BUILD_ID', 'BUILD_URL', 'CI'].includes(k)) delete env[k];
  }
  env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  return { ...env, ...extra };
}

/** Runs the sample project; resolves {code, ms, stdout, stderr, report, junit, outDir, json, xml}. */
function runPlaywright(dir, { args = [], env = {} } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'report.json');
  const xml = path.join(dir, 'junit.xml');
  const outDir = path.join(dir, 'out');
  const timing = path.join(dir, 'timing.json');
  const fullEnv = cleanEnv({
    SAMPLE_TIMING_OUT: timing,
    SAMPLE_JSON_OUT: json,
    SAMPLE_JUNIT_OUT: xml,
    SAMPLE_OUTPUT_DIR: outDir,
    PLAYWRIGHT_JUNIT_INCLUDE_RETRIES: '1',
    ...env,
  });
  const started = Date.now();
  const gitBefore = gitNow();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [PW_CLI, 'test', '--config', path.join(SAMPLE, 'playwright.config.js'), ...args],
      { cwd: SAMPLE, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (code) => {
      const closed = Date.now();
      const ms = closed - started;
      let tailMs = null; // from the first reporter's onEnd to the process's exit
      try { tailMs = closed - JSON.parse(fs.readFileSync(timing, 'utf8')).onEnd; } catch { /* no onEnd */ }
      let report = null;
      try { report = JSON.parse(fs.readFileSync(json, 'utf8')); } catch { /* checked by callers */ }
      fs.writeFileSync(path.join(dir, 'stdout.log'), stdout);
      fs.writeFileSync(path.join(dir, 'stderr.log'), stderr);
      resolve({ code, ms, tailMs, stdout, stderr, report, json, xml, outDir, gitBefore, gitAfter: gitNow() });
    });
  });
}

function gitNow() {
  const b = gitOut(['rev-parse', '--abbrev-ref', 'HEAD']);
  return {
    branch: b === 'HEAD' ? undefined : b,
    commitSha: gitOut(['rev-parse', 'HEAD']),
    commitMessage: gitOut(['log', '-1', '--format=%s']),
    commitAuthor: gitOut(['log', '-1', '--format=%ae']),
  };
}

function gitOut(args) {
  try {
    const s = execFileSync('git', args, { cwd: SAMPLE, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return s || undefined;
  } catch {
    return undefined;
  }
}

async function listAll(api, p) {
  const out = [];
  for (let offset = 0; ; offset += 200) {
    const sep = p.includes('?') ? '&' : '?';
    const r = await api.get(`${p}${sep}limit=200&offset=${offset}`);
    if (r.status !== 200) throw new Error(`GET ${p}: ${r.status} ${JSON.stringify(r.body)}`);
    out.push(...r.body.data);
    if (r.body.data.length < 200) return out;
  }
}

/** Every test of a run with full details, steps included, keyed `${filePath} :: ${fullTitle}`. */
async function storedTests(api, runId) {
  const list = await listAll(api, `/api/tests?runId=${runId}`);
  const out = new Map();
  for (const t of list) {
    const full = await api.get(`/api/tests/${t.id}`);
    const steps = await api.get(`/api/tests/${t.id}/steps`);
    const v = { ...full.body };
    v.steps = steps.status === 200 ? steps.body.data : `steps: HTTP ${steps.status}`;
    out.set(`${v.filePath} :: ${v.fullTitle}`, v);
  }
  return out;
}

const MAGIC = {
  screenshot: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  video: (b) => b.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])),
  trace: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  report: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
};

function artifactKey(a) {
  return `${a.type}:${a.fileName}:${a.fileSize}`;
}

// ---------------------------------------------------------------------------------------------

async function checkReporterRun(api, label, run, pw, opts) {
  const exp = X.expectedTests(pw.report);
  const expList = [...exp.values()];
  const counts = X.countsOf(expList);
  const stored = await storedTests(api, run.id);
  const r = (await api.get(`/api/runs/${run.id}`)).body;

  // Run fields.
  const shard = opts.shard;
  eq(`${label}: run fields from config and environment`, {
    playwrightVersion: r.playwrightVersion, workers: r.workers, shardCurrent: r.shardCurrent, shardTotal: r.shardTotal,
    browser: r.browser, os: r.os, viewport: r.viewport, hostname: r.hostname, runTitle: r.runTitle, tags: r.tags,
    grepPatterns: r.grepPatterns, ciBuildId: r.ciBuildId, ciBuildUrl: r.ciBuildUrl, ciProvider: r.ciProvider,
  }, {
    playwrightVersion: pw.report.config.version, workers: 2, shardCurrent: shard[0], shardTotal: shard[1],
    browser: 'chromium', os: process.platform, viewport: '800x600', hostname: os.hostname(), runTitle: opts.runTitle,
    tags: opts.tags, grepPatterns: null, ciBuildId: BUILD_ID, ciBuildUrl: opts.ciBuildUrl, ciProvider: null,
  });
  // Others commit to this repository while we run: the reporter's view is the one at its start.
  const got = { branch: r.branch, commitSha: r.commitSha, commitMessage: r.commitMessage, commitAuthor: r.commitAuthor };
  const match = pw.gitBefore && X.same(got, pw.gitBefore) ? pw.gitBefore : pw.gitAfter;
  eq(`${label}: branch and commit from git`, got, match || gitNow());
  eq(`${label}: final status and counts`, {
    status: r.status, totalTests: r.totalTests, passedTests: r.passedTests, failedTests: r.failedTests,
    skippedTests: r.skippedTests, flakyTests: r.flakyTests,
  }, { status: counts.failedTests ? 'failed' : 'passed', ...counts });
  check(`${label}: duration is Playwright's (${r.duration} vs ${pw.report.stats.duration})`,
    Math.abs(r.duration - pw.report.stats.duration) <= 2, { duration: r.duration, stats: pw.report.stats.duration });

  // Tests.
  eq(`${label}: the same tests as Playwright's JSON report`, [...stored.keys()].sort(), [...exp.keys()].sort());
  for (const [key, e] of exp) {
    const s = stored.get(key);
    if (!s) continue;
    const pick = (o) => ({
      title: o.title, fullTitle: o.fullTitle, filePath: o.filePath, lineNumber: o.lineNumber, status: o.status,
      duration: o.duration, retries: o.retries, attempt: o.attempt, isFlaky: o.isFlaky, tags: o.tags,
      annotations: o.annotations, error: o.error, stdout: o.stdout, stderr: o.stderr,
    });
    eq(`${label}: test "${e.fullTitle}" fields`, pick(s), pick(e));
    check(`${label}: test "${e.fullTitle}" has no ANSI codes`, !X.hasAnsi(s.error) && !X.hasAnsi(s.steps), s.error);
    eq(`${label}: test "${e.fullTitle}" test.step steps nested as in the JSON report`, X.testStepsOnly(s.steps), e.steps);
  }
  return { stored, exp, run: r };
}

async function checkArtifacts(api, label, runId, exp, stored) {
  const arts = await listAll(api, `/api/artifacts?runId=${runId}`);
  const byTest = new Map();
  for (const a of arts) {
    const k = a.testId || '(run)';
    if (!byTest.has(k)) byTest.set(k, []);
    byTest.get(k).push(a);
  }
  let all = true;
  let bytesOk = true;
  for (const [key, e] of exp) {
    const s = stored.get(key);
    if (!s) continue;
    const want = e._artifacts.map((a) => `${a.type}:${a.fileName}:${fs.statSync(a.path).size}`).sort();
    const got = (byTest.get(s.id) || []).map(artifactKey).sort();
    all = eq(`${label}: artifacts of "${e.fullTitle}" (${want.length})`, got, want) && all;
    // Download every artifact through its signed URL and compare bytes with the file on disk.
    const remaining = [...e._artifacts];
    for (const a of byTest.get(s.id) || []) {
      const res = await http(a.url, { raw: true });
      const buf = Buffer.from(await res.arrayBuffer());
      const i = remaining.findIndex((r) => r.type === a.type && r.fileName === a.fileName && fs.readFileSync(r.path).equals(buf));
      if (res.status !== 200 || i < 0 || !MAGIC[a.type](buf)) {
        bytesOk = false;
        check(`${label}: download ${a.type} ${a.fileName} of "${e.fullTitle}"`, false, { status: res.status, size: buf.length });
      } else remaining.splice(i, 1);
    }
  }
  check(`${label}: every artifact downloads through its signed URL with the bytes on disk and the right magic bytes`, bytesOk);
  return { arts, byTest };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const bin0 = findEuriqa();
  const tmp = fs.mkdtempSync(path.join(process.env.EURIQA_REPORTER_TMP || os.tmpdir(), 'euriqa-reporter-e2e-'));
  // The build directory may be rebuilt while we run: use a private copy.
  const bin = path.join(tmp, 'euriqa');
  fs.copyFileSync(bin0, bin);
  fs.chmodSync(bin, 0o755);
  log(`euriqa: ${bin0}; temporary directory: ${tmp}`);
  if (!fs.existsSync(PW_CLI)) throw new Error(`Playwright is not installed: run npm ci in ${HERE}`);

  const off = { runsRead: 0, runsWrite: 0, testsRead: 0, testsWrite: 0, uploads: 0, projectsTeams: 0, apiKeysWebhooks: 0, flakiness: 0 };
  const srv = await startServer(bin, { config: { rateLimits: off }, tmpRoot: tmp });
  const stops = [() => srv.stop()];
  try {
    const acc = await setupAccount(srv.url);
    const api = apiClient(srv.url, acc.apiKey);
    log(`server ${srv.url}, project ${acc.projectId}`);
    const baseEnv = { EURIQA_URL: srv.url, EURIQA_API_KEY: acc.apiKey, EURIQA_CI_BUILD_ID: BUILD_ID };

    const shardRuns = {};
    if (want('shards') || want('import') || want('quarantine')) {
      // ---- 1. Sharded runs with the reporter ------------------------------------------------
      for (const i of [1, 2]) {
        const env = {
          ...baseEnv,
          EURIQA_RUN_TAGS: 'e2e, nightly',
          EURIQA_CI_BUILD_URL: i === 1 ? 'https://ci.example/builds/1' : '',
          SAMPLE_REPORTER_OPTIONS: JSON.stringify(i === 1
            ? { runTitle: 'Reporter e2e', htmlReport: path.join(tmp, `shard${i}`, 'html') }
            : { runTitle: 'Reporter e2e' }),
        };
        if (i === 1) env.SAMPLE_HTML_OUT = path.join(tmp, `shard${i}`, 'html');
        const pw = await runPlaywright(path.join(tmp, `shard${i}`), { args: [`--shard=${i}/2`], env });
        log(`shard ${i}/2: exit ${pw.code} in ${pw.ms} ms`);
        check(`shard ${i}/2: Playwright wrote its JSON report`, !!pw.report, pw.stderr.slice(-2000));
        check(`shard ${i}/2: the reporter printed no warning`, !/\[euriqa\]/.test(pw.stderr + pw.stdout), pw.stderr.slice(-2000));
        shardRuns[i] = pw;
      }
      const runs = (await listAll(api, '/api/runs')).filter((r) => r.ciBuildId === BUILD_ID);
      check('two runs carry the shared ciBuildId', runs.length === 2, runs.map((r) => [r.id, r.shardCurrent]));
      const results = {};
      for (const i of [1, 2]) {
        const pw = shardRuns[i];
        const run = runs.find((r) => r.shardCurrent === i);
        if (!check(`shard ${i}/2: a run with shardCurrent ${i}`, !!run && !!pw.report)) continue;
        results[i] = await checkReporterRun(api, `shard ${i}/2`, run, pw, {
          shard: [i, 2], runTitle: 'Reporter e2e', tags: ['e2e', 'nightly'],
          ciBuildUrl: i === 1 ? 'https://ci.example/builds/1' : null,
        });
        const a = await checkArtifacts(api, `shard ${i}/2`, run.id, results[i].exp, results[i].stored);
        results[i].arts = a.arts;
        check(`shard ${i}/2: Playwright's exit code is its own (1: failures)`, pw.code === (results[i].run.failedTests ? 1 : 0), pw.code);
      }
      // The whole suite across both shards.
      const union = new Map([...(results[1] ? results[1].stored : []), ...(results[2] ? results[2].stored : [])]);
      eq('both shards together hold all 6 sample tests', union.size, 6);
      const flaky = [...union.values()].find((t) => t.title === 'passes on retry @flaky');
      eq('the flaky test is flaky with retries 1', flaky && { status: flaky.status, retries: flaky.retries, attempt: flaky.attempt, isFlaky: flaky.isFlaky },
        { status: 'flaky', retries: 1, attempt: 2, isFlaky: true });
      const flakyRun = flaky && [results[1], results[2]].find((x) => x && x.run.id === flaky.runId);
      check('the flaky test counts in its run\'s flakyTests, not in passedTests', flakyRun && flakyRun.run.flakyTests === 1, flakyRun && flakyRun.run);
      const pass = [...union.values()].find((t) => t.title === 'adds an item @smoke');
      if (pass && Array.isArray(pass.steps)) {
        const outer = pass.steps.find((s) => s.title === 'open the shop');
        check('steps nest: "open the shop" holds "check the heading" which holds an expect step',
          !!outer && outer.category === 'test.step' && outer.steps.some((s) => s.title === 'check the heading' &&
            s.category === 'test.step' && (s.steps || []).some((x) => x.category === 'expect')), pass.steps);
        const cats = new Set();
        const walk = (l) => l.forEach((s) => { cats.add(s.category); walk(s.steps || []); });
        walk(pass.steps);
        eq('step categories as Playwright names them', [...cats].sort(), ['expect', 'fixture', 'hook', 'pw:api', 'test.step']);
        eq('tags keep their @, title tags and option tags', pass.tags, ['@smoke', '@cart']);
        eq('annotations as {type, description}', pass.annotations, [{ type: 'issue', description: 'EUR-101' }]);
        check('stdout arrived', pass.stdout === 'hello from the passing test\n', pass.stdout);
      } else check('the passing test with steps was stored', false);
      const failing = [...union.values()].find((t) => t.title === 'shows the dashboard @critical');
      if (failing) {
        eq('error expected/actual from the Expected:/Received: lines', { e: failing.error.expected, a: failing.error.actual },
          { e: '"Dashboard"', a: '"Login"' });
        const failedStep = (failing.steps || []).find((s) => s.title === 'submit the form');
        check('the failing step is failed and carries the error', failedStep && failedStep.status === 'failed' && failedStep.error &&
          /toHaveText/.test(failedStep.error.message), failedStep);
        check('stderr arrived from both attempts', failing.stderr === 'about to fail\nabout to fail\n', failing.stderr);
      } else check('the failing test was stored', false);
      const timedOut = [...union.values()].find((t) => t.title === 'times out');
      check('timedOut is failed', timedOut && timedOut.status === 'failed', timedOut);
      const knownBug = [...union.values()].find((t) => t.title === 'documents a known bug');
      check('an expected failure (test.fail) is passed', knownBug && knownBug.status === 'passed', knownBug);
      // HTML report (shard 1).
      if (results[1]) {
        const rep = results[1].arts.filter((a) => a.type === 'report');
        if (check('shard 1/2: the zipped HTML report is a report artifact of the run', rep.length === 1 && !rep[0].testId, rep)) {
          const res = await http(rep[0].url, { raw: true });
          const buf = Buffer.from(await res.arrayBuffer());
          let entries = new Map();
          try { entries = readZip(buf); } catch (e) { check('the report ZIP reads back', false, e.message); }
          const indexOnDisk = fs.readFileSync(path.join(tmp, 'shard1', 'html', 'index.html'));
          check('the report ZIP holds the HTML report\'s index.html byte for byte',
            entries.has('index.html') && entries.get('index.html').equals(indexOnDisk), [...entries.keys()].slice(0, 10));
          await openReportInBrowser(rep[0], [...results[1].stored.values()]);
        }
      }
      shardRuns.results = results;
    }

    // ---- 2. euriqa import of the same JSON report and JUnit XML ------------------------------
    if (want('import') && shardRuns.results && shardRuns.results[1]) {
      await importComparison({ bin, srv, acc, api, tmp, pw: shardRuns[1], ref: shardRuns.results[1] });
    }

    // ---- 3. Quarantine -------------------------------------------------------------------------
    if (want('quarantine')) await quarantineCheck({ api, tmp, baseEnv, acc });

    // ---- 4. Resilience -------------------------------------------------------------------------
    if (want('resilience')) await resilience({ tmp, bin, srv, acc, api });

    // ---- 5. A big live run within the server's default rate limits ------------------------------
    if (want('pacing')) await pacing({ tmp, bin });

    // ---- 6. The reporter installed from the server's own download --------------------------------
    if (want('download')) {
      await installedFromServer({ tmp, srv, api, apiKey: acc.apiKey, check, eq, log, cleanEnv, pwCli: PW_CLI });
    }
  } catch (e) {
    check('driver ran to the end', false, e && e.stack ? e.stack : String(e));
  } finally {
    for (const s of stops) await s().catch(() => {});
    if (!process.env.KEEP_TMP && !failed) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
}

// ---------------------------------------------------------------------------------------------

// The uploaded HTML report, opened from its viewUrl in Chromium as a user would: the
// report app renders the shard's tests in a sandboxed (opaque-origin) page, and a failed
// test's trace link lands in the server's own trace viewer with the trace loaded.
async function openReportInBrowser(report, stored) {
  const { chromium } = require('@playwright/test');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium' });
  try {
    const page = await browser.newPage();
    const res = await page.goto(report.viewUrl);
    check('the report opens from its viewUrl (200)', res && res.status() === 200, res && res.status());
    const failed = stored.find((t) => t.status === 'failed');
    const title = (failed || stored[0]).title;
    const shown = await page.getByText(title, { exact: false }).first().waitFor({ timeout: 15000 }).then(() => true, () => false);
    check('the report app renders the shard\'s tests', shown, title);
    eq('the report runs in an opaque origin (no cookies, no API as the viewer)', await page.evaluate(() => window.origin), 'null');
    if (!failed) return;
    await page.getByText(failed.title).first().click();
    const traceLink = page.locator('a[href*="trace/index.html"]').first();
    const hasTrace = await traceLink.waitFor({ timeout: 15000 }).then(() => true, () => false);
    if (!check('a failed test of the report links its trace', hasTrace)) return;
    const href = await traceLink.evaluate((a) => a.href);
    const viewer = await browser.newPage();
    await viewer.goto(href);
    check('the trace link lands in the server\'s own trace viewer', new URL(viewer.url()).pathname === '/trace/index.html', viewer.url());
    // A loaded trace lists its actions (the test's page.goto at least).
    const actions = await viewer.locator('.action-title-method').first().waitFor({ timeout: 20000 }).then(() => true, () => false);
    const failedToLoad = await viewer.getByText(/Could not load trace/).count();
    check('the trace viewer loads the report\'s trace', actions && failedToLoad === 0, viewer.url());
  } finally {
    await browser.close();
  }
}

function runImport(bin, args, env = {}) {
  return new Promise((resolve) => {
    const p = spawn(bin, ['import', ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'], cwd: SAMPLE });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => p.kill('SIGKILL'), 120000);
    p.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

async function importComparison({ bin, srv, acc, api, tmp, pw, ref }) {
  const probe = await runImport(bin, []);
  if (/unknown command/i.test(probe.stdout + probe.stderr)) {
    skip('euriqa import (JSON report and JUnit XML compared with the reporter)', 'this euriqa has no import command yet');
    return;
  }
  // JSON report: every field the JSON report has must match what the reporter sent.
  const env = { EURIQA_CI_BUILD_ID: BUILD_ID };
  // Git fields are detected at import time (others may have committed since the reporter ran).
  const gitAtImport = gitNow();
  const refRun = { ...ref.run, ...gitAtImport };
  const ij = await runImport(bin, ['--url', srv.url, '--key', acc.apiKey, '--title', 'Reporter e2e', '--tag', 'e2e', '--tag', 'nightly', pw.json], env);
  const lineRe = /^(run_\S+) (\d+) tests (\d+) artifacts (.+)$/m;
  const mj = lineRe.exec(ij.stdout);
  check('import JSON: exit 0 and the line `<runId> <N> tests <M> artifacts <file>`', ij.code === 0 && !!mj, ij);
  const refArts = ref.arts.filter((a) => a.type !== 'report');
  if (mj) {
    eq('import JSON: counts on its output line', { tests: Number(mj[2]), artifacts: Number(mj[3]), file: mj[4] },
      { tests: ref.stored.size, artifacts: refArts.length, file: pw.json });
    const run = (await api.get(`/api/runs/${mj[1]}`)).body;
    const fields = ['status', 'branch', 'commitSha', 'commitMessage', 'commitAuthor', 'ciBuildId', 'playwrightVersion', 'workers',
      'shardCurrent', 'shardTotal', 'os', 'hostname', 'runTitle', 'tags', 'totalTests', 'passedTests', 'failedTests',
      'skippedTests', 'flakyTests'];
    const pick = (o) => Object.fromEntries(fields.map((f) => [f, o[f]]));
    eq('import JSON: run fields as the reporter\'s (git as of the import)', pick(run), pick(refRun));
    check('import JSON: duration is stats.duration', Math.abs(run.duration - pw.report.stats.duration) <= 2, run.duration);
    const stored = await storedTests(api, mj[1]);
    eq('import JSON: the same tests', [...stored.keys()].sort(), [...ref.stored.keys()].sort());
    for (const [key, r] of ref.stored) {
      const s = stored.get(key);
      if (!s) continue;
      const pickT = (o) => ({
        title: o.title, fullTitle: o.fullTitle, filePath: o.filePath, lineNumber: o.lineNumber, status: o.status,
        duration: o.duration, retries: o.retries, attempt: o.attempt, isFlaky: o.isFlaky, tags: o.tags,
        annotations: o.annotations, error: o.error, stdout: o.stdout, stderr: o.stderr,
      });
      eq(`import JSON: "${r.fullTitle}" as the reporter sent it`, pickT(s), pickT(r));
      eq(`import JSON: "${r.fullTitle}" steps are the reporter's test.step steps`, X.testStepsOnly(s.steps), X.testStepsOnly(r.steps));
    }
    const arts = await listAll(api, `/api/artifacts?runId=${mj[1]}`);
    const keyOf = (a, tests) => `${[...tests.values()].find((t) => t.id === a.testId)?.fullTitle}|${artifactKey(a)}`;
    eq('import JSON: the same artifacts per test', arts.map((a) => keyOf(a, stored)).sort(), refArts.map((a) => keyOf(a, ref.stored)).sort());
  }

  // JUnit XML: only what JUnit has.
  const ix = await runImport(bin, ['--url', srv.url, '--key', acc.apiKey, pw.xml], env);
  const mx = lineRe.exec(ix.stdout);
  check('import JUnit: exit 0 and the result line', ix.code === 0 && !!mx, ix);
  if (mx) {
    const run = (await api.get(`/api/runs/${mx[1]}`)).body;
    const fields = ['status', 'branch', 'commitSha', 'ciBuildId', 'os', 'hostname', 'totalTests', 'passedTests', 'failedTests',
      'skippedTests', 'flakyTests'];
    const pick = (o) => Object.fromEntries(fields.map((f) => [f, o[f]]));
    eq('import JUnit: run fields JUnit has, as the reporter\'s (git as of the import)', pick(run), pick(refRun));
    eq('import JUnit: fields JUnit lacks are omitted', {
      playwrightVersion: run.playwrightVersion, workers: run.workers, shardCurrent: run.shardCurrent, browser: run.browser, viewport: run.viewport,
    }, {});
    const stored = await storedTests(api, mx[1]);
    eq('import JUnit: the same tests', [...stored.keys()].sort(), [...ref.stored.keys()].sort());
    for (const [key, r] of ref.stored) {
      const s = stored.get(key);
      if (!s) continue;
      const pickT = (o) => ({
        title: o.title, fullTitle: o.fullTitle, filePath: o.filePath, status: o.status, duration: o.duration, retries: o.retries,
        attempt: o.attempt, isFlaky: o.isFlaky, annotations: o.annotations,
        expected: o.error ? o.error.expected : undefined, actual: o.error ? o.error.actual : undefined,
      });
      eq(`import JUnit: "${r.fullTitle}" as the reporter sent it (JUnit's fields)`, pickT(s), pickT(r));
      check(`import JUnit: "${r.fullTitle}" has no lineNumber, tags or steps`, s.lineNumber == null && !(s.tags && s.tags.length) &&
        !(Array.isArray(s.steps) && s.steps.length), { lineNumber: s.lineNumber, tags: s.tags, steps: s.steps });
      if (r.error) check(`import JUnit: "${r.fullTitle}" error has no ANSI codes`, !X.hasAnsi(s.error), s.error);
    }
    const arts = await listAll(api, `/api/artifacts?runId=${mx[1]}`);
    const keyOf = (a, tests) => `${[...tests.values()].find((t) => t.id === a.testId)?.fullTitle}|${artifactKey(a)}`;
    eq('import JUnit: the same artifacts per test (from [[ATTACHMENT|…]] lines)', arts.map((a) => keyOf(a, stored)).sort(),
      refArts.map((a) => keyOf(a, ref.stored)).sort());
  }
}

// ---------------------------------------------------------------------------------------------

async function quarantineCheck({ api, tmp, baseEnv }) {
  // Quarantine the one failing test of the light subset, then run it with quarantine on.
  const runsBefore = await listAll(api, '/api/runs');
  const q = await listAll(api, '/api/tests?status=failed');
  const timesOut = q.find((t) => t.title === 'times out');
  if (!check('quarantine: a stored "times out" result to quarantine', !!timesOut)) return;
  const r = await api.post('/api/flakiness', { testId: timesOut.id, isQuarantined: true });
  check('quarantine: POST /api/flakiness quarantines it', r.status === 200 || r.status === 201, r);
  const pw = await runPlaywright(path.join(tmp, 'quarantine'), {
    args: ['--grep', LIGHT_GREP],
    env: { ...baseEnv, EURIQA_QUARANTINE: '1', EURIQA_CI_BUILD_ID: `${BUILD_ID}-q` },
  });
  check('quarantine: the run exits 0 when every failure is quarantined', pw.code === 0, { code: pw.code, stderr: pw.stderr.slice(-1500) });
  check('quarantine: it prints which quarantined failure it ignored', /quarantine/i.test(pw.stderr) && /times out/.test(pw.stderr), pw.stderr);
  const runs = (await listAll(api, '/api/runs')).filter((x) => !runsBefore.some((b) => b.id === x.id));
  check('quarantine: the server run is passed with the failure still counted',
    runs.length === 1 && runs[0].status === 'passed' && runs[0].failedTests === 1, runs);
  await api.post('/api/flakiness', { testId: timesOut.id, isQuarantined: false });
}

// ---------------------------------------------------------------------------------------------

/** 5,000 tests reported live, with the reporter's default options, against a server with its
 * default rate limits (testsWrite 60 a minute): it sizes and paces its batches from the
 * RateLimit-* answers and meets no 429. (The pacing arithmetic is unit-tested; one run
 * here takes ~100 s on 2 cores, so only the default case runs.) */
async function pacing({ tmp, bin }) {
  const TESTS = 5000;
  const srv = await startServer(bin, { tmpRoot: tmp });
  try {
    const acc = await setupAccount(srv.url, { email: 'pacing@example.com' });
    const api = apiClient(srv.url, acc.apiKey);
    for (const [label, options] of [['default options', {}]]) {
      const pw = await runPlaywright(path.join(tmp, `pacing-${options.batchSize || 'default'}`), {
        env: { EURIQA_URL: srv.url, EURIQA_API_KEY: acc.apiKey, SAMPLE_TEST_DIR: 'bulk', SAMPLE_BULK_TESTS: String(TESTS),
          EURIQA_CI_BUILD_ID: `pacing-${label}`, SAMPLE_REPORTER_OPTIONS: JSON.stringify({ runTitle: `Pacing, ${label}`, ...options }) },
      });
      log(`pacing (${label}): exit ${pw.code} in ${pw.ms} ms`);
      check(`pacing (${label}): Playwright passed all ${TESTS} tests`, pw.code === 0 && pw.report && pw.report.stats.expected === TESTS,
        pw.report ? pw.report.stats : pw.stderr.slice(-1500));
      check(`pacing (${label}): the reporter printed no warning`, !/\[euriqa\]/.test(pw.stderr + pw.stdout), pw.stderr.slice(-2000));
      const runs = (await listAll(api, '/api/runs')).filter((r) => r.runTitle === `Pacing, ${label}`);
      check(`pacing (${label}): one run with all ${TESTS} tests, passed`,
        runs.length === 1 && runs[0].totalTests === TESTS && runs[0].status === 'passed', runs);
      const metrics = await http(`${srv.url}/metrics`, { raw: true });
      const text = await metrics.text();
      const limited = /^euriqa_rate_limited_total (\d+)/m.exec(text);
      eq(`pacing (${label}): the server refused nothing (euriqa_rate_limited_total)`, limited && Number(limited[1]), 0);
    }
  } catch (e) {
    check('pacing ran to the end', false, e && e.stack ? e.stack : String(e));
  } finally {
    await srv.stop();
  }
}

function normalizedOutcome(report) {
  if (!report) return null;
  const exp = X.expectedTests(report);
  return [...exp.values()].map((t) => ({ key: `${t.filePath} :: ${t.fullTitle}`, status: t.status, attempts: t._results.map((r) => r.status) }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}

async function resilience({ tmp, bin, srv, acc }) {
  const light = ['--grep', LIGHT_GREP, '--workers=1'];
  const base = await runPlaywright(path.join(tmp, 'res-baseline'), { args: light, env: { SAMPLE_EURIQA: '0' } });
  const baseOutcome = normalizedOutcome(base.report);
  check('resilience baseline (no reporter) ran', !!base.report && base.code === 1, { code: base.code, stderr: base.stderr.slice(-1000) });
  log(`baseline without reporter: exit ${base.code} in ${base.ms} ms, ${base.tailMs} ms after onEnd began`);
  const scenarios = [
    { id: 'down', name: 'server down (connection refused)', make: async () => ({ url: `http://127.0.0.1:${await closedPort()}`, close: async () => {} }), budget: 5000, expectFile: true },
    { id: 'slow', name: 'slow server (5 s per answer)', make: () => startFakeServer({ delayMs: 5000 }), budget: 6000, expectFile: true },
    { id: '429', name: 'server answering 429 once per route (Retry-After: 1)', make: () => startFakeServer({ mode: '429-first', retryAfter: '1' }), budget: 30000, expectFile: false, expectAll: true },
    { id: 'back', name: 'server answering 503 for 3 s from the first request', make: () => startFakeServer({ failForMs: 3000 }), budget: 30000, expectFile: false, expectAll: true },
    { id: '500', name: 'server answering 500', make: () => startFakeServer({ mode: '500' }), budget: 5000, expectFile: true },
  ];
  // The scenarios run side by side (their waits overlap); each is judged by its own run.
  await Promise.all(scenarios.map(async (sc) => {
    const fake = await sc.make();
    const dir = path.join(tmp, `res-${sc.id}`);
    const outputFile = path.join(dir, 'unsent.json');
    const pw = await runPlaywright(dir, {
      args: light,
      env: {
        EURIQA_URL: fake.url, EURIQA_API_KEY: 'eur_live_fake', EURIQA_CI_BUILD_ID: `${BUILD_ID}-res`,
        EURIQA_OUTPUT_FILE: outputFile, EURIQA_FLUSH_TIMEOUT_MS: String(sc.budget), EURIQA_FLUSH_INTERVAL_MS: '500',
      },
    });
    await fake.close();
    sc.result = { pw, fake, outputFile };
  }));
  for (const sc of scenarios) {
    const { pw, fake, outputFile } = sc.result;
    const label = `resilience, ${sc.name}`;
    log(`${label}: exit ${pw.code} in ${pw.ms} ms, ${pw.tailMs} ms after onEnd began`);
    check(`${label}: Playwright's exit code unchanged (${pw.code})`, pw.code === base.code, { code: pw.code, stderr: pw.stderr.slice(-1500) });
    eq(`${label}: Playwright's own results unchanged`, normalizedOutcome(pw.report), baseOutcome);
    // Added time: what the reporter holds after the tests ended, bounded by flushTimeoutMs
    // (plus the 1 s grace to abort and process exit); the baseline's tail is the same minus the reporter.
    const bound = sc.budget + 1000 + Math.max(3000, (base.tailMs || 0) * 3);
    check(`${label}: added wall time bounded (${pw.tailMs} ms after onEnd ≤ ${bound} ms; baseline ${base.tailMs} ms)`,
      pw.tailMs !== null && pw.tailMs <= bound, { tailMs: pw.tailMs, total: pw.ms, baselineTotal: base.ms });
    const warnings = (pw.stderr.match(/\[euriqa\] cannot reach the server/g) || []).length;
    if (sc.expectFile) {
      check(`${label}: one warning on stderr`, warnings === 1, pw.stderr);
      let f = null;
      try { f = JSON.parse(fs.readFileSync(outputFile, 'utf8')); } catch { /* checked below */ }
      if (check(`${label}: unsent data written to outputFile`, !!f, pw.stderr)) {
        eq(`${label}: outputFile holds Playwright's results in the JSON report's shape`, normalizedOutcome(f), baseOutcome);
        check(`${label}: outputFile says what was not sent`, f.euriqa && f.euriqa.unsent && f.euriqa.run && f.euriqa.run.ciBuildId === `${BUILD_ID}-res`, f.euriqa);
        sc.file = outputFile;
      }
    } else {
      check(`${label}: no warning that data was lost`, !/not sent/.test(pw.stderr), pw.stderr);
      check(`${label}: no outputFile needed`, !fs.existsSync(outputFile));
    }
    if (sc.expectAll) {
      const s = fake.seen;
      const exp = X.expectedTests(pw.report || { suites: [] });
      const wantUploads = [...exp.values()].reduce((n, t) => n + t._artifacts.length, 0);
      eq(`${label}: everything arrived after waiting`, {
        runs: s.runs.length, tests: s.tests.length, uploads: s.uploads.length, patches: s.patches.length,
      }, { runs: 1, tests: exp.size, uploads: wantUploads, patches: 1 });
      const gaps = [];
      // Uploads run two at a time, so only the serial routes show the wait clearly.
      for (const route of new Set(s.requests.map((r) => r.route).filter((r) => r !== 'POST /api/upload'))) {
        const reqs = s.requests.filter((r) => r.route === route);
        if (reqs.length >= 2) gaps.push(reqs[1].at - reqs[0].at);
      }
      if (sc.id === '429') check(`${label}: retries honour Retry-After (≥ 1 s after the 429)`, gaps.length >= 3 && gaps.every((g) => g >= 950), gaps);
    }
  }
  // What the reporter wrote while the server was down can be imported later.
  const downFile = scenarios[0].file;
  if (downFile) {
    const probe = await runImport(bin, []);
    if (/unknown command/i.test(probe.stdout + probe.stderr)) skip('import of the outputFile written while the server was down', 'no import command yet');
    else {
      const r = await runImport(bin, ['--url', srv.url, '--key', acc.apiKey, downFile]);
      const m = /^(run_\S+) (\d+) tests (\d+) artifacts/m.exec(r.stdout);
      check('the outputFile written while the server was down imports with all its tests', r.code === 0 && m && Number(m[2]) === baseOutcome.length, r);
    }
  }
}

main().then(() => {
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s${skippedChecks ? ` (${skippedChecks} skipped)` : ''}`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exit(failed ? 1 : 0);
}, (e) => {
  process.stdout.write(`${e && e.stack ? e.stack : e}\n${passed} passed, ${failed + 1} failed\n`);
  process.exit(1);
});
