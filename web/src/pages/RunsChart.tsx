// Pass-rate and duration trends over recent runs (uPlot, loaded only with this
// chunk). Colours come from the theme's CSS variables and follow a theme switch.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Run } from '../api/types';
import { duration } from '../lib/format';

function cssVar(name: string) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

function useTheme(): string {
  const [t, setT] = useState(() => (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  useEffect(() => {
    const mq = matchMedia('(prefers-color-scheme: dark)');
    const fn = () => setT(mq.matches ? 'dark' : 'light');
    mq.addEventListener('change', fn);
    return () => mq.removeEventListener('change', fn);
  }, []);
  return t;
}

interface ChartProps {
  title: string;
  xs: number[];
  ys: (number | null)[];
  color: string;
  fmt: (v: number) => string;
  yRange?: [number, number];
  testid: string;
}

function Chart({ title, xs, ys, color, fmt, yRange, testid }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const theme = useTheme();
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const axis = { stroke: cssVar('--muted'), grid: { stroke: cssVar('--grid'), width: 1 }, ticks: { stroke: cssVar('--grid'), width: 1 }, font: '11px system-ui, sans-serif' };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 150,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      scales: { x: { time: true }, y: yRange ? { range: yRange } : { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        { ...axis },
        { ...axis, size: 56, values: (_u, vals) => vals.map((v) => fmt(v)) },
      ],
      series: [
        {},
        { label: title, stroke: color, width: 1.5, fill: `${color}22`, points: { show: xs.length <= 40, size: 4 }, spanGaps: true, value: (_u, v) => (v === null ? '–' : fmt(v)) },
      ],
    };
    const plot = new uPlot(opts, [xs, ys], el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height: 150 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [xs, ys, theme, color]);
  const last = ys[ys.length - 1];
  return (
    <figure class="chart card" data-testid={testid}>
      <figcaption>
        <span>{title}</span>
        <span class="muted">latest {last === null || last === undefined ? '–' : fmt(last)}</span>
      </figcaption>
      <div ref={box} class="chart-box" aria-hidden="true" />
    </figure>
  );
}

export default function RunsChart({ runs }: { runs: Run[] }) {
  const theme = useTheme();
  // Oldest first; x in seconds (uPlot's time unit).
  const { xs, rates, durs } = useMemo(() => {
    const sorted = [...runs].reverse();
    return {
      xs: sorted.map((r) => Date.parse(r.createdAt) / 1000),
      rates: sorted.map((r) => r.passRate),
      durs: sorted.map((r) => r.duration),
    };
  }, [runs]);
  void theme; // re-read colours on theme change
  return (
    <div class="charts" data-testid="runs-charts">
      <Chart title="Pass rate" testid="chart-pass-rate" xs={xs} ys={rates} color={cssVar('--st-passed')} fmt={(v) => `${Math.round(v)}%`} yRange={[0, 100]} />
      <Chart title="Duration" testid="chart-duration" xs={xs} ys={durs} color={cssVar('--accent')} fmt={(v) => duration(v)} />
    </div>
  );
}
