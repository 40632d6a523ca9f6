// Starts and stops a real Euriqa binary on a free loopback port with a fresh data dir.
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startDevFront } = require('./dev-front.cjs');

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export function euriqaBin(): string {
  const bin = process.env.EURIQA_BIN || path.join(repoRoot, 'build', 'euriqa');
  return path.resolve(bin);
}

export interface ServerHandle {
  url: string;            // http://127.0.0.1:PORT
  dataDir: string;
  pid: number;
  stop: () => Promise<void>;
  logs: () => string;
}

export interface ServerOptions {
  signup?: 'open' | 'invite-only' | 'closed';
  config?: Record<string, unknown>;
  label?: string;
}

// Every rate limit off: the suite makes many calls from one user.
export const NO_RATE_LIMITS = {
  runsRead: 0, runsWrite: 0, testsRead: 0, testsWrite: 0,
  uploads: 0, projectsTeams: 0, apiKeysWebhooks: 0, flakiness: 0,
};

export async function startServer(opts: ServerOptions = {}): Promise<ServerHandle> {
  const bin = euriqaBin();
  if (!fs.existsSync(bin)) throw new Error(`Euriqa binary not found at ${bin} (set EURIQA_BIN)`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `euriqa-e2e-${opts.label ?? 'srv'}-`));
  const configPath = path.join(dataDir, '..', path.basename(dataDir) + '.json');
  fs.writeFileSync(configPath, JSON.stringify({ rateLimits: NO_RATE_LIMITS, ...(opts.config ?? {}) }));
  const args = ['serve', '--listen', '127.0.0.1:0', '--data', path.join(dataDir, 'data'),
    '--config', configPath];
  if (opts.signup) args.push('--signup', opts.signup);
  const child: ChildProcess = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => { err += d.toString(); if (err.length > 2_000_000) err = err.slice(-1_000_000); });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not print its address in 15 s\n${out}\n${err}`)), 15_000);
    child.stdout!.on('data', (d) => {
      out += d.toString();
      const m = out.match(/listening on (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}) before listening\n${out}\n${err}`)); });
  });
  child.removeAllListeners('exit');
  const front = process.env.E2E_WEB_DIST ? await startDevFront(url, path.resolve(process.env.E2E_WEB_DIST)) : null;
  const stop = async () => {
    await front?.close();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(configPath, { force: true });
  };
  return { url: front?.url ?? url, dataDir, pid: child.pid!, stop, logs: () => err };
}
