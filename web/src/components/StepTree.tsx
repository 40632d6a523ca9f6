// Playwright's nested steps with durations; the failing step (the deepest step that
// carries an error) is marked and its branch opened.
import type { Step } from '../api/types';
import { duration, stripAnsi } from '../lib/format';

function failed(s: Step): boolean {
  return s.status === 'failed' || !!s.error;
}

/** Path of indices to the deepest failing step, or null. */
function failingPath(steps: Step[]): number[] | null {
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    if (!failed(s) && !(s.steps ?? []).some(failed)) continue;
    const deeper = s.steps?.length ? failingPath(s.steps) : null;
    return deeper ? [i, ...deeper] : [i];
  }
  return null;
}

export function StepTree({ steps }: { steps: Step[] }) {
  if (steps.length === 0) return <p class="muted small">No steps were reported for this test.</p>;
  const path = failingPath(steps);
  const max = Math.max(1, ...steps.map((s) => s.duration ?? 0));
  return (
    <ul class="steps" data-testid="step-tree">
      {steps.map((s, i) => (
        <StepNode step={s} key={i} path={path && path[0] === i ? path.slice(1) : null} max={max} />
      ))}
    </ul>
  );
}

function StepNode({ step, path, max }: { step: Step; path: number[] | null; max: number }) {
  const kids = step.steps ?? [];
  const isFailing = path !== null && path.length === 0;
  const onPath = path !== null;
  const head = (
    <span class={`step-head${isFailing ? ' step-failing' : ''}`} data-testid={isFailing ? 'failing-step' : 'step'}>
      <span class={`step-icon st-${failed(step) ? 'failed' : step.status === 'skipped' ? 'skipped' : 'passed'}`} aria-hidden="true" />
      <span class="step-title ellipsis" title={step.title}>
        {step.title}
      </span>
      {step.category && <span class="step-cat muted">{step.category}</span>}
      <span class="step-bar" aria-hidden="true">
        <span style={{ width: `${Math.min(100, ((step.duration ?? 0) / max) * 100)}%` }} />
      </span>
      <span class="step-dur num muted">{duration(step.duration)}</span>
      {isFailing && <span class="sr-only">(failing step)</span>}
    </span>
  );
  const error = step.error?.message ? <pre class="step-error">{stripAnsi(step.error.message)}</pre> : null;
  if (kids.length === 0)
    return (
      <li class="step leaf">
        {head}
        {isFailing && error}
      </li>
    );
  const kmax = Math.max(1, ...kids.map((s) => s.duration ?? 0));
  return (
    <li class="step">
      <details open={onPath}>
        <summary>{head}</summary>
        <ul class="steps">
          {kids.map((k, i) => (
            <StepNode step={k} key={i} path={path && path[0] === i ? path.slice(1) : null} max={kmax} />
          ))}
        </ul>
        {isFailing && error}
      </details>
    </li>
  );
}
