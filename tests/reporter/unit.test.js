'use strict';
// Unit tests of the reporter's pieces that need no server or browser: CI detection, the
// mapping of a test, finality, the ZIP writer, the HTTP client's retry rules, and a reporter
// whose every call is made with hostile input (it must never throw).
//   node --test tests/reporter/unit.test.js

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { execFileSync } = require('node:child_process');

const PKG = path.resolve(__dirname, '../../packaging/playwright-reporter');
const M = require(path.join(PKG, 'lib/mapping'));
const { zipDirectory, readZip, crc32 } = require(path.join(PKG, 'lib/zip'));
const { Client, parseRetryAfter, parseRateLimit } = require(path.join(PKG, 'lib/client'));
const Reporter = require(PKG);

test('stripAnsi removes colour and OSC sequences', () => {
  assert.strictEqual(M.stripAnsi('\u001b[2mexpect(\u001b[22m\u001b[31mx\u001b[39m) \u001b]8;;http://a\u0007link\u001b]8;;\u0007'), 'expect(x) link');
});

test('CI detection: every provider and the EURIQA_* overrides', async () => {
  const cases = [
    [{ GITHUB_ACTIONS: 'true', GITHUB_HEAD_REF: 'feat', GITHUB_REF_NAME: 'main', GITHUB_SHA: 'abc', GITHUB_RUN_ID: '7', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r' },
      { ciProvider: 'github-actions', branch: 'feat', commitSha: 'abc', ciBuildId: '7', ciBuildUrl: 'https://github.com/o/r/actions/runs/7' }],
    [{ GITLAB_CI: 'true', CI_COMMIT_REF_NAME: 'dev', CI_COMMIT_SHA: 'def', CI_PIPELINE_ID: '9', CI_PIPELINE_URL: 'https://gl/p/9', CI_COMMIT_MESSAGE: 'msg', CI_COMMIT_AUTHOR: 'A <a@x>' },
      { ciProvider: 'gitlab-ci', branch: 'dev', commitSha: 'def', ciBuildId: '9', ciBuildUrl: 'https://gl/p/9', commitMessage: 'msg', commitAuthor: 'A <a@x>' }],
    [{ JENKINS_URL: 'http://j', GIT_BRANCH: 'origin/x', GIT_COMMIT: 'c1', BUILD_ID: '3', BUILD_URL: 'http://j/3' },
      { ciProvider: 'jenkins', branch: 'origin/x', commitSha: 'c1', ciBuildId: '3', ciBuildUrl: 'http://j/3' }],
    [{ CIRCLECI: 'true', CIRCLE_BRANCH: 'b', CIRCLE_SHA1: 's', CIRCLE_BUILD_NUM: '5', CIRCLE_BUILD_URL: 'u' },
      { ciProvider: 'circleci', branch: 'b', commitSha: 's', ciBuildId: '5', ciBuildUrl: 'u' }],
    [{ BUILDKITE: 'true', BUILDKITE_BRANCH: 'b', BUILDKITE_COMMIT: 's', BUILDKITE_BUILD_ID: 'i', BUILDKITE_BUILD_URL: 'u', BUILDKITE_MESSAGE: 'm', BUILDKITE_BUILD_AUTHOR_EMAIL: 'e' },
      { ciProvider: 'buildkite', branch: 'b', commitSha: 's', ciBuildId: 'i', ciBuildUrl: 'u', commitMessage: 'm', commitAuthor: 'e' }],
    [{ TF_BUILD: 'True', BUILD_SOURCEBRANCHNAME: 'b', BUILD_SOURCEVERSION: 's', BUILD_BUILDID: '11', SYSTEM_COLLECTIONURI: 'https://dev.azure.com/o/', SYSTEM_TEAMPROJECT: 'p', BUILD_SOURCEVERSIONMESSAGE: 'm', BUILD_REQUESTEDFOREMAIL: 'e' },
      { ciProvider: 'azure-pipelines', branch: 'b', commitSha: 's', ciBuildId: '11', ciBuildUrl: 'https://dev.azure.com/o/p/_build/results?buildId=11', commitMessage: 'm', commitAuthor: 'e' }],
  ];
  for (const [env, want] of cases) assert.deepStrictEqual(M.compact(M.detectCi(env)), want);
  assert.deepStrictEqual(M.detectCi({}), {});
  // GitHub wins over GitLab when both are set (first match).
  assert.strictEqual(M.detectCi({ GITHUB_ACTIONS: 'true', GITLAB_CI: 'true' }).ciProvider, 'github-actions');
  const s = await M.sourceInfo({ GITHUB_ACTIONS: 'true', GITHUB_SHA: 'abc', GITHUB_RUN_ID: '7', EURIQA_CI_BUILD_ID: 'shared', EURIQA_BRANCH: 'over' }, os.tmpdir());
  assert.strictEqual(s.ciBuildId, 'shared');
  assert.strictEqual(s.branch, 'over');
  assert.strictEqual(s.commitSha, 'abc');
});

test('git fallback reads the working directory', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'euriqa-git-'));
  try {
    const g = (...a) => execFileSync('git', a, { cwd: dir, stdio: 'ignore' });
    g('init', '-q', '-b', 'topic');
    g('-c', 'user.email=dev@example.com', '-c', 'user.name=Dev', 'commit', '-q', '--allow-empty', '-m', 'first commit');
    const info = await M.gitInfo(dir);
    assert.strictEqual(info.branch, 'topic');
    assert.strictEqual(info.commitMessage, 'first commit');
    assert.strictEqual(info.commitAuthor, 'dev@example.com');
    assert.match(info.commitSha, /^[0-9a-f]{40}$/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const none = await M.gitInfo(os.tmpdir() === '/' ? '/proc' : '/');
  assert.strictEqual(none.commitSha, undefined);
});

