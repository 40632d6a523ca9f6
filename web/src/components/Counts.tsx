// Passed / failed / flaky / skipped numbers in status colours with a mark each (✓ ✗ ≈ ⊘,
// so colour is not the only cue), and a pass-rate bar.
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
      {/* A mark per status as well as its colour; the label says it in words. */}
      <span class="c-passed" title={`${c.passedTests} passed`}><span aria-hidden="true">✓</span>{num(c.passedTests)}</span>
      <span class="c-failed" title={`${c.failedTests} failed`} data-zero={c.failedTests === 0 || undefined}><span aria-hidden="true">✗</span>{num(c.failedTests)}</span>
      <span class="c-flaky" title={`${c.flakyTests} flaky`} data-zero={c.flakyTests === 0 || undefined}><span aria-hidden="true">≈</span>{num(c.flakyTests)}</span>
      <span class="c-skipped" title={`${c.skippedTests} skipped`} data-zero={c.skippedTests === 0 || undefined}><span aria-hidden="true">⊘</span>{num(c.skippedTests)}</span>
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
