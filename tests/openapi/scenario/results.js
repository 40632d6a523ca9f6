'use strict';
// Results as CI sends them, with the project's API key: two runs of one branch (the
// second a two-shard CI build) with suites, nested steps, failures and a flaky test;
// then every read of them: runs, builds, comparisons, rows, tests, history, suites,
// failure groups, the test explorer, flakiness and quarantine. Sets ctx.runId/ctx.testId.
const assert = require('node:assert/strict');

const FILE = 'tests/login.spec.ts';

function result(title, status, extra = {}) {
  return { title, fullTitle: `Login > ${title}`, filePath: FILE, status, duration: 1200, ...extra };
}

const failure = (ms) => ({ message: `Timed out ${ms}ms waiting for locator('.dashboard')`, stack: 'Error: Timed out\n    at login.spec.ts:42:5' });

async function startRun(ctx, json) {
  const run = await ctx.api.call('POST', '/api/runs', { as: ctx.key, json: { status: 'running', branch: 'main', ...json }, expect: 201 });
  return run.body.id;
}

module.exports = async function results(ctx) {
  const { api } = ctx;
  const as = ctx.key;

  // Run 1: one test by one, three in a batch, suites.
  const first = await startRun(ctx, {
    projectId: ctx.projectId, commitSha: 'a1b2c3d', commitMessage: 'Add login tests', commitAuthor: 'jane@example.com',
    ciProvider: 'github-actions', ciBuildId: 'build-1', ciBuildUrl: 'https://ci.example.com/1', playwrightVersion: '1.65.1',
    workers: 2, browser: 'chromium', os: 'linux', viewport: '1280x720', hostname: 'runner-1', runTitle: 'Login',
    tags: ['smoke'], grepPatterns: ['@smoke'],
  });
  const suite = await api.call('POST', '/api/test-suites', { as, json: { runId: first, title: 'Login', filePath: FILE }, expect: 201 });
  await api.call('POST', '/api/test-suites', { as, json: { runId: first, title: 'Login', filePath: FILE }, expect: 200 });
  await api.call('POST', '/api/test-suites',
    { as, json: { runId: first, title: 'Form', filePath: FILE, parentSuiteId: suite.body.id }, expect: 201 });
  const one = await api.call('POST', '/api/tests', {
    as, expect: 201,
    json: {
      runId: first, ...result('shows the form', 'passed'), lineNumber: 12, retries: 0, attempt: 1, isFlaky: false,
      tags: ['@smoke'], annotations: [{ type: 'slow', description: 'network' }], stdout: 'hello\n', stderr: '',
      steps: [{ title: 'open /login', category: 'pw:api', status: 'passed', duration: 80, steps: [{ title: 'goto', duration: 60 }] }],
    },
  });
  ctx.testId = one.body.id;
  await api.call('POST', '/api/tests/batch', {
    as, expect: 201,
    json: {
      runId: first,
      tests: [result('submits', 'failed', { error: failure(5000) }), result('remembers me', 'flaky', { retries: 1, isFlaky: true }),
        result('signs out', 'skipped')],
    },
  });
  await api.call('POST', '/api/tests/batch', { as, json: { runId: first, tests: [{ title: 'no status' }] }, invalid: true, expect: 400 });
  await api.call('PATCH', `/api/runs/${first}`, { as, json: { status: 'failed' }, expect: 200 });

  // Run 2: a two-shard build on the same branch; "submits" still fails, "signs out" now fails.
  const shards = [];
  for (const shardCurrent of [1, 2]) {
    shards.push(await startRun(ctx, { ciBuildId: 'build-2', shardCurrent, shardTotal: 2, commitSha: 'e4f5a6b' }));
  }
  await api.call('POST', '/api/tests/batch', {
    as, expect: 201,
    json: { runId: shards[0], tests: [result('shows the form', 'passed'), result('submits', 'failed', { error: failure(7000) })] },
  });
  await api.call('POST', '/api/tests/batch', {
    as, expect: 201,
    json: { runId: shards[1], tests: [result('signs out', 'failed', { error: { message: 'expected 1 to be 2' } })] },
  });
  for (const id of shards) {
    await api.call('PATCH', `/api/runs/${id}`,
      { as, json: { status: 'failed', totalTests: 2, passedTests: 1, failedTests: 1, skippedTests: 0, flakyTests: 0, duration: 5000 }, expect: 200 });
  }
  ctx.runId = shards[0];

  // Runs and builds.
  await api.call('GET', '/api/runs?branch=main&limit=10', { as, expect: 200 });
  await api.call(
    'GET', `/api/runs?projectId=${ctx.projectId}&status=failed&search=Login&from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`,
    { as: ctx.owner, expect: 200 });
  await api.call('GET', '/api/runs?limit=500', { as, expect: 400 });
  await api.call('GET', '/api/runs', { expect: 401 });
  const detail = await api.call('GET', `/api/runs/${shards[0]}`, { as, expect: 200 });
  assert.equal(detail.body.comparison.base.runId, first);
  await api.call('GET', '/api/runs/run_doesnotexist00000000', { as, expect: 404 });
  await api.call('GET', `/api/runs/${shards[0]}/compare`, { as, expect: 200 });
  await api.call('GET', `/api/runs/${first}/compare`, { as, expect: 200 }); // no base
  await api.call('GET', `/api/runs/${shards[0]}/compare?baseRunId=${first}`, { as, expect: 200 });
  await api.call('GET', `/api/runs/${first}/rows`, { as, expect: 200 });
  const groups = await api.call('GET', `/api/runs/${first}/failure-groups`, { as, expect: 200 });
  await api.call('GET', '/api/builds?branch=main', { as, expect: 200 });
  await api.call('GET', '/api/builds/build-2', { as, expect: 200 });
  await api.call('GET', '/api/builds/no-such-build', { as, expect: 404 });
  await api.call('GET', '/api/builds/build-2/compare', { as, expect: 200 });
  await api.call('GET', '/api/builds/build-2/compare?baseCiBuildId=build-1', { as, expect: 200 });

  // Tests, suites, failure groups.
  await api.call('GET', `/api/tests?runId=${first}&status=failed&search=submits`, { as, expect: 200 });
  await api.call('GET', `/api/tests?errorSignature=${groups.body.data[0].signature}`, { as, expect: 200 });
  await api.call('GET', `/api/tests/${ctx.testId}`, { as, expect: 200 });
  await api.call('GET', `/api/tests/${ctx.testId}/steps`, { as, expect: 200 });
  await api.call('GET', `/api/tests/${ctx.testId}/history`, { as, expect: 200 });
  await api.call('GET', `/api/test-suites?runId=${first}`, { as, expect: 200 });
  await api.call('GET', '/api/test-suites', { as, expect: 400 });
  await api.call('GET', '/api/failure-groups?branch=main&from=2020-01-01T00:00:00Z', { as, expect: 200 });

  // The test explorer.
  await api.call('GET', '/api/test-cases?sort=p95Duration&order=asc&search=Login', { as, expect: 200 });
  await api.call('GET', '/api/test-cases?sort=nonsense', { as, expect: 400 });
  await api.call('GET', `/api/test-cases/${ctx.testId}/results?limit=5`, { as, expect: 200 });
  await api.call('GET', `/api/test-cases/${ctx.testId}/trend?days=7`, { as, expect: 200 });

  // Flakiness and quarantine.
  await api.call('GET', '/api/flakiness?minScore=0', { as, expect: 200 });
  const until = new Date(Date.now() + 7 * 86400000).toISOString();
  await api.call('POST', '/api/flakiness', {
    as, expect: 200,
    json: { testId: ctx.testId, isQuarantined: true, reason: 'flaky login', issueUrl: 'https://issues.example.com/7', expiresAt: until },
  });
  await api.call('GET', '/api/flakiness?quarantined=true', { as, expect: 200 });
  await api.call('GET', '/api/quarantine', { as, expect: 200 });
  await api.call('POST', '/api/flakiness', { as: ctx.owner, json: { projectId: ctx.projectId, testId: ctx.testId, isQuarantined: false }, expect: 200 });
  await api.call('GET', `/api/quarantine/events?testId=${ctx.testId}`, { as, expect: 200 });

  // Deleting a run (its results go with it).
  await api.call('DELETE', `/api/runs/${shards[1]}`, { as, expect: 200 });
  await api.call('DELETE', `/api/runs/${shards[1]}`, { as, expect: 404 });
};
