// Calls fn every `ms` while `active`, pausing while the tab is hidden (no point
// spending the rate limit on a page no one looks at).
import { useEffect, useRef } from 'preact/hooks';

export function usePoll(fn: () => unknown, ms: number, active: boolean) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const tick = async () => {
      if (!document.hidden) {
        try {
          await ref.current();
        } catch {
          /* the page shows its own errors */
        }
      }
      if (!stopped) timer = setTimeout(tick, ms);
    };
    timer = setTimeout(tick, ms);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [ms, active]);
}
