// Loads data for a component: {data, error, loading, reload}. Stale answers (a newer
// load started, or the component unmounted) are dropped.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
  setData: (d: T | ((old: T | undefined) => T)) => void;
}

export function useAsync<T>(fn: () => Promise<T>, deps: unknown[]): Async<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  const load = useCallback(async (quiet: boolean) => {
    const my = ++seq.current;
    if (!quiet) setLoading(true);
    try {
      const d = await fn();
      if (alive.current && my === seq.current) {
        setData(() => d);
        setError(null);
      }
    } catch (e) {
      if (alive.current && my === seq.current) setError(e);
    } finally {
      if (alive.current && my === seq.current) setLoading(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  // Old data stays on screen while new parameters load (no flicker on filter changes);
  // pages keyed by id remount instead. Started right after the render, not after the
  // next frame as useEffect would: an answer already fetched (prefetched with the page)
  // then renders in the same task, instead of a frame later at each level of the page.
  useLayoutEffect(() => {
    void load(false);
  }, [load]);

  return { data, error, loading, reload: () => load(true), setData: setData as Async<T>['setData'] };
}
