// A logical test's days (GET /api/test-cases/:testId/trend) as two small SVG charts:
// outcomes per day (stacked bars) and duration per day (average and p95 lines). Days
// without results are gaps, so the x axis is time. Each chart has a text equivalent.
import type { TrendDay } from '../api/types';
import { duration } from '../lib/format';

const W = 640, H = 120, PAD_L = 44, PAD_B = 18, PAD_T = 6;
const OUTCOMES = ['passed', 'flaky', 'failed', 'skipped'] as const;

/** The `days` UTC dates ending today, each with its row or null. */
export function fillDays(rows: TrendDay[], days: number, now = Date.now()): { date: string; row: TrendDay | null }[] {
  const byDate = new Map(rows.map((r) => [r.date, r]));
  const today = Math.floor(now / 86400000);
  const out = [];
  for (let d = today - days + 1; d <= today; ++d) {
    const date = new Date(d * 86400000).toISOString().slice(0, 10);
    out.push({ date, row: byDate.get(date) ?? null });
  }
  return out;
}

function xOf(i: number, n: number) {
  return PAD_L + ((W - PAD_L - 4) * (i + 0.5)) / n;
}

function DateTicks({ days }: { days: { date: string }[] }) {
  const n = days.length;
  const every = Math.max(1, Math.ceil(n / 6));
  return (
    <>
      {days.map((d, i) =>
        i % every === 0 || i === n - 1 ? (
          <text key={d.date} x={xOf(i, n)} y={H - 4} text-anchor="middle" class="chart-tick">
            {d.date.slice(5)}
          </text>
        ) : null,
      )}
    </>
  );
}

export function OutcomeChart({ days }: { days: { date: string; row: TrendDay | null }[] }) {
  const n = days.length;
  const max = Math.max(1, ...days.map((d) => d.row?.runs ?? 0));
  const plotH = H - PAD_B - PAD_T;
  const bar = Math.max(2, ((W - PAD_L - 4) / n) * 0.7);
  const summary = days.filter((d) => d.row).map((d) => `${d.date}: ${d.row!.passed} passed, ${d.row!.flaky} flaky, ${d.row!.failed} failed, ${d.row!.skipped} skipped`);
  return (
    <figure class="tc-chart" data-testid="test-case-outcomes">
      <figcaption>Outcomes per day</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Outcomes per day over ${n} days`}>
        <text x={PAD_L - 6} y={PAD_T + 10} text-anchor="end" class="chart-tick">{max}</text>
        <text x={PAD_L - 6} y={H - PAD_B} text-anchor="end" class="chart-tick">0</text>
        <line x1={PAD_L} x2={W} y1={H - PAD_B} y2={H - PAD_B} class="chart-axis" />
        {days.map((d, i) => {
          if (!d.row) return null;
          let y = H - PAD_B;
          return (
            <g key={d.date} data-testid="outcome-day" data-date={d.date}>
              <title>{`${d.date}: ${d.row.passed} passed, ${d.row.flaky} flaky, ${d.row.failed} failed, ${d.row.skipped} skipped`}</title>
              {OUTCOMES.map((o) => {
                const h = (d.row![o] / max) * plotH;
                y -= h;
                return h > 0 ? <rect key={o} x={xOf(i, n) - bar / 2} y={y} width={bar} height={h} class={`bar-${o}`} /> : null;
              })}
            </g>
          );
        })}
        <DateTicks days={days} />
      </svg>
      <details class="chart-data">
        <summary>As text</summary>
        <ul>{summary.map((s) => <li key={s}>{s}</li>)}</ul>
      </details>
    </figure>
  );
}

export function DurationChart({ days }: { days: { date: string; row: TrendDay | null }[] }) {
  const n = days.length;
  const max = Math.max(1, ...days.map((d) => d.row?.p95Duration ?? d.row?.avgDuration ?? 0));
  const plotH = H - PAD_B - PAD_T;
  const yOf = (v: number) => H - PAD_B - (v / max) * plotH;
  const line = (key: 'avgDuration' | 'p95Duration') => {
    const pts = days.map((d, i) => (d.row && d.row[key] !== null ? `${xOf(i, n).toFixed(1)},${yOf(d.row[key]!).toFixed(1)}` : null));
    // Consecutive days only; a day without results breaks the line.
    const parts: string[] = [];
    let cur: string[] = [];
    for (const p of pts) {
      if (p) cur.push(p);
      else if (cur.length) (parts.push(cur.join(' ')), (cur = []));
    }
    if (cur.length) parts.push(cur.join(' '));
    return parts;
  };
  return (
    <figure class="tc-chart" data-testid="test-case-durations">
      <figcaption>
        Duration per day: <span class="legend-p95">p95</span> and <span class="legend-avg">average</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Duration per day over ${n} days, up to ${duration(max)}`}>
        <text x={PAD_L - 6} y={PAD_T + 10} text-anchor="end" class="chart-tick">{duration(max)}</text>
        <text x={PAD_L - 6} y={H - PAD_B} text-anchor="end" class="chart-tick">0</text>
        <line x1={PAD_L} x2={W} y1={H - PAD_B} y2={H - PAD_B} class="chart-axis" />
        {line('p95Duration').map((p) => <polyline key={`p${p}`} points={p} class="line-p95" />)}
        {line('avgDuration').map((p) => <polyline key={`a${p}`} points={p} class="line-avg" />)}
        {days.map((d, i) =>
          d.row && d.row.p95Duration !== null ? (
            <circle key={d.date} cx={xOf(i, n)} cy={yOf(d.row.p95Duration)} r={2.5} class="dot-p95" data-testid="duration-day">
              <title>{`${d.date}: p95 ${duration(d.row.p95Duration)}, average ${duration(d.row.avgDuration)}`}</title>
            </circle>
          ) : null,
        )}
        <DateTicks days={days} />
      </svg>
    </figure>
  );
}
