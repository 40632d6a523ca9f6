import { defineConfig } from '@playwright/test';
import * as path from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS } from './support/artifacts';

// Extra reporters (the dogfood run adds Euriqa's own Playwright reporter) come as JSON
// in E2E_EXTRA_REPORTERS, e.g. '[["../../packaging/playwright-reporter", {...}]]'.
const extraReporters = process.env.E2E_EXTRA_REPORTERS ? JSON.parse(process.env.E2E_EXTRA_REPORTERS) : [];

export default defineConfig({
  testDir: './specs',
  outputDir: path.join(__dirname, 'test-results'),
  globalSetup: './global-setup.ts',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS || 2),
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: path.join(__dirname, 'test-results', 'report.json') }], ...extraReporters],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    screenshot: 'on',
    trace: 'retain-on-failure',
    video: 'retain-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 20_000,
  },
});
