// Code-split a component: its module (and what it imports, e.g. uPlot) is fetched
// the first time it renders, with a loading state meanwhile.
import type { ComponentType } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';
import { ErrorBox, Loading } from '../components/States';

export function lazy<P extends object>(load: () => Promise<{ default: ComponentType<P> }>, label?: string) {
  let Comp: ComponentType<P> | null = null;
  let pending: Promise<void> | null = null;
  return function Lazy(props: P) {
    const [, setReady] = useState(0);
    const [error, setError] = useState<unknown>(null);
    // Right after the render (not a frame later): a chunk fetched ahead shows at once.
    useLayoutEffect(() => {
      if (Comp) return;
      pending ??= load().then((m) => void (Comp = m.default));
      pending.then(() => setReady(1), (e) => { pending = null; setError(e); });
    }, []);
    if (Comp) return <Comp {...props} />;
    if (error) return <ErrorBox error={error} retry={() => location.reload()} />;
    return <Loading label={label} />;
  };
}
