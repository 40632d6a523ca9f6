#!/usr/bin/env node
'use strict';
// The Euriqa Playwright reporter's added wall time on a 500-test run.
//
//   node bench/reporter/bench.js [path/to/euriqa]      (RUNS=5 TESTS=500 by default)
//
// Generates a 500-test project (fast tests without a browser, every tenth with nested steps
// and output), then runs `playwright test` RUNS times with the reporter (sending to a real
// server started here) and RUNS times without it, alternating, and compares the medians.
// Prints: reporter overhead: X% (with R s, without S s, 500 tests)

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { findEuriqa, startServer, setupAccount, apiClient } = require('../../tests/reporter/lib/server');

const REPO = path.resolve(__dirname, '../..');
const PW_MODULES = path.join(REPO, 'tests/reporter/node_modules');
const REPORTER = path.join(__dirname, 'timed-reporter.js'); // the reporter, with a stopwatch
const RUNS = Number(process.env.RUNS || 5);
const TESTS = Number(process.env.TESTS || 500);
const FILES = 10;

function generate(dir) {
  fs.mkdirSync(path.join(dir, 'tests'), { recursive: true });
  fs.symlinkSync(PW_MODULES, path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, 'playwright.config.js'), `
const { defineConfig } = require('@playwright/test');
const reporter = [['dot']];
if (process.env.BENCH_EURIQA === '1') reporter.push([${JSON.stringify(REPORTER)}, {}]);
module.exports = defineConfig({ testDir: './tests', workers: 2, fullyParallel: true, retries: 0, reporter,
  outputDir: ${JSON.stringify(path.join(dir, 'test-results'))} });
`);
  const per = Math.ceil(TESTS / FILES);
  let n = 0;
  for (let f = 0; f < FILES; f++) {
    const lines = ["const { test, expect } = require('@playwright/test');", `test.describe('suite ${f}', () => {`];
    for (let i = 0; i < per && n < TESTS; i++, n++) {
      const tag = i % 5 === 0 ? `, { tag: '@t${i % 3}' }` : '';
      if (n % 10 === 0) {
        lines.push(`  test('case ${n} with steps'${tag}, async () => {
    console.log('case ${n}');
    await test.step('outer', async () => {
      await test.step('inner', async () => { expect(${n} + 1).toBe(${n + 1}); });
    });
  });`);
      } else {
        lines.push(`  test('case ${n}'${tag}, async () => { expect([${n}].length).toBe(1); });`);
      }
    }
    lines.push('});');
    fs.writeFileSync(path.join(dir, 'tests', `gen${String(f).padStart(2, '0')}.spec.js`), lines.join('\n') + '\n');
  }
  return n;
}

