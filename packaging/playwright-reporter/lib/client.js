'use strict';
// HTTP client for the Euriqa API with bounded retries. It never throws to its caller's
// caller: request() resolves to {ok, status, body, error}.

const fs = require('node:fs');

const sleep = (ms, signal) => new Promise((resolve) => {
  if (ms <= 0) return resolve();
  const t = setTimeout(done, ms);
  function done() {
    clearTimeout(t);
    if (signal) signal.removeEventListener('abort', done);
    resolve();
  }
  if (signal) {
    if (signal.aborted) return done();
    signal.addEventListener('abort', done, { once: true });
  }
});

function parseRetryAfter(v) {
  if (v == null) return undefined;
  const n = Number(v);
  if (Number.isFinite(n) && n >= 0) return n * 1000;
  const d = Date.parse(v);
  if (!isNaN(d)) return Math.max(0, d - Date.now());
  return undefined;
}

class Client {
  /**
   * @param {{url:string, apiKey?:string, requestTimeoutMs:number, maxAttempts:number,
   *          maxBackoffMs:number, onProblem:(msg:string)=>void}} opts
   */
  constructor(opts) {
    this.base = String(opts.url).replace(/\/+$/, '');
    this.apiKey = opts.apiKey;
    this.requestTimeoutMs = opts.requestTimeoutMs;
    this.maxAttempts = opts.maxAttempts;
    this.maxBackoffMs = opts.maxBackoffMs;
    this.maxThrottled = opts.maxThrottled || 30;
    this.onProblem = opts.onProblem || (() => {});
    this.deadline = Infinity; // set at onEnd: no request or wait goes past it
    this.stopper = new AbortController(); // aborts everything in flight (budget spent)
    this.degraded = false; // after a request exhausted its retries: single attempts only
    this.stats = { requests: 0, retries: 0, failures: 0 };
  }

  setDeadline(t) {
    this.deadline = t;
  }

  stop() {
    this.stopper.abort();
  }

  get stopped() {
    return this.stopper.signal.aborted;
  }

  /**
   * @param {string} method
   * @param {string} path  e.g. /api/runs
   * @param {{json?:any, form?:()=>Promise<FormData>|FormData}} [body]
   * @returns {Promise<{ok:boolean, status?:number, body?:any, error?:string}>}
   */
  async request(method, path, body = {}) {
    // Network errors, timeouts and 5xx consume attempts; 429 waits for Retry-After and
    // consumes "throttled" attempts (the server is alive, just busy). Nothing waits past
    // the deadline.
    const maxAttempts = this.degraded ? 1 : this.maxAttempts;
    let failures = 0;
    let throttled = 0;
    let lastError = '';
    for (;;) {
      if (this.stopped) return { ok: false, error: lastError || 'flush budget spent' };
      const remaining = this.deadline - Date.now();
      if (remaining <= 0) return { ok: false, error: `flush budget spent${lastError ? ' (' + lastError + ')' : ''}` };
      let waitMs;
      try {
        this.stats.requests++;
        const res = await this._once(method, path, body, Math.min(this.requestTimeoutMs, remaining));
        if (res.status >= 200 && res.status < 300) {
          this.degraded = false;
          return { ok: true, status: res.status, body: res.body, rateLimit: res.rateLimit };
        }
        const msg = res.body && res.body.error ? `${res.body.error.code}: ${res.body.error.message}` : `HTTP ${res.status}`;
        lastError = `${method} ${path} answered ${res.status} (${msg})`;
        if (res.status === 429) {
          throttled++;
          waitMs = parseRetryAfter(res.retryAfter);
          if (waitMs === undefined) waitMs = 1000;
          waitMs = Math.min(waitMs, 120000) + Math.round(Math.random() * 100);
          if (throttled >= this.maxThrottled) break;
        } else if (res.status >= 500 || res.status === 408) {
          failures++;
          waitMs = this._backoff(failures);
          if (failures >= maxAttempts) break;
        } else {
          // Other 4xx: retrying cannot help.
          this.stats.failures++;
          this.onProblem(lastError);
          return { ok: false, status: res.status, body: res.body, error: lastError, permanent: true };
        }
      } catch (e) {
        if (e && e.localFault) {
          this.stats.failures++;
          this.onProblem(e.message);
          return { ok: false, error: e.message, permanent: true };
        }
        lastError = `${method} ${path}: ${e && e.message ? e.message : e}`;
        if (e && e.cause && e.cause.code) lastError += ` (${e.cause.code})`;
        failures++;
        waitMs = this._backoff(failures);
        if (failures >= maxAttempts) break;
      }
      if (Date.now() + waitMs >= this.deadline) break;
      this.stats.retries++;
      await sleep(waitMs, this.stopper.signal);
    }
    this.stats.failures++;
    if (failures >= maxAttempts) this.degraded = true;
    this.onProblem(lastError);
    return { ok: false, error: lastError };
  }

  _backoff(attempt) {
    const base = Math.min(this.maxBackoffMs, 500 * 2 ** (attempt - 1));
    return Math.round(base * (0.75 + Math.random() * 0.5));
  }

  async _once(method, path, body, timeoutMs) {
    const ac = new AbortController();
    const onStop = () => ac.abort(new Error('flush budget spent'));
    this.stopper.signal.addEventListener('abort', onStop, { once: true });
    const timer = setTimeout(() => ac.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    try {
      const headers = { Accept: 'application/json' };
      if (this.apiKey) headers['X-API-Key'] = this.apiKey;
      let payload;
      if (body.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        payload = JSON.stringify(body.json);
      } else if (body.form) {
        payload = await body.form();
      }
      const res = await fetch(this.base + path, { method, headers, body: payload, signal: ac.signal });
      let text = '';
      try {
        text = await res.text();
      } catch (e) {
        throw ac.signal.aborted && ac.signal.reason ? ac.signal.reason : e;
      }
      let parsed;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, body: parsed, retryAfter: res.headers.get('retry-after'), rateLimit: parseRateLimit(res.headers) };
    } catch (e) {
      if (ac.signal.aborted && ac.signal.reason instanceof Error) throw ac.signal.reason;
      throw e;
    } finally {
      clearTimeout(timer);
      this.stopper.signal.removeEventListener('abort', onStop);
    }
  }

  /** A multipart upload form for one artifact; the file is read lazily when possible. */
  static async artifactForm(fields, artifact) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) form.append(k, String(v));
    let blob;
    if (artifact.body) {
      blob = new Blob([artifact.body], { type: artifact.contentType || 'application/octet-stream' });
    } else if (typeof fs.openAsBlob === 'function') {
      blob = await fs.openAsBlob(artifact.path, { type: artifact.contentType || 'application/octet-stream' });
    } else {
      blob = new Blob([await fs.promises.readFile(artifact.path)], { type: artifact.contentType || 'application/octet-stream' });
    }
    form.append('file', blob, artifact.fileName);
    return form;
  }
}

/** The server's RateLimit-Remaining and RateLimit-Reset (seconds) as {remaining, resetMs}, or
 * undefined when it sent none (limits off). */
function parseRateLimit(headers) {
  const remaining = Number(headers.get('ratelimit-remaining'));
  const reset = Number(headers.get('ratelimit-reset'));
  if (headers.get('ratelimit-remaining') === null || !Number.isFinite(remaining) || !Number.isFinite(reset)) return undefined;
  return { remaining, resetMs: Math.max(0, reset) * 1000 };
}

module.exports = { Client, sleep, parseRetryAfter, parseRateLimit };
