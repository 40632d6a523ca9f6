// Keyboard paths through the dashboard: after every navigation, focus goes to the new
// page's heading (so a screen reader announces it and Tab starts from there); "/" jumps to
// the page's search field, "j"/"k" to the next or previous failed test of a run, and "?"
// lists these shortcuts.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from './router';

const FAILED_ROWS = '[data-testid="test-row"][data-status="failed"]';

function typing(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName);
}

/** The next (or previous) failed row after the focused element, in document order. */
function stepFailure(forward: boolean) {
  const rows = [...document.querySelectorAll<HTMLElement>(FAILED_ROWS)];
  if (!rows.length) return;
  const at = rows.indexOf(document.activeElement as HTMLElement);
  const next = at < 0 ? (forward ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + (forward ? 1 : -1)));
  rows[next].focus();
  rows[next].scrollIntoView({ block: 'nearest' });
}

/** Focuses the page's h1 once it has rendered (pages render after their data arrives). */
function focusHeading(): () => void {
  let tries = 0;
  let timer = 0;
  const look = () => {
    // Someone already typing in a field of the new page keeps their place.
    const active = document.activeElement as HTMLElement | null;
    if (active && ['INPUT', 'TEXTAREA', 'SELECT'].includes(active.tagName)) return;
    const h = document.querySelector<HTMLElement>('main h1');
    if (h) {
      if (!h.hasAttribute('tabindex')) h.setAttribute('tabindex', '-1');
      h.focus({ preventScroll: true });
      return;
    }
    if (++tries < 60) timer = window.setTimeout(look, 50);
  };
  look();
  return () => clearTimeout(timer);
}

export function KeyboardShortcuts() {
  const loc = useLocation();
  const [help, setHelp] = useState(false);
  const first = useRef(true);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (first.current) {
      first.current = false; // the first load keeps the browser's own start
      return;
    }
    return focusHeading();
  }, [loc.path]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e)) return;
      if (e.key === '/') {
        // The page's own search (a page may also have search-styled filters).
        const search =
          document.querySelector<HTMLInputElement>('main [data-search-shortcut]') ??
          document.querySelector<HTMLInputElement>('main input[type="search"]');
        if (search) {
          e.preventDefault();
          search.focus();
          search.select();
        }
      } else if (e.key === 'j' || e.key === 'k') {
        if (document.querySelector(FAILED_ROWS)) {
          e.preventDefault();
          stepFailure(e.key === 'j');
        }
      } else if (e.key === '?') {
        e.preventDefault();
        setHelp(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (help && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [help]);

  if (!help) return null;
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="shortcuts-title" data-testid="shortcuts" onClose={() => setHelp(false)}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl class="shortcuts">
        <dt><kbd>/</kbd></dt>
        <dd>Search on this page</dd>
        <dt><kbd>j</kbd> / <kbd>k</kbd></dt>
        <dd>Next / previous failed test (run pages)</dd>
        <dt><kbd>?</kbd></dt>
        <dd>These shortcuts</dd>
        <dt><kbd>Esc</kbd></dt>
        <dd>Close this</dd>
      </dl>
      <form method="dialog">
        <button class="btn" data-testid="shortcuts-close">Close</button>
      </form>
    </dialog>
  );
}
