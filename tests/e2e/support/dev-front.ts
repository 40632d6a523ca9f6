// Development aid only (off unless E2E_WEB_DIST is set): serves a web/ build directory
// and Playwright's trace viewer in front of a Euriqa binary that does not embed the
// dashboard yet, proxying /api, /artifacts, /healthz and /metrics to it. The real runs
// (run.sh, CTest) always talk to the binary directly.
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as path from 'node:path';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.json': 'application/json', '.ttf': 'font/ttf', '.png': 'image/png', '.webmanifest': 'application/manifest+json' };

export async function startDevFront(backend: string, dist: string): Promise<{ url: string; close: () => Promise<void> }> {
  const traceDir = path.dirname(require.resolve('playwright-core/package.json')) + '/lib/vite/traceViewer';
  const target = new URL(backend);
  const server = http.createServer((req, res) => {
    const u = new URL(req.url!, 'http://x');
    if (/^\/(api|artifacts|healthz|metrics)(\/|$)/.test(u.pathname)) {
      const p = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method,
        headers: { ...req.headers, host: req.headers.host } }, (r) => { res.writeHead(r.statusCode!, r.headers); r.pipe(res); });
      p.on('error', () => { res.writeHead(502); res.end(); });
      req.pipe(p);
      return;
    }
    let file: string;
    if (u.pathname.startsWith('/trace/')) file = path.join(traceDir, u.pathname.slice('/trace/'.length) || 'index.html');
    else file = path.join(dist, u.pathname);
    if (!file.startsWith(traceDir) && !file.startsWith(path.resolve(dist))) { res.writeHead(400); res.end(); return; }
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      if (u.pathname.startsWith('/trace/') || u.pathname.startsWith('/assets/')) { res.writeHead(404); res.end(); return; }
      file = path.join(dist, 'index.html');
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  return { url: `http://127.0.0.1:${addr.port}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