test('run fields from the config', () => {
  const config = { version: '1.65.1', workers: 3, shard: { current: 2, total: 4 }, grep: /.*/, projects: [{ name: 'firefox', use: { browserName: 'firefox', viewport: { width: 1024, height: 768 } } }] };
  const f = M.configRunFields(config, { runTitle: 'T', tags: ['a'] }, {});
  assert.deepStrictEqual(M.compact(f), {
    playwrightVersion: '1.65.1', workers: 3, shardCurrent: 2, shardTotal: 4, browser: 'firefox', os: process.platform,
    viewport: '1024x768', hostname: os.hostname(), runTitle: 'T', tags: ['a'],
  });
  const g = M.configRunFields({ projects: [{ use: {} }], grep: [/@smoke/, /@fast/] }, {}, { EURIQA_RUN_TITLE: 'E', EURIQA_RUN_TAGS: 'x, y,' });
  assert.strictEqual(g.browser, 'chromium');
  assert.strictEqual(g.viewport, '1280x720');
  assert.deepStrictEqual(g.grepPatterns, ['@smoke', '@fast']);
  assert.strictEqual(g.runTitle, 'E');
  assert.deepStrictEqual(g.tags, ['x', 'y']);
  assert.strictEqual(M.configRunFields({ projects: [{ use: { defaultBrowserType: 'webkit', viewport: null } }] }).viewport, undefined);
  assert.strictEqual(M.configRunFields({ projects: [{ use: { defaultBrowserType: 'webkit' } }] }).browser, 'webkit');
});

function fakeTest({ title = 't', path: tp = ['', 'proj', 'a.spec.ts', 'Suite', 't'], outcome, results, retries = 1, tags = [], annotations = [], expectedStatus = 'passed' }) {
  return {
    id: 'id-' + title, title, retries, tags, annotations, expectedStatus,
    location: { file: '/root/tests/a.spec.ts', line: 3, column: 1 },
    titlePath: () => tp, outcome: () => outcome, results,
  };
}

