'use strict';
// Euriqa reporter for Playwright Test. See README.md and MAPPING.md.
//
// Design rules:
//  - Every reporter method catches everything: a throw marks the run failed and a rejected
//    promise from onTestEnd crashes the runner.
//  - Network work happens in the background (a serial batch sender and a small upload pool);
//    onTestEnd only maps data and queues it.
//  - onEnd waits for the queue at most `flushTimeoutMs` (then aborts what is in flight) and
//    writes what it could not send to `outputFile` when configured.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client, sleep } = require('./lib/client');
const M = require('./lib/mapping');
const { buildReport, writeReport } = require('./lib/jsonReport');
const { zipDirectory } = require('./lib/zip');

const PREFIX = '[euriqa]';

function envBool(v) {
  if (v === undefined) return undefined;
  return /^(1|true|yes|on)$/i.test(String(v).trim());
}

function envNum(v) {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function resolveOptions(opts = {}, env = process.env) {
  const pick = (...vals) => vals.find((v) => v !== undefined && v !== null && v !== '');
  const o = {
    url: pick(opts.url, env.EURIQA_URL),
    apiKey: pick(opts.apiKey, env.EURIQA_API_KEY),
    projectId: pick(opts.projectId, env.EURIQA_PROJECT_ID),
    runTitle: opts.runTitle,
    tags: opts.tags,
    batchSize: pick(opts.batchSize, envNum(env.EURIQA_BATCH_SIZE), 200),
    flushIntervalMs: pick(opts.flushIntervalMs, envNum(env.EURIQA_FLUSH_INTERVAL_MS), 2000),
    flushTimeoutMs: pick(opts.flushTimeoutMs, envNum(env.EURIQA_FLUSH_TIMEOUT_MS), 30000),
    requestTimeoutMs: pick(opts.requestTimeoutMs, envNum(env.EURIQA_REQUEST_TIMEOUT_MS), 10000),
    maxAttempts: pick(opts.maxAttempts, 5),
    uploadConcurrency: pick(opts.uploadConcurrency, 2),
    uploadArtifacts: pick(opts.uploadArtifacts, envBool(env.EURIQA_UPLOAD_ARTIFACTS), true),
    htmlReport: pick(opts.htmlReport, env.EURIQA_HTML_REPORT),
    outputFile: pick(opts.outputFile, env.EURIQA_OUTPUT_FILE),
    quarantine: pick(opts.quarantine, envBool(env.EURIQA_QUARANTINE), false),
    enabled: pick(opts.enabled, envBool(env.EURIQA_ENABLED), true),
  };
  o.batchSize = Math.max(1, Math.min(1000, Math.floor(o.batchSize)));
  return o;
}

const PACE_RESERVE = 2; // batch requests kept for the final flush

/** How long to wait before the next batch request, given the budget the last answer named
 * ({remaining, resetMs, at}): its remaining requests spread evenly over what is left of
 * the window. */
function paceDelay(budget, now) {
  if (!budget) return 0;
  const resetAt = budget.at + budget.resetMs;
  if (now >= resetAt) return 0;
  const spare = budget.remaining - PACE_RESERVE;
  if (spare <= 0) return resetAt - now;
  return Math.max(0, budget.at + budget.resetMs / spare - now);
}

class EuriqaReporter {
  constructor(options = {}) {
    this.options = resolveOptions(options);
    this.entries = new Map(); // test.id → {test, queued, sent, id, unsent}
    this.pending = []; // entries waiting for a batch
    this.chain = Promise.resolve();
    this.kickScheduled = false;
    this.uploadQueue = [];
    this.activeUploads = 0;
    this.uploadWaiters = [];
    this.unsentArtifacts = [];
    this.sentArtifacts = 0;
    this.globalErrors = [];
    this.warned = false;
    this.problems = 0;
    this.lastProblem = '';
    this.runId = null;
    this.quarantined = null;
    this.enabled = !!(this.options.enabled && this.options.url && this.options.apiKey);
    if (this.options.enabled && !this.enabled) {
      this._warn(`${!this.options.url ? 'no url (option url or EURIQA_URL)' : 'no API key (option apiKey or EURIQA_API_KEY)'}; results are not sent` +
        (this.options.outputFile ? `, they will be written to ${this.options.outputFile}` : ''));
    }
    if (this.enabled) {
      this.client = new Client({
        url: this.options.url,
        apiKey: this.options.apiKey,
        requestTimeoutMs: this.options.requestTimeoutMs,
        maxAttempts: this.options.maxAttempts,
        maxBackoffMs: 8000,
        onProblem: (msg) => this._problem(msg),
      });
    }
  }

  printsToStdio() {
    return false;
  }

  // ---- warnings ------------------------------------------------------------------------

  _warn(msg) {
    try {
      process.stderr.write(`${PREFIX} ${msg}\n`);
    } catch { /* nothing left to do */ }
  }

  _problem(msg) {
    this.problems++;
    this.lastProblem = msg;
    if (this.warned) return;
    this.warned = true;
    this._warn(`cannot reach the server as expected: ${msg}. The test run is not affected; ` +
      'the reporter retries in the background within its time budget' +
      (this.options.outputFile ? ` and writes what it could not send to ${this.options.outputFile}.` : '.'));
  }

  _fault(where, e) {
    // A bug of ours: never let it reach Playwright.
    this._problem(`internal error in ${where}: ${e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e}`);
  }

  // ---- Playwright reporter API ---------------------------------------------------------

  onBegin(config, suite) {
    try {
      this.config = config;
      this.suite = suite;
      this.startedAt = Date.now();
      if (!this.enabled) return;
      this.runPromise = this._createRun().catch((e) => {
        this._fault('createRun', e);
        return null;
      });
      if (this.options.quarantine) {
        this.quarantinePromise = this._fetchQuarantine().catch((e) => {
          this._fault('quarantine', e);
          return null;
        });
      }
      this.timer = setInterval(() => {
        try {
          if (this.pending.length) this._kick();
        } catch (e) {
          this._fault('flush timer', e);
        }
      }, Math.max(50, this.options.flushIntervalMs));
      if (this.timer.unref) this.timer.unref();
    } catch (e) {
      this._fault('onBegin', e);
    }
  }

  onError(error) {
    try {
      this.globalErrors.push(error);
    } catch { /* ignore */ }
  }

  onTestEnd(test, result) {
    try {
      let entry = this.entries.get(test.id);
      if (!entry) {
        entry = { test, queued: false };
        this.entries.set(test.id, entry);
      }
      if (this._isFinal(test, result)) this._enqueue(entry);
    } catch (e) {
      this._fault('onTestEnd', e);
    }
  }

  async onEnd(result) {
    try {
      return await this._onEnd(result);
    } catch (e) {
      this._fault('onEnd', e);
      return undefined;
    }
  }

  async onExit() {
    try {
      if (this.deferredHtmlReport && this.enabled && !this.client.stopped) {
        this.client.setDeadline(Math.max(this.client.deadline, Date.now() + Math.min(10000, this.options.flushTimeoutMs)));
        const work = this._uploadHtmlReport(this.deferredHtmlReport, true);
        await Promise.race([work, sleep(Math.min(10000, this.options.flushTimeoutMs) + 1000)]);
      }
    } catch (e) {
      this._fault('onExit', e);
    }
  }

  // ---- finality ------------------------------------------------------------------------

  _inSerialSuite(test) {
    try {
      for (let p = test.parent; p; p = p.parent) if (p._parallelMode === 'serial') return true;
    } catch { /* private field missing: assume not */ }
    return false;
  }

  /** Whether this attempt is the test's last one in this run (see README "When a test is sent"). */
  _isFinal(test, result) {
    if (result.status === 'interrupted') return true;
    const attempts = test.results ? test.results.length : result.retry + 1;
    // A failed test in a serial group makes the whole group run again, passing tests included:
    // keep those until onEnd.
    if (this._inSerialSuite(test) && result.retry < test.retries) return false;
    const willRetry = test.outcome() === 'unexpected' && attempts <= test.retries;
    return !willRetry;
  }

  _rootDir() {
    return (this.config && this.config.rootDir) || process.cwd();
  }

  _enqueue(entry) {
    if (entry.queued) return;
    entry.queued = true;
    const test = entry.test;
    const results = test.results || [];
    entry.payload = M.mapTest(test, results, this._rootDir());
    entry.artifacts = this.enabled && this.options.uploadArtifacts ? M.artifactsOf(results) : [];
    if (!this.enabled) return;
    this.pending.push(entry);
    if (this.pending.length >= this.options.batchSize) this._kick();
  }

  // ---- sending -------------------------------------------------------------------------

  async _createRun() {
    if (!this.runFields) {
      const fields = M.configRunFields(this.config, this.options);
      const src = await M.sourceInfo(process.env, process.cwd());
      this.runFields = M.compact({ ...fields, ...src, status: 'running' });
    }
    const res = await this.client.request('POST', '/api/runs', { json: this.runFields });
    if (res.ok && res.body && res.body.id) {
      this.runId = res.body.id;
      this.projectId = this.options.projectId || res.body.projectId;
      return this.runId;
    }
    return null;
  }

  // The quarantine list as a Map from "filePath\0fullTitle" to the quarantine's end (ms since
  // the epoch, or null when it has none): the server lists only quarantines in force, and one
  // that ends while the run goes on no longer covers failures at onEnd (_covered).
  async _fetchQuarantine() {
    const set = new Map();
    let offset = 0;
    for (let page = 0; page < 50; page++) {
      const q = new URLSearchParams({ limit: '200', offset: String(offset) });
      if (this.options.projectId) q.set('projectId', this.options.projectId);
      const res = await this.client.request('GET', `/api/quarantine?${q}`);
      if (!res.ok) return null;
      const list = Array.isArray(res.body) ? res.body : (res.body && res.body.data) || [];
      for (const t of list) {
        if (!t || !t.fullTitle) continue;
        const ends = typeof t.expiresAt === 'string' ? Date.parse(t.expiresAt) : NaN;
        set.set(`${t.filePath || ''}\u0000${t.fullTitle}`, Number.isFinite(ends) ? ends : null);
      }
      offset += list.length;
      const total = res.body && typeof res.body.total === 'number' ? res.body.total : offset;
      if (!list.length || offset >= total || Array.isArray(res.body)) break;
    }
    this.quarantined = set;
    return set;
  }

  // Whether a quarantine read at onBegin still covers this result at time `now`.
  _covered(quarantined, payload, now) {
    const key = `${payload.filePath || ''}\u0000${payload.fullTitle}`;
    if (!quarantined.has(key)) return false;
    const ends = quarantined.get(key);
    return ends === null || ends > now;
  }

  _kick() {
    if (this.kickScheduled) return;
    this.kickScheduled = true;
    this.chain = this.chain.then(async () => {
      this.kickScheduled = false;
      while (this.pending.length) {
        // Tests that finish while a paced batch waits join it (up to 1,000 a request).
        await this._pace();
        const batch = this.pending.splice(0, 1000);
        await this._sendBatch(batch);
      }
    }).catch((e) => this._fault('batch sender', e));
  }

  /** Waits so that the batch requests left in the server's rate-limit window (from its
   * RateLimit-Remaining and RateLimit-Reset answers) last the window, two kept for the
   * final flush; shards sharing a key see the same budget and slow down together. Never
   * waits past the flush deadline (a 429 is then waited out as usual). */
  async _pace() {
    const wait = paceDelay(this.batchBudget, Date.now());
    if (wait <= 0 || Date.now() + wait >= this.client.deadline) return;
    this.client.stats.pacedMs = (this.client.stats.pacedMs || 0) + wait;
    await sleep(wait, this.client.stopper.signal);
  }

  /** The run id; when creating the run failed, tries again (at most every 10 s) so a server
   * that comes back during the run still gets it. */
  async _ensureRun() {
    const id = await this.runPromise;
    if (id || this.client.stopped) return id;
    if (this.runRetryAt && Date.now() < this.runRetryAt) return null;
    this.runRetryAt = Date.now() + 10000;
    this.runPromise = this._createRun().catch((e) => {
      this._fault('createRun', e);
      return null;
    });
    return this.runPromise;
  }

  async _sendBatch(batch) {
    const runId = await this._ensureRun();
    if (!runId) {
      for (const e of batch) e.unsent = true;
      return;
    }
    let items = batch;
    for (let round = 0; round < 5 && items.length; round++) {
      const json = { runId, tests: items.map((e) => e.payload) };
      if (this.options.projectId) json.projectId = this.options.projectId;
      const res = await this.client.request('POST', '/api/tests/batch', { json });
      if (res.rateLimit) this.batchBudget = { ...res.rateLimit, at: Date.now() };
      if (res.ok) {
        const data = (res.body && res.body.data) || [];
        items.forEach((e, i) => {
          e.sent = true;
          e.id = data[i] && data[i].id;
          if (e.id) for (const a of e.artifacts) this._enqueueUpload({ runId, testId: e.id, artifact: a });
          else for (const a of e.artifacts) this.unsentArtifacts.push(a);
        });
        return;
      }
      // One invalid item rejects the whole batch: set it aside and send the others.
      const idx = res.status === 400 && res.body && res.body.error && res.body.error.details
        ? Number(res.body.error.details.index) : NaN;
      if (Number.isInteger(idx) && idx >= 0 && idx < items.length) {
        items[idx].unsent = true;
        items[idx].rejected = true;
        items = items.filter((_, i) => i !== idx);
        continue;
      }
      break;
    }
    for (const e of items) if (!e.sent) e.unsent = true;
  }

  _enqueueUpload(job) {
    this.uploadQueue.push(job);
    this._pumpUploads();
  }

  _pumpUploads() {
    while (this.activeUploads < this.options.uploadConcurrency && this.uploadQueue.length) {
      const job = this.uploadQueue.shift();
      this.activeUploads++;
      this._upload(job)
        .catch((e) => {
          this.unsentArtifacts.push(job.artifact);
          this._fault('upload', e);
        })
        .finally(() => {
          this.activeUploads--;
          this._pumpUploads();
          if (!this.activeUploads && !this.uploadQueue.length) {
            const w = this.uploadWaiters;
            this.uploadWaiters = [];
            for (const r of w) r();
          }
        });
    }
  }

  _uploadsIdle() {
    if (!this.activeUploads && !this.uploadQueue.length) return Promise.resolve();
    return new Promise((r) => this.uploadWaiters.push(r));
  }

  async _upload({ runId, testId, artifact }) {
    let form;
    try {
      form = await Client.artifactForm(
        { type: artifact.type, runId, testId, projectId: this.options.projectId }, artifact);
    } catch (e) {
      this._problem(`cannot read attachment ${artifact.path || artifact.name}: ${e.message}`);
      this.unsentArtifacts.push(artifact);
      return;
    }
    const res = await this.client.request('POST', '/api/upload', { form: () => form });
    if (res.ok) this.sentArtifacts++;
    else this.unsentArtifacts.push(artifact);
  }

  _htmlReportDir() {
    const dir = this.options.htmlReport;
    if (!dir) return undefined;
    const base = this.config && this.config.configFile ? path.dirname(this.config.configFile) : process.cwd();
    return path.resolve(base, String(dir));
  }

  async _uploadHtmlReport(dir, late) {
    const runId = this.runId;
    if (!runId || this.client.stopped) return;
    if (!fs.existsSync(dir)) {
      if (late) this._problem(`HTML report directory ${dir} does not exist`);
      else this.deferredHtmlReport = dir; // another reporter may write it in its own onEnd/onExit
      return;
    }
    this.deferredHtmlReport = undefined;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'euriqa-report-'));
    const zipFile = path.join(tmp, 'playwright-report.zip');
    try {
      await zipDirectory(dir, zipFile);
      const artifact = { type: 'report', path: zipFile, fileName: 'playwright-report.zip', contentType: 'application/zip' };
      const form = await Client.artifactForm({ type: 'report', runId, projectId: this.options.projectId }, artifact);
      const res = await this.client.request('POST', '/api/upload', { form: () => form });
      if (res.ok) this.sentArtifacts++;
      else this.unsentArtifacts.push(artifact);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }

  // ---- the end ---------------------------------------------------------------------------

  async _onEnd(result) {
    const t0 = Date.now();
    if (this.timer) clearInterval(this.timer);
    // Tests without a final attempt yet (serial groups, tests that never ran): their state now is final.
    const all = this.suite ? this.suite.allTests() : [];
    for (const test of all) {
      let entry = this.entries.get(test.id);
      if (!entry) {
        entry = { test, queued: false };
        this.entries.set(test.id, entry);
      }
      this._enqueue(entry);
    }
    const payloads = [...this.entries.values()].map((e) => e.payload).filter(Boolean);
    const counts = M.countTests(payloads);
    let status = M.runStatus(result.status, counts);
    let override;

    if (this.enabled) this.client.setDeadline(t0 + this.options.flushTimeoutMs);

    // Quarantine: every failure a quarantined test → the run passes.
    if (this.enabled && this.options.quarantine && counts.failedTests > 0 && result.status === 'failed' &&
        !this.globalErrors.length) {
      const q = await Promise.race([this.quarantinePromise, sleep(Math.max(0, t0 + this.options.flushTimeoutMs - Date.now()))]);
      if (q instanceof Map) {
        const failed = payloads.filter((p) => p.status === 'failed');
        const now = Date.now();
        if (failed.every((p) => this._covered(q, p, now))) {
          status = 'passed';
          override = { status: 'passed' };
          this._warn(`quarantine: ignoring ${failed.length} failure(s) of quarantined test(s), the run passes:`);
          for (const p of failed) this._warn(`  - ${p.filePath} > ${p.fullTitle}`);
        }
      } else if (q === undefined || q === null) {
        this._warn('quarantine: the quarantine list could not be read; failures count as usual');
      }
    }

    if (this.enabled) {
      const htmlDir = this._htmlReportDir();
      const work = (async () => {
        // Results that failed earlier get one more chance when the run exists (now).
        if (await this._ensureRun()) {
          for (const e of this.entries.values()) {
            if (e.unsent && !e.sent && !e.rejected && e.payload) {
              e.unsent = false;
              this.pending.push(e);
            }
          }
        }
        this._kick();
        // Drain the batch sender (tests queued while a batch was in flight included).
        for (let i = 0; i < 100; i++) {
          await this.chain;
          if (!this.pending.length && !this.kickScheduled) break;
        }
        const runId = await this._ensureRun();
        if (runId) {
          const patch = { status, ...counts, duration: Math.round(result.duration || 0) };
          const patched = this.client.request('PATCH', `/api/runs/${encodeURIComponent(runId)}`, { json: patch })
            .then((res) => { this.patched = !!res.ok; });
          const html = htmlDir ? this._uploadHtmlReport(htmlDir, false).catch((e) => this._fault('html report', e)) : null;
          await Promise.all([patched, html, this._uploadsIdle()]);
        }
      })().catch((e) => this._fault('onEnd flush', e));
      const budget = Math.max(0, t0 + this.options.flushTimeoutMs - Date.now());
      let finished = false;
      await Promise.race([work.then(() => { finished = true; }), sleep(budget)]);
      if (!finished) {
        this.client.stop();
        this._problem(`flush budget of ${this.options.flushTimeoutMs} ms spent; giving up on what is left`);
        await Promise.race([work, sleep(1000)]);
        for (const job of this.uploadQueue.splice(0)) this.unsentArtifacts.push(job.artifact);
      }
    }

    this._finishOutput(result);
    return override;
  }

  _finishOutput(result) {
    const entries = [...this.entries.values()];
    const unsentTests = entries.filter((e) => !e.sent);
    const runMissing = !this.enabled || !this.runId;
    const somethingMissing = runMissing || unsentTests.length > 0 || !this.patched || this.unsentArtifacts.length > 0;
    if (!somethingMissing) return;
    const parts = [];
    if (this.enabled) {
      if (runMissing) parts.push('the run was not created');
      else if (!this.patched) parts.push('the run\'s final status was not sent');
      if (unsentTests.length) parts.push(`${unsentTests.length} of ${entries.length} test results`);
      if (this.unsentArtifacts.length) parts.push(`${this.unsentArtifacts.length} artifacts`);
    }
    let written = '';
    if (this.options.outputFile && this.config) {
      try {
        const file = path.resolve(String(this.options.outputFile));
        const report = buildReport({
          config: this.config,
          rootSuite: this.suite,
          errors: this.globalErrors,
          result,
          euriqa: {
            reporter: 'euriqa-playwright-reporter',
            runId: this.runId || null,
            run: this.runFields || M.compact({ ...M.configRunFields(this.config, this.options) }),
            unsent: {
              run: runMissing,
              finalStatus: !this.patched,
              tests: unsentTests.map((e) => e.payload && `${e.payload.filePath} > ${e.payload.fullTitle}`),
              artifacts: this.unsentArtifacts.map((a) => a.path || a.fileName),
            },
            lastError: this.lastProblem || undefined,
          },
        });
        writeReport(file, report);
        written = `; the whole run was written to ${file} (send it later with: euriqa import ${file})`;
      } catch (e) {
        written = `; writing ${this.options.outputFile} failed: ${e.message}`;
      }
    }
    if (this.enabled) {
      this._warn(`not sent: ${parts.join(', ')}${this.lastProblem ? ` (last error: ${this.lastProblem})` : ''}${written}`);
    } else if (written) {
      this._warn(written.replace(/^; /, ''));
    }
  }
}

module.exports = EuriqaReporter;
module.exports.default = EuriqaReporter;
module.exports.EuriqaReporter = EuriqaReporter;
module.exports.resolveOptions = resolveOptions;
module.exports.paceDelay = paceDelay;
