// Loading progress of a big run, outside the page's own state so that each page of
// results updates one line instead of re-rendering the page.
import { useEffect, useState } from 'preact/hooks';

export class Progress {
  loaded = 0;
  total = 0;
  private fns = new Set<() => void>();
  set(loaded: number, total: number) {
    this.loaded = loaded;
    this.total = total;
    for (const f of this.fns) f();
  }
  on(f: () => void) {
    this.fns.add(f);
    return () => void this.fns.delete(f);
  }
}

export function ProgressLine({ progress }: { progress: Progress }) {
  const [, tick] = useState(0);
  useEffect(() => progress.on(() => tick((n) => n + 1)), [progress]);
  return (
    <p class="muted small" role="status" data-testid="tests-progress">
      Loading results… {progress.loaded.toLocaleString()} of {progress.total.toLocaleString()}
    </p>
  );
}
