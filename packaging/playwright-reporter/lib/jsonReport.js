'use strict';
// Writes a file in the shape of Playwright's JSON report (reporter 'json', v1.4x–1.6x) so that
// `euriqa import FILE` can send later what the reporter could not send now. Extra data the JSON
// report lacks (the run fields the reporter computed, what was left unsent) goes under a
// top-level `euriqa` key that other readers ignore.

const fs = require('node:fs');
const path = require('node:path');
const { relPath } = require('./mapping');

function posix(p) {
  return p ? p.split(path.sep).join('/') : p;
}

function loc(rootDir, location) {
  if (!location) return { file: '', line: 0, column: 0 };
  return { file: relPath(rootDir, location.file), line: location.line, column: location.column };
}

function stdio(chunks) {
  return (chunks || []).map((c) => (typeof c === 'string' ? { text: c } : { buffer: Buffer.from(c).toString('base64') }));
}

function serializeError(e) {
  if (!e) return e;
  const out = {};
  for (const k of ['message', 'stack', 'value', 'location', 'snippet', 'cause']) if (e[k] !== undefined) out[k] = e[k];
  return out;
}

function serializeStep(step) {
  const children = (step.steps || []).filter((s) => s.category === 'test.step');
  return {
    title: step.title,
    duration: step.duration,
    error: step.error ? serializeError(step.error) : undefined,
    steps: children.length ? children.map(serializeStep) : undefined,
  };
}

function serializeResult(r) {
  const steps = (r.steps || []).filter((s) => s.category === 'test.step');
  return {
    workerIndex: r.workerIndex,
    parallelIndex: r.parallelIndex,
    status: r.status,
    duration: r.duration,
    error: r.error ? serializeError(r.error) : undefined,
    errors: (r.errors || []).map((e) => ({ message: e.message || e.value || '', location: e.location })),
    stdout: stdio(r.stdout),
    stderr: stdio(r.stderr),
    retry: r.retry,
    steps: steps.length ? steps.map(serializeStep) : undefined,
    startTime: r.startTime instanceof Date ? r.startTime.toISOString() : r.startTime,
    annotations: r.annotations || [],
    attachments: (r.attachments || []).map((a) => ({
      name: a.name,
      contentType: a.contentType,
      path: a.path,
      body: a.body ? Buffer.from(a.body).toString('base64') : undefined,
    })),
  };
}

function projectOf(suite) {
  try {
    return suite.project ? suite.project() : undefined;
  } catch {
    return undefined;
  }
}

function serializeSuite(rootDir, projectName, suite, include) {
  const suites = (suite.suites || []).map((s) => serializeSuite(rootDir, projectName, s, include)).filter(Boolean);
  const tests = (suite.tests || []).filter(include);
  if (!tests.length && !suites.length) return null;
  return {
    title: suite.title,
    ...loc(rootDir, suite.location),
    specs: tests.map((test) => ({
      title: test.title,
      ok: test.ok(),
      tags: (test.tags || []).map((t) => (t.startsWith('@') ? t.substring(1) : t)),
      tests: [{
        timeout: test.timeout,
        annotations: test.annotations,
        expectedStatus: test.expectedStatus,
        projectId: projectName,
        projectName,
        results: (test.results || []).map(serializeResult),
        status: test.outcome(),
      }],
      id: test.id,
      ...loc(rootDir, test.location),
    })),
    suites: suites.length ? suites : undefined,
  };
}

function sameLoc(a, b) {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}

function mergeInto(to, from) {
  for (const fs2 of from.suites || []) {
    const t = (to.suites || []).find((s) => s.title === fs2.title && sameLoc(s, fs2));
    if (t) mergeInto(t, fs2);
    else (to.suites = to.suites || []).push(fs2);
  }
  for (const spec of from.specs || []) {
    const t = to.specs.find((s) => s.title === spec.title && sameLoc(s, spec));
    if (t) t.tests.push(...spec.tests);
    else to.specs.push(spec);
  }
}

/**
 * @param {object} a
 * @param {import('@playwright/test/reporter').FullConfig} a.config
 * @param {import('@playwright/test/reporter').Suite} a.rootSuite
 * @param {(test:any)=>boolean} [a.include]  which tests to write (default all)
 */
function buildReport({ config, rootSuite, include = () => true, errors = [], result, euriqa }) {
  const rootDir = config.rootDir;
  const byFile = new Map();
  for (const projectSuite of rootSuite ? rootSuite.suites : []) {
    const project = projectOf(projectSuite);
    const projectName = project ? project.name : projectSuite.title;
    for (const fileSuite of projectSuite.suites || []) {
      const s = serializeSuite(rootDir, projectName, fileSuite, include);
      if (!s) continue;
      const key = fileSuite.location ? fileSuite.location.file : fileSuite.title;
      if (!byFile.has(key)) byFile.set(key, []);
      byFile.get(key).push(s);
    }
  }
  const suites = [];
  for (const list of byFile.values()) {
    const merged = { title: list[0].title, file: list[0].file, column: 0, line: 0, specs: [] };
    for (const s of list) mergeInto(merged, s);
    suites.push(merged);
  }
  const stats = { startTime: undefined, duration: result ? result.duration : 0, expected: 0, skipped: 0, unexpected: 0, flaky: 0 };
  if (result && result.startTime instanceof Date) stats.startTime = result.startTime.toISOString();
  for (const t of rootSuite ? rootSuite.allTests() : []) if (include(t)) stats[t.outcome()]++;
  return {
    config: {
      configFile: config.configFile ? posix(config.configFile) : undefined,
      rootDir: posix(rootDir),
      forbidOnly: config.forbidOnly,
      fullyParallel: config.fullyParallel,
      globalTimeout: config.globalTimeout,
      maxFailures: config.maxFailures,
      metadata: config.metadata,
      shard: config.shard,
      version: config.version,
      workers: config.workers,
      projects: (config.projects || []).map((p) => ({
        outputDir: posix(p.outputDir),
        repeatEach: p.repeatEach,
        retries: p.retries,
        metadata: p.metadata,
        id: p.name,
        name: p.name,
        testDir: posix(p.testDir),
        timeout: p.timeout,
        use: p.use ? {
          browserName: p.use.browserName,
          defaultBrowserType: p.use.defaultBrowserType,
          viewport: p.use.viewport,
        } : undefined,
      })),
    },
    suites,
    errors: errors.map((e) => ({ message: e.message || e.value || '', location: e.location })),
    stats,
    euriqa,
  };
}

function writeReport(file, report) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
}

module.exports = { buildReport, writeReport };
