// Generates the seed artifacts and starts the real Euriqa binary for the whole run.
// The server's URL reaches the workers through process.env.E2E_BASE_URL (and so baseURL).
import type { FullConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeArtifacts } from './support/artifacts';
import { startServer, euriqaBin } from './support/server';

export default async function globalSetup(_config: FullConfig) {
  const t0 = Date.now();
  await makeArtifacts();
  const server = await startServer({ signup: 'open', label: 'main' });
  process.env.E2E_BASE_URL = server.url;
  const stateDir = path.join(__dirname, '.state');
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(path.join(stateDir, 'server.json'), JSON.stringify({ url: server.url, pid: server.pid, bin: euriqaBin() }));
  console.log(`[e2e] ${euriqaBin()} serving at ${server.url} (setup ${Date.now() - t0} ms)`);
  return async () => {
    const logs = server.logs();
    fs.writeFileSync(path.join(stateDir, 'server-stderr.log'), logs);
    await server.stop();
  };
}
