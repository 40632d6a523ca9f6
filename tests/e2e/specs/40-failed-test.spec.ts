// A failed test as a person looks at it: from the run's list to the test page with its
// error, steps (the failing one marked), stdout/stderr, screenshot, a video that plays
// and seeks, and the trace opened in the trace viewer the server hosts at /trace/.
import { test, expect, shot, signInContext } from '../support/fixtures';
import { seedWorld, FAILED_TEST, type World } from '../support/seed';
import { TRACE_BUTTONS } from '../support/artifacts';

let w: World;
test.beforeAll(async () => { w = await seedWorld({ label: 'failed' }); });
test.beforeEach(async ({ context }) => { await signInContext(context, w.owner); });

test('open a failed test from its run: error, steps with the failing step marked, output', async ({ page }, testInfo) => {
  await page.goto(`/p/${w.project.id}/runs/${w.runs.featureFailed.id}`);
  await expect(page.getByTestId('page-run')).toHaveAttribute('data-run-status', 'failed');
  const rows = page.getByTestId('test-list').getByTestId('test-row');
  await expect(rows).toHaveCount(4);
  // Failed first.
  await expect(rows.first()).toHaveAttribute('data-status', 'failed');
  await shot(page, testInfo, 'run-page');
  await page.getByTestId('status-filter-failed').click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(FAILED_TEST.title);
  await expect(rows.first()).toContainText(FAILED_TEST.errorMessage);
  await shot(page, testInfo, 'run-page-failed-only');
  await rows.first().click();

  await expect(page).toHaveURL(new RegExp(`/p/${w.project.id}/tests/${w.failed.id}$`));
  await expect(page.getByTestId('page-test')).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('test-title')).toHaveText(FAILED_TEST.title);
  await expect(page.getByTestId('error-message')).toContainText(FAILED_TEST.errorMessage);
  await expect(page.getByTestId('error-expected')).toContainText('visible');
  await expect(page.getByTestId('error-actual')).toContainText('hidden');
  // The difference says which lines are expected (-) and received (+), not by colour alone.
  await expect(page.getByTestId('error-diff').locator('[data-kind="-"]').first()).toContainText('- ');
  await expect(page.getByTestId('error-diff').locator('[data-kind="+"]').first()).toContainText('+ ');
  await expect(page.getByTestId('error-heading')).toHaveText('Error');
  await page.getByText('Stack trace').click();
  await expect(page.getByTestId('error-stack')).toContainText('login.spec.ts:42:5');

  // Steps: exactly one failing step, the right one, with its error; the others listed.
  const failing = page.getByTestId('failing-step');
  await expect(failing).toHaveCount(1);
  await expect(failing).toContainText(FAILED_TEST.failingStep);
  await expect(page.getByTestId('step-tree')).toContainText(FAILED_TEST.errorMessage);
  for (const s of FAILED_TEST.passingSteps) await expect(page.getByTestId('step').filter({ hasText: s }).first()).toBeVisible();

  // Output.
  await expect(page.getByTestId('test-stdout')).toContainText('STDOUT-MARKER-7f3a');
  await expect(page.getByTestId('test-stderr')).toContainText('STDERR-MARKER-19c2');
  await shot(page, testInfo, 'test-page');

  // Back to the run keeps the filter.
  await page.getByTestId('test-run-link').click();
  await expect(page.getByTestId('page-run')).toBeVisible();
});

