// The dashboard's display helpers on edge values, run in Node: a duration is rounded once
// to the unit it is shown in (no "60 s" or "9m 60s"), the pass-rate chart's scale fits its
// values, and a build is not titled after one shard.
import { test, expect } from '@playwright/test';
import { percentRange } from '../../../web/src/lib/chartRange';
import { duration, rate } from '../../../web/src/lib/format';
import { lineDiff } from '../../../web/src/lib/lineDiff';
import { buildTitle } from '../../../web/src/lib/runGroups';

test('durations at every unit boundary', () => {
  const cases: [number | null, string][] = [
    [null, '–'],
    [0, '0 ms'],
    [999, '999 ms'],
    [999.4, '999 ms'],
    [999.5, '1.0 s'],
    [1000, '1.0 s'],
    [9949, '9.9 s'],
    [9950, '10 s'],
    [59_499, '59 s'],
    [59_600, '1m 00s'],
    [60_000, '1m 00s'],
    [61_500, '1m 02s'],
    [599_920, '10m 00s'],
    [2_000_000, '33m 20s'],
    [3_599_400, '59m 59s'],
    [3_599_600, '1h 00m'],
    [3_629_999, '1h 00m'],
    [3_630_000, '1h 01m'],
    [86_400_000, '24h 00m'],
    [-1500, '-1.5 s'],
  ];
  for (const [ms, shown] of cases) expect(duration(ms), `${ms} ms`).toBe(shown);
});

test('rates are fractions shown as percentages', () => {
  expect(rate(null)).toBe('–');
  expect(rate(0)).toBe('0%');
  expect(rate(1)).toBe('100%');
  expect(rate(2 / 3)).toBe('66.7%');
  expect(rate(0.0004)).toBe('0%');
  expect(rate(0.0005)).toBe('0.1%');
});

test('the pass-rate scale fits its values', () => {
  expect(percentRange([92, 95, 98])).toEqual([90, 100]);
  expect(percentRange([40, 60])).toEqual([36, 64]);
  expect(percentRange([100, 100])).toEqual([95, 100]);
  expect(percentRange([0, 0, null])).toEqual([0, 5]);
  expect(percentRange([])).toEqual([0, 100]);
  expect(percentRange([null, undefined])).toEqual([0, 100]);
});

test('a build is titled by its commit, or by a run title without its shard', () => {
  const run = (f: Record<string, unknown>) => ({ commitMessage: null, runTitle: null, ...f }) as any;
  expect(buildTitle(run({ runTitle: 'Nightly e2e (shard 1/3)' }))).toBe('Nightly e2e');
  expect(buildTitle(run({ runTitle: 'Nightly e2e [shard 2 of 3]' }))).toBe('Nightly e2e');
  expect(buildTitle(run({ runTitle: 'Nightly e2e shard 3/3' }))).toBe('Nightly e2e');
  expect(buildTitle(run({ runTitle: '(shard 1/3)' }))).toBe('');
  expect(buildTitle(run({ runTitle: 'Sharding tests' }))).toBe('Sharding tests');
  expect(buildTitle(run({ commitMessage: 'Fix checkout\n\nlong body', runTitle: 'x (shard 1/2)' }))).toBe('Fix checkout');
});

test('expected/received line diff, as Playwright prints it', () => {
  const show = (d: { kind: string; text: string }[]) => d.map((l) => l.kind + l.text);
  expect(show(lineDiff('"Dashboard"', '"Login"'))).toEqual(['-"Dashboard"', '+"Login"']);
  expect(show(lineDiff('a\nb\nc', 'a\nB\nc'))).toEqual([' a', '-b', '+B', ' c']);
  expect(show(lineDiff('a\nb', 'a\nb\nc'))).toEqual([' a', ' b', '+c']);
  expect(show(lineDiff('same', 'same'))).toEqual([' same']);
  const big = Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n');
  const d = lineDiff(big, 'x');
  expect(d.filter((l) => l.kind === '-')).toHaveLength(500);
  expect(d.filter((l) => l.kind === '+')).toHaveLength(1);
});