test('mapTest: flaky test with error, steps, stdio, attachments', () => {
  const r1 = {
    retry: 0, status: 'failed', duration: 100.4,
    errors: [{ message: 'Error: \u001b[31mboom\u001b[39m\n\nExpected: \u001b[32m2\u001b[39m\nReceived: 1', stack: 'Error: boom\n at x', location: { file: '/root/tests/a.spec.ts', line: 5, column: 7 } }],
    stdout: ['one\n', Buffer.from('two\n')], stderr: [],
    steps: [], attachments: [{ name: 'screenshot', contentType: 'image/png', path: '/o/test-failed-1.png' }, { name: 'error-context', contentType: 'text/markdown', path: '/o/e.md' }],
  };
  const r2 = {
    retry: 1, status: 'passed', duration: 50, errors: [], stdout: ['three\n'], stderr: ['err\n'],
    steps: [{ title: 'outer', category: 'test.step', duration: 10, steps: [{ title: 'inner', category: 'expect', duration: 2, error: { message: 'x' }, steps: [] }] }],
    attachments: [{ name: 'trace', contentType: 'application/zip', path: '/o/trace.zip' }, { name: 'shot', contentType: 'image/png', body: Buffer.from('x') }],
  };
  const t = fakeTest({ outcome: 'flaky', results: [r1, r2], tags: ['@a'], annotations: [{ type: 'issue', description: 'X-1' }, { type: 'fail' }] });
  const m = M.mapTest(t, t.results, '/root');
  assert.deepStrictEqual(m, {
    title: 't', fullTitle: 'proj > Suite > t', filePath: 'tests/a.spec.ts', lineNumber: 3, status: 'flaky',
    duration: 150, retries: 1, attempt: 2, isFlaky: true, tags: ['@a'],
    annotations: [{ type: 'issue', description: 'X-1' }, { type: 'fail' }],
    error: { message: 'Error: boom\n\nExpected: 2\nReceived: 1', stack: 'Error: boom\n at x', expected: '2', actual: '1', location: { file: '/root/tests/a.spec.ts', line: 5, column: 7 } },
    steps: [{ title: 'outer', category: 'test.step', status: 'passed', duration: 10, error: null,
      steps: [{ title: 'inner', category: 'expect', status: 'failed', duration: 2, error: { message: 'x' } }] }],
    stdout: 'one\ntwo\nthree\n', stderr: 'err\n',
  });
  const arts = M.artifactsOf(t.results);
  assert.deepStrictEqual(arts.map((a) => [a.type, a.fileName]), [['screenshot', 'test-failed-1.png'], ['trace', 'trace.zip'], ['screenshot', 'shot.png']]);
});

test('mapTest: statuses and titles without a project name', () => {
  const res = (status) => ({ retry: 0, status, duration: 1, errors: [], stdout: [], stderr: [], steps: [], attachments: [] });
  const mk = (outcome, status) => M.mapTest(fakeTest({ outcome, results: [res(status)], path: ['', '', 'a.spec.ts', 'x'] }), undefined, '/root');
  assert.strictEqual(mk('expected', 'passed').status, 'passed');
  assert.strictEqual(mk('expected', 'skipped').status, 'skipped');
  assert.strictEqual(mk('skipped', 'skipped').status, 'skipped');
  assert.strictEqual(mk('unexpected', 'timedOut').status, 'failed');
  assert.strictEqual(mk('unexpected', 'interrupted').status, 'failed');
  assert.strictEqual(mk('expected', 'passed').fullTitle, 'x');
  const never = M.mapTest(fakeTest({ outcome: 'skipped', results: [] }), [], '/root');
  assert.strictEqual(never.status, 'skipped');
  assert.strictEqual(never.attempt, undefined);
  assert.deepStrictEqual(M.countTests([{ status: 'passed' }, { status: 'flaky' }, { status: 'failed' }, { status: 'skipped' }]),
    { totalTests: 4, passedTests: 1, failedTests: 1, skippedTests: 1, flakyTests: 1 });
  assert.strictEqual(M.runStatus('passed', { failedTests: 0 }), 'passed');
  assert.strictEqual(M.runStatus('failed', { failedTests: 0 }), 'failed');
  assert.strictEqual(M.runStatus('timedout', { failedTests: 0 }), 'failed');
  assert.strictEqual(M.runStatus('interrupted', { failedTests: 1 }), 'cancelled');
});