test('the screenshot shows and the video plays and seeks', async ({ page }, testInfo) => {
  await page.goto(`/p/${w.project.id}/tests/${w.failed.id}`);
  await expect(page.getByTestId('artifacts')).toBeVisible();

  const img = page.getByTestId('artifact-screenshot');
  await img.scrollIntoViewIfNeeded();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 10_000 }).toBe(640);

  const video = page.getByTestId('artifact-video');
  await video.scrollIntoViewIfNeeded();
  // Metadata loads: the 3-second clip's duration is known.
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  const dur = await video.evaluate((v: HTMLVideoElement) => v.duration);
  expect(dur).toBeGreaterThan(2.5);
  expect(dur).toBeLessThan(3.5);

  // Seek: set currentTime and check it moved, with frame data there (Range requests).
  await video.evaluate((v: HTMLVideoElement) => new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no seeked event (readyState ${v.readyState}, error ${v.error?.message})`)), 10_000);
    v.addEventListener('seeked', () => { clearTimeout(t); resolve(); }, { once: true });
    v.currentTime = 2;
  }));
  expect(await video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeCloseTo(2, 1);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);

  // Play from the start (a click gives the page user activation) and watch time advance.
  await video.click();
  await video.evaluate(async (v: HTMLVideoElement) => { v.muted = true; v.currentTime = 0; await v.play(); });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(0.5);
  expect(await video.evaluate((v: HTMLVideoElement) => v.error)).toBeNull();
  await shot(page, testInfo, 'test-page-artifacts');
});

test('the trace opens in the trace viewer and shows its actions', async ({ page, context, baseURL }, testInfo) => {
  await page.goto(`/p/${w.project.id}/tests/${w.failed.id}`);
  const open = page.getByTestId('open-trace');
  await expect(open).toBeVisible();
  const href = await open.getAttribute('href');
  expect(href).toMatch(/^\/trace\/index\.html\?trace=/);
  // The trace URL is a signed, percent-encoded artifact URL on this (127.0.0.1) origin.
  const traceUrl = decodeURIComponent(href!.split('?trace=')[1]);
  expect(traceUrl.startsWith(baseURL + '/artifacts/')).toBe(true);
  expect(traceUrl).toMatch(/[?&]token=/);

  const [viewer] = await Promise.all([context.waitForEvent('page'), open.click()]);
  await viewer.waitForLoadState();
  expect(viewer.url()).toContain('/trace/index.html?trace=');
  // The viewer lists the recorded actions: the three clicks and the fill.
  const methods = viewer.locator('.action-title-method');
  await expect(methods.filter({ hasText: /^Click$/ })).toHaveCount(TRACE_BUTTONS.length, { timeout: 20_000 });
  for (const b of TRACE_BUTTONS) await expect(viewer.locator('.action-title-subtitle', { hasText: b })).toBeVisible();
  await expect(viewer.getByText('Fill "shopper@example.com"')).toBeVisible();
  // Selecting an action renders its DOM snapshot (served by the viewer's service worker).
  await viewer.locator('.action-title', { hasText: 'Checkout' }).click();
  await expect.poll(async () => {
    for (const f of viewer.frames()) {
      if (!f.url().includes('/trace/snapshot/')) continue;
      const text = await f.locator('body').innerText().catch(() => '');
      if (text.includes('Tiny shop')) return true;
    }
    return false;
  }, { timeout: 15_000 }).toBe(true);
  await shot(viewer, testInfo, 'trace-viewer');

  // The download link serves the zip itself.
  const dl = await page.getByTestId('download-trace').getAttribute('href');
  const r = await fetch(new URL(dl!, baseURL).href);
  expect(r.status).toBe(200);
  expect(Buffer.from(await r.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
});

test('a flaky test\'s error says which attempt failed', async ({ page, context }) => {
  const run = await w.owner.api.createRun(w.project.id, { branch: 'main' });
  const added = await w.owner.api.addTests(run.id, w.project.id, [{
    title: 'retries once', fullTitle: 'Flaky > retries once', filePath: 'tests/flaky.spec.ts', status: 'flaky', isFlaky: true,
    retries: 2, attempt: 3, duration: 900,
    error: { message: 'Error: expect(received).toBe(expected)', expected: 'a\nb', actual: 'a\nc' },
  }]);
  await signInContext(context, w.owner);
  await page.goto(`/p/${w.project.id}/tests/${added.data[0].id}`);
  await expect(page.getByTestId('error-heading')).toHaveText('Error of attempt 2 (passed on attempt 3)');
  await expect(page.getByTestId('error-diff').locator('span')).toHaveText(['  a', '- b', '+ c']);
});
