'use strict';
// Playwright → Euriqa field mapping (see MAPPING.md). Pure functions, no I/O except `git`.

const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');

// ANSI escape sequences: CSI (ESC [ … final byte), OSC (ESC ] … BEL/ST) and two-byte escapes.
// eslint-disable-next-line no-control-regex
const ANSI_RE = /[\u001b\u009b](?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;

function stripAnsi(s) {
  if (typeof s !== 'string') return s;
  return s.replace(ANSI_RE, '');
}

function nonEmpty(v) {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

// ---------------------------------------------------------------------------------------
// Run fields

/** CI provider detection, first match wins (MAPPING.md). */
function detectCi(env = process.env) {
  const e = (k) => nonEmpty(env[k]);
  if (env.GITHUB_ACTIONS === 'true') {
    const server = e('GITHUB_SERVER_URL');
    const repo = e('GITHUB_REPOSITORY');
    const id = e('GITHUB_RUN_ID');
    return {
      ciProvider: 'github-actions',
      branch: e('GITHUB_HEAD_REF') || e('GITHUB_REF_NAME'),
      commitSha: e('GITHUB_SHA'),
      ciBuildId: id,
      ciBuildUrl: server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined,
    };
  }
  if (e('GITLAB_CI')) {
    return {
      ciProvider: 'gitlab-ci',
      branch: e('CI_COMMIT_REF_NAME'),
      commitSha: e('CI_COMMIT_SHA'),
      commitMessage: e('CI_COMMIT_MESSAGE'),
      commitAuthor: e('CI_COMMIT_AUTHOR'),
      ciBuildId: e('CI_PIPELINE_ID'),
      ciBuildUrl: e('CI_PIPELINE_URL'),
    };
  }
  if (e('JENKINS_URL')) {
    return {
      ciProvider: 'jenkins',
      branch: e('BRANCH_NAME') || e('GIT_BRANCH'),
      commitSha: e('GIT_COMMIT'),
      ciBuildId: e('BUILD_ID'),
      ciBuildUrl: e('BUILD_URL'),
    };
  }
  if (e('CIRCLECI')) {
    return {
      ciProvider: 'circleci',
      branch: e('CIRCLE_BRANCH'),
      commitSha: e('CIRCLE_SHA1'),
      ciBuildId: e('CIRCLE_WORKFLOW_ID') || e('CIRCLE_BUILD_NUM'),
      ciBuildUrl: e('CIRCLE_BUILD_URL'),
    };
  }
  if (e('BUILDKITE')) {
    return {
      ciProvider: 'buildkite',
      branch: e('BUILDKITE_BRANCH'),
      commitSha: e('BUILDKITE_COMMIT'),
      commitMessage: e('BUILDKITE_MESSAGE'),
      commitAuthor: e('BUILDKITE_BUILD_AUTHOR_EMAIL'),
      ciBuildId: e('BUILDKITE_BUILD_ID'),
      ciBuildUrl: e('BUILDKITE_BUILD_URL'),
    };
  }
  if (e('TF_BUILD')) {
    const coll = e('SYSTEM_COLLECTIONURI');
    const proj = e('SYSTEM_TEAMPROJECT');
    const id = e('BUILD_BUILDID');
    return {
      ciProvider: 'azure-pipelines',
      branch: e('BUILD_SOURCEBRANCHNAME'),
      commitSha: e('BUILD_SOURCEVERSION'),
      commitMessage: e('BUILD_SOURCEVERSIONMESSAGE'),
      commitAuthor: e('BUILD_REQUESTEDFOREMAIL'),
      ciBuildId: id,
      ciBuildUrl: coll && proj && id ? `${coll}${proj}/_build/results?buildId=${id}` : undefined,
    };
  }
  return {};
}

function git(args, cwd, timeoutMs) {
  return new Promise((resolve) => {
    try {
      execFile('git', args, { cwd, timeout: timeoutMs, windowsHide: true, maxBuffer: 1 << 20 },
        (err, stdout) => resolve(err ? undefined : nonEmpty(String(stdout))));
    } catch {
      resolve(undefined);
    }
  });
}

/** Git information of the working directory; missing pieces are undefined. Never rejects. */
async function gitInfo(cwd = process.cwd(), timeoutMs = 3000) {
  const [branch, commitSha, commitMessage, commitAuthor] = await Promise.all([
    git(['rev-parse', '--abbrev-ref', 'HEAD'], cwd, timeoutMs),
    git(['rev-parse', 'HEAD'], cwd, timeoutMs),
    git(['log', '-1', '--format=%s'], cwd, timeoutMs),
    git(['log', '-1', '--format=%ae'], cwd, timeoutMs),
  ]);
  // A detached HEAD answers "HEAD", which is no branch name.
  return { branch: branch === 'HEAD' ? undefined : branch, commitSha, commitMessage, commitAuthor };
}

/** Source-control and CI fields: EURIQA_* overrides > CI environment > git. */
async function sourceInfo(env = process.env, cwd = process.cwd()) {
  const ci = detectCi(env);
  const out = {
    branch: ci.branch,
    commitSha: ci.commitSha,
    commitMessage: ci.commitMessage,
    commitAuthor: ci.commitAuthor,
    ciProvider: ci.ciProvider,
    ciBuildId: ci.ciBuildId,
    ciBuildUrl: ci.ciBuildUrl,
  };
  const needGit = ['branch', 'commitSha', 'commitMessage', 'commitAuthor'].some(
    (k) => !out[k] && !nonEmpty(env['EURIQA_' + k.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase()]));
  if (needGit) {
    const g = await gitInfo(cwd);
    for (const k of ['branch', 'commitSha', 'commitMessage', 'commitAuthor']) if (!out[k]) out[k] = g[k];
  }
  const overrides = {
    branch: 'EURIQA_BRANCH',
    commitSha: 'EURIQA_COMMIT_SHA',
    commitMessage: 'EURIQA_COMMIT_MESSAGE',
    commitAuthor: 'EURIQA_COMMIT_AUTHOR',
    ciBuildId: 'EURIQA_CI_BUILD_ID',
    ciBuildUrl: 'EURIQA_CI_BUILD_URL',
  };
  for (const [k, name] of Object.entries(overrides)) if (nonEmpty(env[name])) out[k] = nonEmpty(env[name]);
  return out;
}

function viewportString(use) {
  if (!use || !('viewport' in use) || use.viewport === undefined) return '1280x720';
  const v = use.viewport;
  if (v && typeof v.width === 'number' && typeof v.height === 'number') return `${v.width}x${v.height}`;
  return undefined; // viewport: null (no fixed viewport)
}

function grepPatterns(grep) {
  const list = Array.isArray(grep) ? grep : grep ? [grep] : [];
  const sources = list.map((r) => (r instanceof RegExp ? r.source : String(r)));
  if (sources.length === 0) return undefined;
  if (sources.length === 1 && (sources[0] === '.*' || sources[0] === '(?:)')) return undefined;
  return sources;
}

function splitTags(s) {
  if (typeof s !== 'string') return undefined;
  const t = s.split(',').map((x) => x.trim()).filter(Boolean);
  return t.length ? t : undefined;
}

/** Run fields knowable from the Playwright config (no source/CI info). */
function configRunFields(config, options = {}, env = process.env) {
  const project = (config && config.projects && config.projects[0]) || {};
  const use = project.use || {};
  const shard = config && config.shard;
  return {
    projectId: options.projectId || undefined,
    playwrightVersion: config && config.version ? String(config.version) : undefined,
    workers: config && typeof config.workers === 'number' ? config.workers : undefined,
    shardCurrent: shard ? shard.current : undefined,
    shardTotal: shard ? shard.total : undefined,
    browser: use.browserName || use.defaultBrowserType || 'chromium',
    os: process.platform,
    viewport: viewportString(use),
    hostname: os.hostname(),
    runTitle: nonEmpty(options.runTitle) || nonEmpty(env.EURIQA_RUN_TITLE),
    tags: Array.isArray(options.tags) && options.tags.length ? options.tags.map(String) : splitTags(env.EURIQA_RUN_TAGS),
    grepPatterns: config ? grepPatterns(config.grep) : undefined,
  };
}

function compact(obj) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

// ---------------------------------------------------------------------------------------
// Test fields

function projectNameOf(test) {
  try {
    const p = test.parent && test.parent.project && test.parent.project();
    if (p && typeof p.name === 'string') return p.name;
  } catch { /* fall through */ }
  const tp = test.titlePath();
  return tp[1] || '';
}

/** describes + title joined with ' > ', prefixed with the project name when it has one. */
function fullTitleOf(test) {
  const tp = test.titlePath(); // ['', projectName, file, ...describes, title]
  const parts = tp.slice(3);
  const project = tp[1] || '';
  return (project ? [project, ...parts] : parts).join(' > ');
}

function relPath(rootDir, file) {
  if (!file) return undefined;
  const rel = rootDir ? path.relative(rootDir, file) : file;
  return rel.split(path.sep).join('/');
}

// The first line whose trimmed text starts with `label` and holds a `:`; the rest after that
// first `:`, trimmed (MAPPING.md). `Expected: 3`, `Expected string: "x"` → `3`, `"x"`.
function firstLineValue(message, label) {
  for (const line of String(message).split('\n')) {
    const t = line.trim();
    if (!t.startsWith(label)) continue;
    const i = t.indexOf(':');
    if (i < 0) continue;
    return t.slice(i + 1).trim();
  }
  return undefined;
}

/** {message, stack, expected?, actual?, location?} with ANSI codes stripped. */
function mapError(err) {
  if (!err) return null;
  const message = stripAnsi(err.message || err.value || '') || '';
  const out = { message };
  if (err.stack) out.stack = stripAnsi(err.stack);
  const expected = firstLineValue(message, 'Expected');
  const actual = firstLineValue(message, 'Received');
  if (expected !== undefined) out.expected = expected;
  if (actual !== undefined) out.actual = actual;
  if (err.location && err.location.file) {
    out.location = { file: err.location.file, line: err.location.line, column: err.location.column };
  }
  return out;
}

function mapStep(step) {
  const out = {
    title: stripAnsi(step.title),
    category: step.category,
    status: step.error ? 'failed' : 'passed',
    duration: Math.max(0, Math.round(step.duration || 0)),
    error: step.error ? mapError(step.error) : null,
  };
  if (step.steps && step.steps.length) out.steps = step.steps.map(mapStep);
  return out;
}

function chunkText(c) {
  if (typeof c === 'string') return c;
  if (c && Buffer.isBuffer(c)) return c.toString('utf8');
  return c == null ? '' : String(c);
}

function finalStatus(test, results) {
  const outcome = test.outcome();
  const last = results[results.length - 1];
  if (outcome === 'flaky') return 'flaky';
  if (outcome === 'unexpected') return 'failed';
  if (outcome === 'skipped') return 'skipped';
  return last && last.status === 'skipped' ? 'skipped' : 'passed';
}

/**
 * Maps a test and the results of all its attempts (in order) to an Euriqa test object.
 * `results` defaults to test.results.
 */
function mapTest(test, results, rootDir) {
  results = results && results.length ? results : test.results || [];
  const status = finalStatus(test, results);
  const last = results[results.length - 1];
  let lastFailed;
  for (let i = results.length - 1; i >= 0; i--) {
    const r = results[i];
    if ((r.errors && r.errors.length) || r.error) { lastFailed = r; break; }
  }
  const firstError = lastFailed ? (lastFailed.errors && lastFailed.errors[0]) || lastFailed.error : undefined;
  const out = {
    title: test.title,
    fullTitle: fullTitleOf(test),
    filePath: relPath(rootDir, test.location && test.location.file),
    lineNumber: test.location ? test.location.line : undefined,
    status,
    duration: Math.max(0, Math.round(results.reduce((s, r) => s + (r.duration > 0 ? r.duration : 0), 0))),
    retries: results.length ? results.length - 1 : undefined,
    attempt: results.length ? results.length : undefined,
    isFlaky: status === 'flaky',
    tags: Array.isArray(test.tags) ? [...test.tags] : [],
    annotations: (test.annotations || []).map((a) => compact({ type: a.type, description: a.description })),
    error: firstError ? mapError(firstError) : null,
    steps: last && last.steps ? last.steps.map(mapStep) : [],
    stdout: results.map((r) => (r.stdout || []).map(chunkText).join('')).join(''),
    stderr: results.map((r) => (r.stderr || []).map(chunkText).join('')).join(''),
  };
  return compact(out);
}

// ---------------------------------------------------------------------------------------
// Artifacts

const EXT_BY_TYPE = {
  'image/png': '.png', 'image/jpeg': '.jpg', 'image/webp': '.webp', 'image/gif': '.gif',
  'video/webm': '.webm', 'video/mp4': '.mp4', 'video/x-msvideo': '.avi', 'video/quicktime': '.mov',
  'application/zip': '.zip',
};

function artifactType(att) {
  const ct = String(att.contentType || '').toLowerCase();
  if (ct.startsWith('image/')) return 'screenshot';
  if (ct.startsWith('video/')) return 'video';
  if (ct === 'application/zip' && att.name === 'trace') return 'trace';
  return undefined;
}

/** The uploadable attachments of some results: [{type, name, contentType, path?|body?, fileName}] */
function artifactsOf(results) {
  const out = [];
  for (const r of results) {
    for (const a of r.attachments || []) {
      const type = artifactType(a);
      if (!type || (!a.path && !a.body)) continue;
      let fileName;
      if (a.path) fileName = path.basename(a.path);
      else {
        const ext = EXT_BY_TYPE[String(a.contentType).toLowerCase()] || '';
        fileName = (a.name || type).replace(/[\\/]/g, '_') + (ext && !String(a.name).endsWith(ext) ? ext : '');
      }
      out.push({ type, name: a.name, contentType: a.contentType, path: a.path, body: a.body, fileName });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Run status and counts

function countTests(tests) {
  const c = { totalTests: 0, passedTests: 0, failedTests: 0, skippedTests: 0, flakyTests: 0 };
  for (const t of tests) {
    c.totalTests++;
    if (t.status === 'passed') c.passedTests++;
    else if (t.status === 'failed') c.failedTests++;
    else if (t.status === 'skipped') c.skippedTests++;
    else if (t.status === 'flaky') c.flakyTests++;
  }
  return c;
}

function runStatus(playwrightStatus, counts) {
  if (playwrightStatus === 'interrupted') return 'cancelled';
  if (counts.failedTests > 0 || playwrightStatus === 'failed' || playwrightStatus === 'timedout') return 'failed';
  return 'passed';
}

module.exports = {
  stripAnsi,
  detectCi,
  gitInfo,
  sourceInfo,
  configRunFields,
  compact,
  fullTitleOf,
  projectNameOf,
  relPath,
  mapError,
  mapStep,
  mapTest,
  finalStatus,
  artifactsOf,
  artifactType,
  countTests,
  runStatus,
  grepPatterns,
  viewportString,
};
