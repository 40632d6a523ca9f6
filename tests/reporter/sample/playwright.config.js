// @ts-check
// Sample project for the Euriqa reporter's end-to-end tests. Everything variable comes from
// the environment so the driver (../driver.js) can run it in several ways:
//   SAMPLE_JSON_OUT / SAMPLE_JUNIT_OUT  write Playwright's JSON report / JUnit XML there
//   SAMPLE_EURIQA=0                     leave the Euriqa reporter out (baseline runs)
//   SAMPLE_HTML_OUT                     also write Playwright's HTML report there
//   SAMPLE_REPORTER_OPTIONS             JSON object merged into the Euriqa reporter options
//   SAMPLE_OUTPUT_DIR                   Playwright's outputDir (attachments)
//   SAMPLE_TIMING_OUT                   a first reporter writes the time onEnd began there
//   SAMPLE_TEST_DIR=bulk                run bulk/ instead (SAMPLE_BULK_TESTS trivial tests)
// The Euriqa reporter itself reads EURIQA_URL, EURIQA_API_KEY, EURIQA_CI_BUILD_ID, ...
const path = require('node:path');
const { defineConfig } = require('@playwright/test');

const reporterPath = path.resolve(__dirname, '../../../packaging/playwright-reporter');
const reporter = [];
if (process.env.SAMPLE_TIMING_OUT) reporter.push([path.join(__dirname, 'timing-reporter.js'), { file: process.env.SAMPLE_TIMING_OUT }]);
if (process.env.SAMPLE_JSON_OUT) reporter.push(['json', { outputFile: process.env.SAMPLE_JSON_OUT }]);
if (process.env.SAMPLE_JUNIT_OUT) reporter.push(['junit', { outputFile: process.env.SAMPLE_JUNIT_OUT }]);
if (process.env.SAMPLE_HTML_OUT) reporter.push(['html', { outputFolder: process.env.SAMPLE_HTML_OUT, open: 'never' }]);
if (process.env.SAMPLE_EURIQA !== '0') {
  reporter.push([reporterPath, JSON.parse(process.env.SAMPLE_REPORTER_OPTIONS || '{}')]);
}
if (!reporter.length || process.env.SAMPLE_LIST === '1') reporter.unshift(['list']);

module.exports = defineConfig({
  testDir: process.env.SAMPLE_TEST_DIR === 'bulk' ? './bulk' : './tests',
  outputDir: process.env.SAMPLE_OUTPUT_DIR || './test-results',
  fullyParallel: true,
  retries: 1,
  workers: 2,
  timeout: 20000,
  expect: { timeout: 1000 },
  reporter,
  use: {
    browserName: 'chromium',
    viewport: { width: 800, height: 600 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    video: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
});
