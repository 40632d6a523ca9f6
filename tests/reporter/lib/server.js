'use strict';
// Helpers shared by the reporter's end-to-end driver and its benchmark: start a real Euriqa
// server on a free port, create an account/team/project/API key, call the API.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

function findEuriqa(argv = process.argv) {
  const fromArg = argv[2];
  const candidates = [fromArg, process.env.EURIQA_BIN, path.resolve(__dirname, '../../../build/euriqa')];
  for (const c of candidates) if (c && fs.existsSync(c)) return path.resolve(c);
  throw new Error(`euriqa binary not found (tried ${candidates.filter(Boolean).join(', ')}); pass it as the first argument or EURIQA_BIN`);
}

/**
 * Starts `euriqa serve` on 127.0.0.1:0 with a fresh data dir. Resolves to
 * {url, proc, dataDir, stop()} once the server prints its `listening on` line.
 */
function startServer(bin, { config = {}, tmpRoot } = {}) {
  const dir = fs.mkdtempSync(path.join(tmpRoot || os.tmpdir(), 'euriqa-srv-'));
  const dataDir = path.join(dir, 'data');
  const configFile = path.join(dir, 'config.json');
  fs.writeFileSync(configFile, JSON.stringify(config));
  const proc = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--data', dataDir, '--config', configFile],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`server did not start within 20 s:\n${log}`));
    }, 20000);
    const onData = (d) => {
      log += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        proc.stdout.off('data', onData);
        proc.stdout.resume();
        resolve({
          url: m[1].replace(/\/+$/, ''),
          proc,
          dir,
          dataDir,
          log: () => log,
          stop: () => new Promise((res) => {
            if (proc.exitCode !== null || proc.signalCode !== null) return res();
            const k = setTimeout(() => proc.kill('SIGKILL'), 5000);
            proc.once('exit', () => { clearTimeout(k); res(); });
            proc.kill('SIGTERM');
          }),
        });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (d) => { log += d.toString(); });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${log}`));
    });
  });
}

async function http(url, { method = 'GET', headers = {}, json, body, raw = false } = {}) {
  const h = { ...headers };
  let b = body;
  if (json !== undefined) {
    h['Content-Type'] = 'application/json';
    b = JSON.stringify(json);
  }
  const res = await fetch(url, { method, headers: h, body: b });
  if (raw) return res;
  const text = await res.text();
  let parsed;
  try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = text; }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Registers the first user, creates a team, a project and an API key. */
async function setupAccount(url, { email = 'reporter@example.com', password = 'correct horse battery', projectName = 'reporter-e2e' } = {}) {
  const reg = await http(`${url}/api/auth/register`, { method: 'POST', json: { email, password, name: 'Reporter Test' } });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.body)}`);
  const cookie = (reg.headers.get('set-cookie') || '').split(';')[0];
  const auth = { Cookie: cookie, Origin: url };
  const team = await http(`${url}/api/teams`, { method: 'POST', headers: auth, json: { name: 'Reporter team' } });
  if (team.status !== 201) throw new Error(`team: ${team.status} ${JSON.stringify(team.body)}`);
  const project = await http(`${url}/api/projects`, { method: 'POST', headers: auth, json: { name: projectName, teamId: team.body.id } });
  if (project.status !== 201) throw new Error(`project: ${project.status} ${JSON.stringify(project.body)}`);
  const key = await http(`${url}/api/api-keys`, { method: 'POST', headers: auth, json: { projectId: project.body.id, name: 'ci', role: 'admin' } });
  if (key.status !== 201) throw new Error(`api key: ${key.status} ${JSON.stringify(key.body)}`);
  return { cookie, teamId: team.body.id, projectId: project.body.id, apiKey: key.body.key };
}

/** A tiny API client with an API key. */
function apiClient(url, apiKey) {
  const call = (method, p, json) => http(`${url}${p}`, { method, headers: { 'X-API-Key': apiKey }, json });
  return {
    get: (p) => call('GET', p),
    post: (p, j) => call('POST', p, j),
    patch: (p, j) => call('PATCH', p, j),
    del: (p) => call('DELETE', p),
  };
}

module.exports = { findEuriqa, startServer, setupAccount, apiClient, http };