test('finality: a test is sent at its last attempt', () => {
  const r = new Reporter({ url: 'http://127.0.0.1:9', apiKey: 'k', enabled: true });
  const mk = (outcome, n, retries, status, parent) => ({ outcome: () => outcome, results: new Array(n).fill({}), retries, parent });
  assert.strictEqual(r._isFinal(mk('expected', 1, 2, 'passed'), { retry: 0, status: 'passed' }), true);
  assert.strictEqual(r._isFinal(mk('unexpected', 1, 2, 'failed'), { retry: 0, status: 'failed' }), false);
  assert.strictEqual(r._isFinal(mk('unexpected', 3, 2, 'failed'), { retry: 2, status: 'failed' }), true);
  assert.strictEqual(r._isFinal(mk('flaky', 2, 2, 'passed'), { retry: 1, status: 'passed' }), true);
  assert.strictEqual(r._isFinal(mk('skipped', 1, 2, 'skipped'), { retry: 0, status: 'skipped' }), true);
  assert.strictEqual(r._isFinal(mk('unexpected', 1, 2, 'interrupted'), { retry: 0, status: 'interrupted' }), true);
  // test.fail() that passed: unexpected, so it is retried.
  assert.strictEqual(r._isFinal(mk('unexpected', 1, 1, 'passed'), { retry: 0, status: 'passed' }), false);
  // Serial groups rerun passing tests: wait for onEnd.
  const serial = { _parallelMode: 'serial' };
  assert.strictEqual(r._isFinal(mk('expected', 1, 1, 'passed', serial), { retry: 0, status: 'passed' }), false);
  assert.strictEqual(r._isFinal(mk('expected', 2, 1, 'passed', serial), { retry: 1, status: 'passed' }), true);
});

