// Display helpers: durations, times, numbers, ANSI stripping.

/** Rounded once, to the unit shown, before it is split: 59.6 s is "1m 00s", never "60 s",
 * and 599,920 ms is "10m 00s", never "9m 60s". */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 0) return `-${duration(-ms)}`;
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 100) return `${(tenths / 10).toFixed(1)} s`;
  const secs = Math.round(ms / 1000);
  if (secs < 60) return `${secs} s`;
  if (secs < 3600) return `${Math.floor(secs / 60)}m ${String(secs % 60).padStart(2, '0')}s`;
  const mins = Math.round(ms / 60000);
  return `${Math.floor(mins / 60)}h ${String(mins % 60).padStart(2, '0')}m`;
}

export function relTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = (Date.now() - t) / 1000;
  if (d < 45) return 'just now';
  if (d < 3600) return `${Math.round(d / 60)} min ago`;
  if (d < 86400) return `${Math.round(d / 3600)} h ago`;
  if (d < 86400 * 14) return `${Math.round(d / 86400)} d ago`;
  return dateTime(iso);
}

// One formatter each, made on first use: toLocaleString with options builds a new
// Intl formatter on every call (about 0.3 ms), which a page of 100 runs and its charts
// paid hundreds of times.
let dateTimeFormat: Intl.DateTimeFormat | null = null;
let numberFormat: Intl.NumberFormat | null = null;

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  dateTimeFormat ??= new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return dateTimeFormat.format(d);
}

export function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : `${v.toFixed(v === 100 || v === 0 ? 0 : 1)}%`;
}

/** A fraction (0..1, as the API's rates) as a percentage. */
export function rate(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : pct(Math.round(v * 1000) / 10);
}

export function num(n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  numberFormat ??= new Intl.NumberFormat();
  return numberFormat.format(n);
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 7) : '';
}

// Playwright error messages carry ANSI colour codes even with FORCE_COLOR=0.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
export function stripAnsi(s: string | null | undefined): string {
  return s ? s.replace(ANSI, '') : '';
}

export function display(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? stripAnsi(v) : JSON.stringify(v, null, 2);
}

/** Only http(s) links are rendered as links (ciBuildUrl comes from CI input). */
export function safeUrl(u: string | null | undefined): string | null {
  if (!u) return null;
  try {
    const p = new URL(u);
    return p.protocol === 'http:' || p.protocol === 'https:' ? p.href : null;
  } catch {
    return null;
  }
}
