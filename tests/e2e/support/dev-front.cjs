// Development aid only (off unless E2E_WEB_DIST is set): serves a web/ build directory
// and Playwright's trace viewer in front of a Euriqa binary that does not embed the
// dashboard, proxying /api, /artifacts, /healthz and /metrics to it. The real runs
// (run.sh, CTest, the benchmark by default) always talk to the binary directly.
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.json': 'application/json', '.ttf': 'font/ttf', '.png': 'image/png', '.webmanifest': 'application/manifest+json' };

async function startDevFront(backend, dist) {
  dist = path.resolve(dist);
  const traceDir = path.join(path.dirname(require.resolve('playwright-core/package.json', { paths: [__dirname] })), 'lib', 'vite', 'traceViewer');
  const target = new URL(backend);
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    if (/^\/(api|artifacts|healthz|metrics)(\/|$)/.test(u.pathname)) {
      const p = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (r) => { res.writeHead(r.statusCode, r.headers); r.pipe(res); });
      p.on('error', () => { res.writeHead(502); res.end(); });
      req.pipe(p);
      return;
    }
    let file = u.pathname.startsWith('/trace/') ? path.join(traceDir, u.pathname.slice(7) || 'index.html') : path.join(dist, u.pathname);
    if (!file.startsWith(traceDir) && !file.startsWith(dist)) { res.writeHead(400); res.end(); return; }
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      if (u.pathname.startsWith('/trace/') || u.pathname.startsWith('/assets/')) { res.writeHead(404); res.end(); return; }
      file = path.join(dist, 'index.html');
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

module.exports = { startDevFront };
