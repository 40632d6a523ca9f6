'use strict';
// A tiny stand-in for an Euriqa server that misbehaves on purpose: slow answers, 429s, 500s.
// It records what it received so the resilience tests can tell what got through.

const http = require('node:http');

/**
 * @param {{delayMs?:number, mode?:'ok'|'500'|'429-first', retryAfter?:string, failForMs?:number}} opts
 *   failForMs: every request answers 503 during the first failForMs after the first request.
 *   mode '429-first': the first request of each route answers 429 with Retry-After, the
 *   next ones succeed. mode '500': every request answers 500.
 */
function startFakeServer(opts = {}) {
  const { delayMs = 0, mode = 'ok', retryAfter = '1', failForMs = 0 } = opts;
  let started = 0; // the first request's time
  const seen = { requests: [], runs: [], tests: [], uploads: [], patches: [] };
  const throttledOnce = new Set();
  let nextId = 1;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const route = `${req.method} ${req.url.split('?')[0].replace(/\/run_[^/]+$/, '/:id')}`;
      const at = Date.now();
      if (!started) started = at;
      seen.requests.push({ route, at, bytes: body.length });
      const send = (status, json, headers = {}) => {
        setTimeout(() => {
          if (res.destroyed) return;
          res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
          res.end(JSON.stringify(json));
        }, delayMs);
      };
      if (failForMs && at - started < failForMs) return send(503, { error: { code: 'UNAVAILABLE', message: 'starting', details: null } });
      if (mode === '500') return send(500, { error: { code: 'INTERNAL_ERROR', message: 'boom', details: null } });
      if (mode === '429-first' && !throttledOnce.has(route)) {
        throttledOnce.add(route);
        return send(429, { error: { code: 'RATE_LIMITED', message: 'slow down', details: null } }, { 'Retry-After': retryAfter });
      }
      let json = {};
      try { json = JSON.parse(body.toString() || '{}'); } catch { /* multipart */ }
      if (route === 'POST /api/runs') {
        seen.runs.push(json);
        return send(201, { id: `run_fake${nextId++}`, projectId: 'proj_fake', ...json });
      }
      if (route === 'POST /api/tests/batch') {
        const tests = json.tests || [];
        seen.tests.push(...tests);
        return send(201, { data: tests.map((t) => ({ id: `test_fake${nextId++}`, title: t.title })), count: tests.length });
      }
      if (route === 'POST /api/upload') {
        const m = /name="type"\r\n\r\n([a-z]+)/.exec(body.toString('latin1'));
        seen.uploads.push({ type: m ? m[1] : undefined, bytes: body.length });
        return send(201, { id: `artifact_fake${nextId++}` });
      }
      if (route === 'PATCH /api/runs/:id') {
        seen.patches.push(json);
        return send(200, { id: 'run_fake', ...json });
      }
      if (route === 'GET /api/quarantine') return send(200, { data: [] });
      return send(404, { error: { code: 'NOT_FOUND', message: route, details: null } });
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        seen,
        close: () => new Promise((r) => {
          server.closeAllConnections && server.closeAllConnections();
          server.close(() => r());
        }),
      });
    });
  });
}

/** A port on which nothing listens (bound, then released). */
function closedPort() {
  return new Promise((resolve) => {
    const s = http.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

module.exports = { startFakeServer, closedPort };
