// The busy/error pattern of every form and action button: while the work runs the
// control is disabled (busy), a failure is kept for <FormError> (optionally turned into
// a friendlier message), a new attempt clears it.
import { useState } from 'preact/hooks';

export interface Submit {
  busy: boolean;
  error: unknown;
  setError: (e: unknown) => void;
  /** Runs `work` unless one is running; resolves to whether it succeeded. */
  run: (work: () => Promise<unknown>, explain?: (e: unknown) => unknown) => Promise<boolean>;
}

export function useSubmit(): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (work: () => Promise<unknown>, explain?: (e: unknown) => unknown) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (e) {
      setError(explain ? explain(e) : e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
