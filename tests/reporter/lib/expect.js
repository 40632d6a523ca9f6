'use strict';
// What Euriqa should hold for a Playwright run, derived from Playwright's own JSON report by the
// rules of packaging/playwright-reporter/MAPPING.md (the reporter and `euriqa import` must both
// match it), plus small comparison helpers.

const path = require('node:path');
const { stripAnsi, mapError } = require('../../../packaging/playwright-reporter/lib/mapping');

function stepsFromJson(steps) {
  return (steps || []).map((s) => {
    const o = { title: s.title, duration: Math.round(s.duration) };
    if (s.steps && s.steps.length) o.steps = stepsFromJson(s.steps);
    return o;
  });
}

/** Stored steps (every category) reduced the way the JSON report reduces them: test.step only. */
function testStepsOnly(steps) {
  return (steps || []).filter((s) => s.category === 'test.step').map((s) => {
    const o = { title: s.title, duration: s.duration };
    const kids = testStepsOnly(s.steps);
    if (kids.length) o.steps = kids;
    return o;
  });
}

function artifactTypeOf(a) {
  const ct = String(a.contentType || '').toLowerCase();
  if (ct.startsWith('image/')) return 'screenshot';
  if (ct.startsWith('video/')) return 'video';
  if (ct === 'application/zip' && a.name === 'trace') return 'trace';
  return undefined;
}

/**
 * @returns {Map<string, object>} key `${filePath} :: ${fullTitle}` → expected test, with
 *   `_artifacts: [{type, fileName, path}]` and `_results` (raw JSON results).
 */
function expectedTests(report) {
  const out = new Map();
  const walk = (suite, describes) => {
    for (const spec of suite.specs || []) {
      for (const t of spec.tests) {
        const results = t.results || [];
        const last = results[results.length - 1];
        let status;
        if (t.status === 'flaky') status = 'flaky';
        else if (t.status === 'unexpected') status = 'failed';
        else if (t.status === 'skipped') status = 'skipped';
        else status = last && last.status === 'skipped' ? 'skipped' : 'passed';
        let failed;
        for (let i = results.length - 1; i >= 0; i--) if (results[i].error) { failed = results[i]; break; }
        const parts = [...describes, spec.title];
        const fullTitle = (t.projectName ? [t.projectName, ...parts] : parts).join(' > ');
        const exp = {
          title: spec.title,
          fullTitle,
          filePath: spec.file,
          lineNumber: spec.line,
          status,
          duration: Math.round(results.reduce((s, r) => s + r.duration, 0)),
          retries: results.length - 1,
          attempt: results.length,
          isFlaky: status === 'flaky',
          tags: (spec.tags || []).map((x) => '@' + x),
          annotations: (t.annotations || []).map((a) => (a.description === undefined ? { type: a.type } : { type: a.type, description: a.description })),
          error: failed ? mapError(failed.error) : null,
          steps: last ? stepsFromJson(last.steps) : [],
          stdout: results.map((r) => (r.stdout || []).map((c) => c.text ?? Buffer.from(c.buffer, 'base64').toString()).join('')).join(''),
          stderr: results.map((r) => (r.stderr || []).map((c) => c.text ?? Buffer.from(c.buffer, 'base64').toString()).join('')).join(''),
          _artifacts: [],
          _results: results,
        };
        for (const r of results) {
          for (const a of r.attachments || []) {
            const type = artifactTypeOf(a);
            if (type && a.path) exp._artifacts.push({ type, fileName: path.basename(a.path), path: a.path });
          }
        }
        out.set(`${exp.filePath} :: ${exp.fullTitle}`, exp);
      }
    }
    for (const s of suite.suites || []) walk(s, [...describes, s.title]);
  };
  for (const fileSuite of report.suites || []) walk(fileSuite, []);
  return out;
}

function countsOf(tests) {
  const c = { totalTests: 0, passedTests: 0, failedTests: 0, skippedTests: 0, flakyTests: 0 };
  for (const t of tests) {
    c.totalTests++;
    c[{ passed: 'passedTests', failed: 'failedTests', skipped: 'skippedTests', flaky: 'flakyTests' }[t.status]]++;
  }
  return c;
}

function canon(v) {
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === 'object') {
    const o = {};
    // Absent, null, "" and [] all mean "nothing" (the server answers null for an omitted field).
    for (const k of Object.keys(v).sort()) {
      const x = v[k];
      if (x === undefined || x === null || x === '' || (Array.isArray(x) && x.length === 0)) continue;
      o[k] = canon(x);
    }
    return o;
  }
  return v;
}

function same(a, b) {
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

function hasAnsi(v) {
  return /\u001b\[/.test(JSON.stringify(v || ''));
}

module.exports = { expectedTests, countsOf, testStepsOnly, stepsFromJson, same, canon, hasAnsi, stripAnsi };