function runOnce(dir, withReporter, env) {
  const cli = path.join(PW_MODULES, '@playwright/test/cli.js');
  const timingFile = path.join(dir, 'timing.json');
  fs.rmSync(timingFile, { force: true });
  const e = { ...process.env, ...env, BENCH_EURIQA: withReporter ? '1' : '0', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', BENCH_TIMING_FILE: timingFile };
  for (const k of Object.keys(e)) if (k === 'CI' || k.startsWith('GITHUB_')) delete e[k];
  const t = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    // Through bash so that `times` reports the CPU time of the whole process tree (runner and
    // workers), a figure far less sensitive to other jobs on the machine than wall time.
    const timesFile = path.join(dir, 'times.txt');
    e.BENCH_NODE = process.execPath;
    e.BENCH_CLI = cli;
    e.BENCH_CONFIG = path.join(dir, 'playwright.config.js');
    e.BENCH_TIMES = timesFile;
    const p = spawn('bash', ['-c', '"$BENCH_NODE" "$BENCH_CLI" test --config "$BENCH_CONFIG"; rc=$?; times > "$BENCH_TIMES"; exit $rc'],
      { cwd: dir, env: e, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    p.on('close', (code) => {
      const s = Number(process.hrtime.bigint() - t) / 1e9;
      if (code !== 0) return reject(new Error(`playwright exited ${code}:\n${out.slice(-3000)}`));
      if (/\[euriqa\]/.test(out)) return reject(new Error(`reporter warned:\n${out.slice(-3000)}`));
      let cpu = null;
      try {
        const lines = fs.readFileSync(timesFile, 'utf8').trim().split('\n');
        const secs = (t) => { const m = /(\d+)m([\d.]+)s/.exec(t); return m ? Number(m[1]) * 60 + Number(m[2]) : 0; };
        cpu = lines[lines.length - 1].split(/\s+/).reduce((a, t) => a + secs(t), 0); // children's user + sys
      } catch { /* no times */ }
      let timing = null;
      try { timing = JSON.parse(fs.readFileSync(timingFile, 'utf8')); } catch { /* without the reporter */ }
      if (withReporter && !timing) return reject(new Error('the timed reporter wrote no timing'));
      resolve({ s, timing, cpu });
    });
  });
}

const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

async function main() {
  const bin0 = findEuriqa();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'euriqa-reporter-bench-'));
  const bin = path.join(tmp, 'euriqa');
  fs.copyFileSync(bin0, bin);
  fs.chmodSync(bin, 0o755);
  const off = { runsRead: 0, runsWrite: 0, testsRead: 0, testsWrite: 0, uploads: 0, projectsTeams: 0, apiKeysWebhooks: 0, flakiness: 0 };
  const srv = await startServer(bin, { config: { rateLimits: off }, tmpRoot: tmp });
  try {
    const acc = await setupAccount(srv.url);
    const dir = path.join(tmp, 'project');
    const n = generate(dir);
    const env = { EURIQA_URL: srv.url, EURIQA_API_KEY: acc.apiKey, EURIQA_RUN_TITLE: 'reporter bench' };
    // Warm-up (file system caches, Playwright's transform cache), one each way, not counted.
    await runOnce(dir, false, env);
    await runOnce(dir, true, env);
    const withR = [];
    const without = [];
    const inside = [];
    const cpuWith = [];
    const cpuWithout = [];
    for (let i = 0; i < RUNS; i++) {
      // Alternate the order so drift in machine load hits both sides alike.
      const one = async (w) => {
        const r = await runOnce(dir, w, env);
        if (w) { withR.push(r.s); inside.push(r.timing); cpuWith.push(r.cpu); } else { without.push(r.s); cpuWithout.push(r.cpu); }
      };
      if (i % 2 === 0) { await one(false); await one(true); } else { await one(true); await one(false); }
      const tm = inside[i];
      process.stderr.write(`round ${i + 1}/${RUNS}: with ${withR[i].toFixed(2)} s, without ${without[i].toFixed(2)} s; ` +
        `cpu ${cpuWith[i].toFixed(2)} s vs ${cpuWithout[i].toFixed(2)} s; inside the reporter ${(tm.hooksMs + tm.onEndMs + tm.onExitMs).toFixed(0)} ms (hooks ${tm.hooksMs.toFixed(0)} ms over ${tm.calls} calls, onEnd ${tm.onEndMs.toFixed(0)} ms)\n`);
    }
    // Every reporter run must have arrived whole.
    const api = apiClient(srv.url, acc.apiKey);
    const runs = (await api.get('/api/runs?limit=200')).body.data;
    const complete = runs.filter((r) => r.totalTests === n && r.passedTests === n && r.status === 'passed');
    if (complete.length !== RUNS + 1) throw new Error(`expected ${RUNS + 1} complete runs on the server, found ${complete.length}: ${JSON.stringify(runs.map((r) => [r.status, r.totalTests]))}`);
    const w = median(withR);
    const wo = median(without);
    const pct = ((w - wo) / wo) * 100;
    process.stdout.write(`reporter overhead: ${pct.toFixed(1)}% (with ${w.toFixed(2)} s, without ${wo.toFixed(2)} s, ${n} tests)\n`);
    process.stdout.write(`  medians of ${RUNS} runs each; with: ${withR.map((x) => x.toFixed(2)).join(' ')}; without: ${without.map((x) => x.toFixed(2)).join(' ')}\n`);
    // Load-independent view: the time the runner spent inside the reporter (what it adds to the
    // run's wall time; its HTTP work overlaps the tests), against the run without it.
    const ins = median(inside.map((t) => t.hooksMs + t.onEndMs + t.onExitMs)) / 1000;
    const onEnd = median(inside.map((t) => t.onEndMs)) / 1000;
    const cw = median(cpuWith);
    const cwo = median(cpuWithout);
    process.stdout.write(`reporter CPU overhead: ${(((cw - cwo) / cwo) * 100).toFixed(1)}% (Playwright process tree user+sys: with ${cw.toFixed(2)} s, without ${cwo.toFixed(2)} s)\n`);
    process.stdout.write(`reporter time on the runner's path: ${((ins / wo) * 100).toFixed(1)}% (${ins.toFixed(3)} s median, of which onEnd flush ${onEnd.toFixed(3)} s; without the reporter ${wo.toFixed(2)} s)\n`);
  } finally {
    await srv.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
