#!/usr/bin/env node
// The dogfood server: a second, separate Euriqa that receives this e2e suite's own
// results through Euriqa's Playwright reporter (packaging/playwright-reporter).
//   node dogfood.mjs start <euriqa-bin> <state.json>   starts it, creates user/team/project/key,
//                                                      prints shell exports for run.sh
//   node dogfood.mjs check <state.json> <report.json>  checks the run arrived with all tests
//                                                      and their screenshots
//   node dogfood.mjs stop <state.json>                 SIGTERM, removes its data dir
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [cmd, ...args] = process.argv.slice(2);

async function call(base, method, p, { cookie, key, body } = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (cookie) headers.Cookie = cookie;
  if (key) headers['X-API-Key'] = key;
  const res = await fetch(base + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${p} -> ${res.status} ${text.slice(0, 300)}`);
  return { json: text ? JSON.parse(text) : null, res };
}

async function start(bin, stateFile) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'euriqa-dogfood-'));
  const cfg = path.join(dir, 'config.json');
  fs.writeFileSync(cfg, JSON.stringify({ rateLimits: { runsRead: 0, runsWrite: 0, testsRead: 0, testsWrite: 0,
    uploads: 0, projectsTeams: 0, apiKeysWebhooks: 0, flakiness: 0 } }));
  const out = fs.openSync(path.join(dir, 'stdout.log'), 'a');
  const err = fs.openSync(path.join(dir, 'stderr.log'), 'a');
  const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--data', path.join(dir, 'data'), '--config', cfg],
    { stdio: ['ignore', out, err], detached: true });
  child.unref();
  let url = null;
  for (let i = 0; i < 150 && !url; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const m = fs.readFileSync(path.join(dir, 'stdout.log'), 'utf8').match(/listening on (http:\/\/\S+)/);
    if (m) url = m[1].replace(/\/$/, '');
    if (child.exitCode !== null) break;
  }
  if (!url) throw new Error(`dogfood server did not start: ${fs.readFileSync(path.join(dir, 'stderr.log'), 'utf8').slice(-2000)}`);
  const { res } = await call(url, 'POST', '/api/auth/register', { body: { email: 'dogfood@example.com', password: 'dogfood-password-1', name: 'Dogfood' } });
  const cookie = res.headers.get('set-cookie').match(/sb-access-token=[^;]*/)[0];
  const team = (await call(url, 'POST', '/api/teams', { cookie, body: { name: 'Euriqa' } })).json;
  const project = (await call(url, 'POST', '/api/projects', { cookie, body: { teamId: team.id, name: 'Dashboard e2e' } })).json;
  const key = (await call(url, 'POST', '/api/api-keys', { cookie, body: { projectId: project.id, name: 'e2e run.sh' } })).json;
  const state = { url, pid: child.pid, dir, projectId: project.id, apiKey: key.key };
  fs.writeFileSync(stateFile, JSON.stringify(state));
  console.log(`export DOGFOOD_URL='${url}' DOGFOOD_API_KEY='${key.key}' DOGFOOD_PROJECT_ID='${project.id}'`);
}

function collectTests(suite, acc = []) {
  for (const s of suite.suites ?? []) collectTests(s, acc);
  for (const spec of suite.specs ?? []) for (const t of spec.tests ?? []) acc.push({ title: spec.title, file: spec.file, t });
  return acc;
}

async function check(stateFile, reportFile) {
  const st = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  const tests = report.suites.flatMap((s) => collectTests(s));
  const expectedCount = tests.length;
  const withShots = tests.filter(({ t }) => t.results.some((r) => r.attachments.some((a) => a.contentType.startsWith('image/'))));
  const shotCount = tests.reduce((n, { t }) => n + t.results.reduce((m, r) => m + r.attachments.filter((a) => a.contentType.startsWith('image/')).length, 0), 0);
  const key = st.apiKey;
  const runs = (await call(st.url, 'GET', `/api/runs?projectId=${st.projectId}`, { key })).json;
  const problems = [];
  if (runs.total !== 1) problems.push(`expected 1 run on the dogfood server, found ${runs.total}`);
  const run = runs.data[0];
  if (!run) throw new Error('no run arrived at the dogfood server');
  const detail = (await call(st.url, 'GET', `/api/runs/${run.id}`, { key })).json;
  if (detail.status === 'running') problems.push('the run is still "running" (the reporter did not finish it)');
  if (detail.totalTests !== expectedCount) problems.push(`run totalTests ${detail.totalTests}, expected ${expectedCount}`);
  const got = [];
  for (let off = 0; ; off += 200) {
    const page = (await call(st.url, 'GET', `/api/tests?projectId=${st.projectId}&runId=${run.id}&limit=200&offset=${off}`, { key })).json;
    got.push(...page.data);
    if (page.data.length < 200) break;
  }
  if (got.length !== expectedCount) problems.push(`${got.length} test results arrived, expected ${expectedCount}`);
  const titles = new Set(got.map((g) => g.title));
  for (const { title } of tests) if (!titles.has(title)) problems.push(`missing test "${title}"`);
  const arts = [];
  for (let off = 0; ; off += 200) {
    const page = (await call(st.url, 'GET', `/api/artifacts?runId=${run.id}&limit=200&offset=${off}`, { key })).json;
    arts.push(...page.data);
    if (page.data.length < 200) break;
  }
  const shots = arts.filter((a) => a.type === 'screenshot');
  const testsWithShots = new Set(shots.map((a) => a.testId).filter(Boolean));
  if (shots.length < shotCount) problems.push(`${shots.length} screenshots arrived, the report has ${shotCount}`);
  if (testsWithShots.size < withShots.length) problems.push(`${testsWithShots.size} tests have screenshots on the server, ${withShots.length} in the report`);
  // A screenshot is really there: download one through its signed URL.
  if (shots[0]) {
    const r = await fetch(shots[0].url);
    const b = Buffer.from(await r.arrayBuffer());
    if (r.status !== 200 || b.subarray(1, 4).toString() !== 'PNG') problems.push(`screenshot download: ${r.status}, not a PNG`);
  }
  console.log(`dogfood: run ${run.id} status ${detail.status}: ${got.length}/${expectedCount} tests, ` +
    `${shots.length} screenshots on ${testsWithShots.size} tests (report: ${shotCount} on ${withShots.length}), ${arts.length} artifacts in all`);
  if (problems.length) {
    for (const p of problems) console.error(`dogfood: ${p}`);
    process.exit(1);
  }
}

function stop(stateFile) {
  if (!fs.existsSync(stateFile)) return;
  const st = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  try { process.kill(st.pid, 'SIGTERM'); } catch { /* already gone */ }
  for (let i = 0; i < 100; i++) {
    try { process.kill(st.pid, 0); } catch { break; }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  fs.rmSync(st.dir, { recursive: true, force: true });
  fs.rmSync(stateFile, { force: true });
}

try {
  if (cmd === 'start') await start(path.resolve(args[0]), args[1]);
  else if (cmd === 'check') await check(args[0], args[1]);
  else if (cmd === 'stop') stop(args[0]);
  else { console.error('usage: dogfood.mjs start|check|stop ...'); process.exit(2); }
} catch (e) {
  console.error(`dogfood: ${e.message}`);
  process.exit(1);
}
