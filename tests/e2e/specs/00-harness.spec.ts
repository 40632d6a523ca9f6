import { test, expect } from '@playwright/test';
import { fixture } from '../support/artifacts';
import * as fs from 'node:fs';
test('harness: server reachable and fixtures exist', async ({ baseURL, request }) => {
  expect(baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const r = await request.get('/healthz');
  expect(r.status()).toBe(200);
  for (const f of Object.values(fixture)) expect(fs.statSync(f).size).toBeGreaterThan(100);
});
