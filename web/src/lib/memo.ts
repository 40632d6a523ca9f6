// memo() without preact/compat: skips re-rendering a component whose props are
// shallowly equal to the last ones (used for the suite tree, which is large and
// would otherwise be diffed on every keystroke in the search box).
import { Component, h, type ComponentType } from 'preact';

export function memo<P extends object>(Inner: ComponentType<P>): ComponentType<P> {
  return class Memo extends Component<P> {
    shouldComponentUpdate(next: P) {
      const a = this.props as Record<string, unknown>;
      const b = next as Record<string, unknown>;
      for (const k in a) if (k !== 'children' && a[k] !== b[k]) return true;
      for (const k in b) if (k !== 'children' && !(k in a)) return true;
      return false;
    }
    render() {
      return h(Inner, this.props);
    }
  };
}
