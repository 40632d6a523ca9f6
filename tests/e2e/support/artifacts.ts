// Real artifact files for seeding: a PNG screenshot, a WebM video (ffmpeg) and a
// Playwright trace zip recorded with playwright-core's tracing on a tiny page.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from '@playwright/test';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export const fixturesDir = path.resolve(__dirname, '..', '.fixtures');
export const fixture = {
  png: path.join(fixturesDir, 'failure-screenshot.png'),
  webm: path.join(fixturesDir, 'failure-video.webm'),
  trace: path.join(fixturesDir, 'failure-trace.zip'),
};

/** Titles of the buttons clicked in the recorded trace: the viewer must list these actions. */
export const TRACE_BUTTONS = ['Add to cart', 'Checkout', 'Pay now'];

const TRACE_PAGE = `<!doctype html><html><head><title>Tiny shop</title></head><body>
<h1>Tiny shop</h1><p id="status">empty</p>
${TRACE_BUTTONS.map((b, i) => `<button id="b${i}" onclick="document.getElementById('status').textContent='${b} clicked'">${b}</button>`).join('\n')}
<input id="email" placeholder="Email">
</body></html>`;

export async function makeArtifacts(): Promise<void> {
  fs.mkdirSync(fixturesDir, { recursive: true });
  if (!fs.existsSync(fixture.webm)) {
    const tmp = fixture.webm + '.tmp.webm';
    execFileSync('/usr/bin/ffmpeg', ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i',
      'testsrc=duration=3:size=320x240:rate=10', '-c:v', 'libvpx', '-b:v', '200k', tmp], { stdio: 'inherit' });
    fs.renameSync(tmp, fixture.webm);
  }
  if (fs.existsSync(fixture.png) && fs.existsSync(fixture.trace)) return;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 640, height: 360 } });
    await context.tracing.start({ screenshots: true, snapshots: true, title: 'tiny shop' });
    const page = await context.newPage();
    await page.goto('data:text/html,' + encodeURIComponent(TRACE_PAGE));
    for (const b of TRACE_BUTTONS) await page.getByRole('button', { name: b }).click();
    await page.getByPlaceholder('Email').fill('shopper@example.com');
    await page.screenshot({ path: fixture.png });
    await context.tracing.stop({ path: fixture.trace + '.tmp' });
    fs.renameSync(fixture.trace + '.tmp', fixture.trace);
    await context.close();
  } finally {
    await browser.close();
  }
}
