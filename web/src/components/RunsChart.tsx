// Pass-rate and duration trends over recent runs (uPlot, loaded only with this
// chunk). Colours come from the theme's CSS variables and follow a theme switch.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Run } from '../api/types';
import { percentRange } from '../lib/chartRange';
import { duration } from '../lib/format';
import { navigate } from '../lib/router';

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
  labels: string[]; // x tick label per run
  names: string[]; // hover text per run
  onPick: (i: number) => void;
  color: string;
  fmt: (v: number) => string;
  yRange?: [number, number];
  testid: string;
}

function Chart({ title, xs, ys, labels, names, onPick, color, fmt, yRange, testid }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const readout = useRef<HTMLSpanElement>(null);
  const theme = useTheme();
  // Drawn with the render that places the box, not a frame after it.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const axis = { stroke: cssVar('--muted'), grid: { stroke: cssVar('--grid'), width: 1 }, ticks: { stroke: cssVar('--grid'), width: 1 }, font: '11px system-ui, sans-serif' };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 150,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      // Runs evenly spaced (index on x), labelled with their dates: a burst of runs
      // in one hour stays as readable as a quiet week.
      scales: { x: { time: false }, y: yRange ? { range: yRange } : { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        {
          ...axis,
          // A date only where it changes, so a day of runs reads as one label.
          values: (_u, vals) => {
            let prev = '';
            return vals.map((v) => {
              const l = Number.isInteger(v) ? labels[v] ?? '' : '';
              if (l === prev) return '';
              prev = l;
              return l;
            });
          },
        },
        // Wide enough for the longest label ("33m 20s"), so none is clipped.
        { ...axis, size: (_u, vals) => 16 + 6.5 * Math.max(3, ...(vals ?? []).map((v) => String(v).length)), values: (_u, vals) => vals.map((v) => fmt(v)) },
      ],
      hooks: {
        // Hover shows which run a point is; a click opens it.
        setCursor: [
          (u) => {
            const i = u.cursor.idx;
            const v = i === null || i === undefined ? null : ys[i];
            if (readout.current) readout.current.textContent = i === null || i === undefined ? '' : `${names[i]} · ${v === null || v === undefined ? '–' : fmt(v)}`;
          },
        ],
        ready: [
          (u) => {
            u.over.addEventListener('click', () => {
              const i = u.cursor.idx;
              if (i !== null && i !== undefined) onPick(i);
            });
          },
        ],
      },
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
  const last = [...ys].reverse().find((v) => v !== null && v !== undefined) ?? null;
  return (
    <figure class="chart card" data-testid={testid}>
      <figcaption>
        <span>
          {title} <span class="muted chart-readout" ref={readout} />
        </span>
        <span class="muted">latest {last === null || last === undefined ? '–' : fmt(last)}</span>
      </figcaption>
      <div ref={box} class="chart-box" aria-hidden="true" />
    </figure>
  );
}

export default function RunsChart({ runs, projectId }: { runs: Run[]; projectId: string }) {
  const theme = useTheme();
  // Oldest first; x in seconds (uPlot's time unit).
  const { xs, labels, names, ids, rates, durs, oneDay } = useMemo(() => {
    const sorted = [...runs].reverse();
    const day = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
    const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
    // Runs of a single day are told apart by their time (one date tick says nothing).
    const oneDay = new Set(sorted.map((r) => day.format(new Date(r.createdAt)))).size <= 1;
    const fmt = oneDay ? time : day;
    return {
      xs: sorted.map((_r, i) => i),
      labels: sorted.map((r) => fmt.format(new Date(r.createdAt))),
      names: sorted.map((r) => r.runTitle || r.commitMessage?.split('\n')[0] || r.branch || r.id),
      ids: sorted.map((r) => r.id),
      rates: sorted.map((r) => r.passRate),
      durs: sorted.map((r) => r.duration),
      oneDay,
    };
  }, [runs]);
  void theme; // re-read colours on theme change
  const pick = (i: number) => navigate(`/p/${projectId}/runs/${ids[i]}`);
  return (
    <div class="charts" data-testid="runs-charts" data-x-labels={oneDay ? 'time' : 'date'} data-first-x-label={labels[0] ?? ''}>
      <Chart title="Pass rate" testid="chart-pass-rate" xs={xs} labels={labels} names={names} onPick={pick} ys={rates} color={cssVar('--st-passed')} fmt={(v) => `${Math.round(v)}%`} yRange={percentRange(rates)} />
      <Chart title="Duration" testid="chart-duration" xs={xs} labels={labels} names={names} onPick={pick} ys={durs} color={cssVar('--accent')} fmt={(v) => duration(v)} />
    </div>
  );
}
