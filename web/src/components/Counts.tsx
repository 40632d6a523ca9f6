// Passed / failed / flaky / skipped numbers in status colours, and a pass-rate bar.
import { num, pct } from '../lib/format';

interface C {
  passedTests: number;
  failedTests: number;
  flakyTests: number;
  skippedTests: number;
  totalTests: number;
}

export function Counts({ c }: { c: C }) {
  return (
    <span class="counts" data-testid="run-counts" aria-label={`${c.passedTests} passed, ${c.failedTests} failed, ${c.flakyTests} flaky, ${c.skippedTests} skipped of ${c.totalTests}`}>
      <span class="c-passed" title="passed">{num(c.passedTests)}</span>
      <span class="c-failed" title="failed" data-zero={c.failedTests === 0 || undefined}>{num(c.failedTests)}</span>
      <span class="c-flaky" title="flaky" data-zero={c.flakyTests === 0 || undefined}>{num(c.flakyTests)}</span>
      <span class="c-skipped" title="skipped" data-zero={c.skippedTests === 0 || undefined}>{num(c.skippedTests)}</span>
      <span class="muted" title="total">/ {num(c.totalTests)}</span>
    </span>
  );
}

export function PassRate({ value }: { value: number | null }) {
  return (
    <span class="passrate" data-testid="pass-rate">
      <span class="passrate-bar" aria-hidden="true">
        <span style={{ width: `${value ?? 0}%` }} />
      </span>
      {pct(value)}
    </span>
  );
}
