// API-side checks of the seeded data the page tests rely on (no browser).
import { test, expect } from '@playwright/test';
import { seedWorld, addMember, FAILED_TEST } from '../support/seed';

test('seeding through the API yields runs, a failed test with steps and artifacts, and flaky data', async () => {
  const w = await seedWorld();
  const api = w.owner.api;
  const runs = await api.get(`/api/runs?projectId=${w.project.id}`);
  expect(runs.total).toBe(3);
  const failedRun = await api.get(`/api/runs/${w.runs.featureFailed.id}`);
  expect(failedRun.status).toBe('failed');
  expect(failedRun.failedTests).toBe(1);
  const t = await api.get(`/api/tests/${w.failed.id}`);
  expect(t.error.message).toBe(FAILED_TEST.errorMessage);
  expect(t.stdout).toContain('STDOUT-MARKER-7f3a');
  const steps = await api.get(`/api/tests/${w.failed.id}/steps`);
  expect(steps.data.find((s: any) => s.status === 'failed').title).toBe(FAILED_TEST.failingStep);
  const arts = await api.artifacts(w.runs.featureFailed.id, w.failed.id);
  expect(arts.data.map((a) => a.type).sort()).toEqual(['screenshot', 'trace', 'video']);
  for (const a of arts.data) {
    const r = await fetch(a.url);
    expect(r.status, a.type).toBe(200);
  }
  const fl = await api.flakiness(w.project.id);
  expect(fl.data.some((d: any) => d.testTitle === 'should update cart totals' && d.flakinessScore > 0)).toBe(true);
  const viewer = await addMember(w, 'viewer');
  const members = await api.members(w.team.id);
  expect(members.data.find((m: any) => m.email === viewer.email)?.role).toBe('viewer');
});
