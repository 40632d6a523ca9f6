import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// Dev only: EURIQA_API=http://127.0.0.1:PORT npm run dev proxies the API to a running
// server. The server refuses cookie-authenticated unsafe requests whose Origin is
// another origin, so the proxy sends the target's own origin instead.
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const api = new URL(env.EURIQA_API ?? 'http://127.0.0.1:8080').origin;
const proxied = { target: api, changeOrigin: true, headers: { origin: api } };

export default defineConfig({
  base: '/',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    // Keep asset names content-hashed (Vite's default) so the server can cache them forever.
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: { '/api': proxied, '/artifacts': proxied, '/healthz': proxied, '/trace': proxied },
  },
});