test('zip: round trip, CRC, stored and deflated entries, nested dirs', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'euriqa-zip-'));
  try {
    fs.mkdirSync(path.join(dir, 'data', 'deep'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.html'), '<html>' + 'x'.repeat(10000) + '</html>');
    const rnd = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251));
    fs.writeFileSync(path.join(dir, 'data', 'deep', 'blob.bin'), rnd);
    fs.writeFileSync(path.join(dir, 'empty.txt'), '');
    const out = path.join(dir, '..', path.basename(dir) + '.zip');
    const r = await zipDirectory(dir, out);
    assert.strictEqual(r.files, 3);
    const entries = readZip(fs.readFileSync(out));
    assert.deepStrictEqual([...entries.keys()].sort(), ['data/deep/blob.bin', 'empty.txt', 'index.html']);
    assert.ok(entries.get('data/deep/blob.bin').equals(rnd));
    assert.strictEqual(entries.get('empty.txt').length, 0);
    assert.strictEqual(crc32(Buffer.from('123456789')), 0xcbf43926);
    // An independent reader, when one is installed.
    try {
      execFileSync('python3', ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.namelist()))', out]);
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
    }
    fs.rmSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function server(handler) {
  return new Promise((resolve) => {
    const s = http.createServer(handler);
    s.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${s.address().port}`, close: () => new Promise((r) => { s.closeAllConnections(); s.close(r); }) }));
  });
}

test('client: honours Retry-After, gives up on 4xx, stops at the deadline', async () => {
  assert.strictEqual(parseRetryAfter('2'), 2000);
  assert.strictEqual(parseRetryAfter(undefined), undefined);
  let n = 0;
  const s = await server((req, res) => {
    n++;
    if (req.url === '/429' && n === 1) { res.writeHead(429, { 'Retry-After': '1' }); return res.end('{}'); }
    if (req.url === '/400') { res.writeHead(400, { 'Content-Type': 'application/json' }); return res.end('{"error":{"code":"VALIDATION_ERROR","message":"bad"}}'); }
    if (req.url === '/hang') return; // never answers
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"ok":true}');
  });
  const problems = [];
  // A generous timeout where the point is the answer (a loaded machine must not turn
  // the 429 into a timeout and a quick retry), a short one where it is the timeout.
  const patient = new Client({ url: s.url, apiKey: 'k', requestTimeoutMs: 5000, maxAttempts: 3, maxBackoffMs: 100, onProblem: (m) => problems.push(m) });
  const c = new Client({ url: s.url, apiKey: 'k', requestTimeoutMs: 300, maxAttempts: 3, maxBackoffMs: 100, onProblem: (m) => problems.push(m) });
  try {
    let t = Date.now();
    const a = await patient.request('GET', '/429');
    assert.ok(a.ok && Date.now() - t >= 950, 'waited for Retry-After');
    n = 0;
    const b = await patient.request('GET', '/400');
    assert.ok(!b.ok && b.permanent && n === 1, 'no retry on 400');
    t = Date.now();
    const h = await c.request('GET', '/hang');
    assert.ok(!h.ok && Date.now() - t < 3000, 'timeouts are retried a bounded number of times');
    c.setDeadline(Date.now() + 200);
    t = Date.now();
    const d = await c.request('GET', '/hang');
    assert.ok(!d.ok && Date.now() - t < 700, 'deadline bounds the request');
    assert.ok(problems.length >= 2);
  } finally {
    await s.close();
  }
});

test('pacing: the batches left in the window are spread over it, two kept for the flush', () => {
  const { paceDelay } = Reporter;
  const h = (o) => ({ get: (n) => (n in o ? String(o[n]) : null) });
  assert.deepStrictEqual(parseRateLimit(h({ 'ratelimit-limit': 60, 'ratelimit-remaining': 12, 'ratelimit-reset': 30 })), { remaining: 12, resetMs: 30000 });
  assert.strictEqual(parseRateLimit(h({})), undefined); // limits off: no headers, no pacing
  assert.strictEqual(paceDelay(undefined, 1000), 0);
  // 12 left, 30 s to go: one every 3 s (10 spare).
  assert.strictEqual(paceDelay({ remaining: 12, resetMs: 30000, at: 1000 }, 1000), 3000);
  assert.strictEqual(paceDelay({ remaining: 12, resetMs: 30000, at: 1000 }, 2500), 1500);
  assert.strictEqual(paceDelay({ remaining: 12, resetMs: 30000, at: 1000 }, 5000), 0);
  // Plenty left: almost no wait.
  assert.ok(paceDelay({ remaining: 59, resetMs: 60000, at: 0 }, 0) <= 1100);
  // The reserve reached: wait for the window to end; after it, go.
  assert.strictEqual(paceDelay({ remaining: 2, resetMs: 20000, at: 1000 }, 6000), 15000);
  assert.strictEqual(paceDelay({ remaining: 0, resetMs: 20000, at: 1000 }, 21000), 0);
});

test('reporter never throws, whatever it is given', async () => {
  const writes = [];
  const orig = process.stderr.write.bind(process.stderr);
  process.stderr.write = (s) => { writes.push(String(s)); return true; };
  try {
    const r = new Reporter({ url: 'http://127.0.0.1:9', apiKey: 'k', flushTimeoutMs: 1000, requestTimeoutMs: 200, maxAttempts: 1 });
    r.onBegin(undefined, undefined);
    r.onBegin({}, { allTests: () => { throw new Error('x'); } });
    r.onTestEnd({}, {});
    r.onTestEnd(null, null);
    r.onError(undefined);
    const t = Date.now();
    const res = await r.onEnd({ status: 'passed', duration: 1 });
    await r.onExit();
    assert.strictEqual(res, undefined);
    assert.ok(Date.now() - t < 3000);
    const off = new Reporter({ enabled: false });
    off.onBegin({}, { allTests: () => [] });
    assert.strictEqual(await off.onEnd({ status: 'passed' }), undefined);
  } finally {
    process.stderr.write = orig;
  }
  assert.ok(writes.length >= 1 && writes.every((w) => w.startsWith('[euriqa]')), writes.join(''));
});

test('quarantine: only quarantines in force at onEnd cover failures', async () => {
  const now = Date.now();
  const listed = [
    { filePath: 'a.spec.ts', fullTitle: 'A > open-ended', expiresAt: null },
    { filePath: 'a.spec.ts', fullTitle: 'A > later', expiresAt: new Date(now + 3600e3).toISOString() },
    { filePath: 'a.spec.ts', fullTitle: 'A > ending soon', expiresAt: new Date(now + 1000).toISOString() },
  ];
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(req.url.startsWith('/api/quarantine') ? { data: listed } : {}));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const r = new Reporter({ url: `http://127.0.0.1:${server.address().port}`, apiKey: 'k', projectId: 'p',
      quarantine: true, flushTimeoutMs: 2000, requestTimeoutMs: 1000, maxAttempts: 1 });
    const q = await r._fetchQuarantine();
    const failed = (fullTitle) => ({ filePath: 'a.spec.ts', fullTitle, status: 'failed' });
    assert.strictEqual(r._covered(q, failed('A > open-ended'), now), true);
    assert.strictEqual(r._covered(q, failed('A > later'), now), true);
    assert.strictEqual(r._covered(q, failed('A > ending soon'), now), true);
    assert.strictEqual(r._covered(q, failed('A > ending soon'), now + 2000), false);  // expired during the run
    assert.strictEqual(r._covered(q, failed('A > not listed'), now), false);
    assert.strictEqual(r._covered(q, { ...failed('A > later'), filePath: 'b.spec.ts' }, now), false);
  } finally {
    server.close();
  }
});
