'use strict';
// The reporter as an air-gapped CI gets it (contract §16): `npm install` of the tarball
// the server itself serves at /downloads/playwright-reporter.tgz into a fresh npm project,
// with the npm registry pointed at a closed port (the reporter has no dependencies, so
// nothing else may be fetched), then a small Playwright suite run with it by its package
// name; the run must arrive. Playwright itself is linked from this folder's node_modules,
// as a project would have it installed already.

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const HERE = path.resolve(__dirname, '..');
const REPORTER_PACKAGE = require('../../../packaging/playwright-reporter/package.json');

const CONFIG = `const { defineConfig } = require('@playwright/test');
module.exports = defineConfig({
  testDir: './tests',
  reporter: [['list'], ['@euriqa/playwright-reporter', { runTitle: 'installed from the server' }]],
});
`;

const SPEC = `const { test, expect } = require('@playwright/test');
test('adds', () => { expect(1 + 1).toBe(2); });
test('joins', () => { expect(['a', 'b'].join('')).toBe('ab'); });
`;

// Runs a command to its end without blocking the event loop (the server under test
// writes its log into this process's pipes, which must keep draining); 2 minutes at most.
function run(cmd, args, opts) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), 120000);
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

async function installedFromServer({ tmp, srv, api, apiKey, check, eq, log, cleanEnv, pwCli }) {
  const dir = path.join(tmp, 'from-server');
  fs.mkdirSync(path.join(dir, 'tests'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'ci-project', version: '1.0.0', private: true }));
  fs.writeFileSync(path.join(dir, 'playwright.config.js'), CONFIG);
  fs.writeFileSync(path.join(dir, 'tests', 'math.spec.js'), SPEC);

  const url = `${srv.url}/downloads/playwright-reporter.tgz`;
  const npmEnv = cleanEnv({
    npm_config_registry: 'http://127.0.0.1:9/', // closed: any registry request fails
    // npm looks up the optional peer @playwright/test and, by default, retries for about
    // a minute before going on without it; the README gives users the same flag.
    npm_config_fetch_retries: '0',
    npm_config_cache: path.join(dir, '.npm-cache'),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  });
  const install = await run('npm', ['install', '--save-dev', url], { cwd: dir, env: npmEnv });
  if (!check('npm install of /downloads/playwright-reporter.tgz with no registry', install.status === 0,
    `${install.stdout}\n${install.stderr}`)) return;
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  eq('package.json names the server URL', manifest.devDependencies, { '@euriqa/playwright-reporter': url });
  const installed = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules/@euriqa/playwright-reporter/package.json'), 'utf8'));
  eq('the installed reporter is this version', installed.version, REPORTER_PACKAGE.version);

  // Linked after the install: npm removes packages that package.json does not list.
  fs.mkdirSync(path.join(dir, 'node_modules', '@playwright'), { recursive: true });
  fs.symlinkSync(path.join(HERE, 'node_modules', '@playwright', 'test'), path.join(dir, 'node_modules', '@playwright', 'test'));

  const pw = await run(process.execPath, [pwCli, 'test', '--config', path.join(dir, 'playwright.config.js')], {
    cwd: dir, env: cleanEnv({ EURIQA_URL: srv.url, EURIQA_API_KEY: apiKey }),
  });
  log(`playwright with the installed reporter: exit ${pw.status}`);
  check('Playwright passed with the installed reporter and it printed no warning',
    pw.status === 0 && !/\[euriqa\]/.test(pw.stdout + pw.stderr), `${pw.stdout}\n${pw.stderr}`.slice(-3000));
  const runs = await api.get('/api/runs?search=installed%20from%20the%20server');
  const r = runs.body && runs.body.data && runs.body.data[0];
  eq('the run arrived, passed, with both tests', r && { title: r.runTitle, status: r.status, total: r.totalTests, passed: r.passedTests },
    { title: 'installed from the server', status: 'passed', total: 2, passed: 2 });
}

module.exports = { installedFromServer };
