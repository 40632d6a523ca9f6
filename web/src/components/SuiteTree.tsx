// The run's suites as an expandable tree with per-node status counts. Selecting a
// node narrows the test list to that suite and everything below it.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Suite } from '../api/types';
import type { StatusCounts, SuiteIndex } from '../lib/suiteIndex';
import { memo } from '../lib/memo';

interface Props {
  index: SuiteIndex;
  selected: string;
  onSelect: (id: string) => void;
}

const CHUNK = 60;

function Tree({ index, selected, onSelect }: Props) {
  const roots = index.roots;
  // Expanded by default: the top level, and every suite with failures (cheap to show).
  const [open, setOpen] = useState<Set<string>>(() => {
    const s = new Set<string>();
    if (roots.length <= 3) for (const r of roots) s.add(r.id);
    for (const [id, c] of index.counts) if (c.failed > 0 && index.counts.size < 400) s.add(id);
    return s;
  });
  // A run with hundreds of files: the top level is built a slice per task, so that no
  // single task holds the main thread for long.
  const [limit, setLimit] = useState(CHUNK);
  useEffect(() => {
    if (limit >= roots.length) return;
    const t = setTimeout(() => setLimit((l) => l + CHUNK), 0);
    return () => clearTimeout(t);
  }, [limit, roots.length]);
  // Roving tabindex: the tree is one tab stop (the node last focused, else the selected
  // one); arrow keys move within it, Right and Left open and close, Enter selects.
  const [current, setCurrent] = useState(selected);
  const navRef = useRef<HTMLElement>(null);
  const onKeyDown = (e: KeyboardEvent) => {
    const labels = [...(navRef.current?.querySelectorAll<HTMLButtonElement>('.tree-label') ?? [])];
    const i = labels.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    const here = labels[i];
    const id = here.dataset.suiteId ?? '';
    const item = here.closest('li');
    const move = (j: number) => labels[Math.max(0, Math.min(labels.length - 1, j))]?.focus();
    switch (e.key) {
      case 'ArrowDown': move(i + 1); break;
      case 'ArrowUp': move(i - 1); break;
      case 'Home': move(0); break;
      case 'End': move(labels.length - 1); break;
      case 'ArrowRight':
        if (item?.getAttribute('aria-expanded') === 'false') toggle(id);
        else move(i + 1);
        break;
      case 'ArrowLeft':
        if (item?.getAttribute('aria-expanded') === 'true') toggle(id);
        else item?.parentElement?.closest('li')?.querySelector<HTMLButtonElement>('.tree-label')?.focus();
        break;
      default:
        return;
    }
    e.preventDefault();
  };
  const stop = (id: string) => (id === current ? 0 : -1);
  // The tab stop's node collapsed away: "All suites" takes it, so the tree stays reachable.
  useEffect(() => {
    if (current && navRef.current && !navRef.current.querySelector('.tree-label[tabindex="0"]')) setCurrent('');
  });

  const toggle = (id: string) => {
    const n = new Set(open);
    if (n.has(id)) n.delete(id);
    else n.add(id);
    setOpen(n);
  };

  const node = (s: Suite, depth: number) => {
    const c = index.counts.get(s.id);
    if (!c || c.total === 0) return null;
    const isOpen = open.has(s.id);
    const hasKids = s.children.some((k) => (index.counts.get(k.id)?.total ?? 0) > 0);
    return (
      <li key={s.id} role="treeitem" aria-expanded={hasKids ? isOpen : undefined} aria-selected={selected === s.id}>
        <div class={`tree-row${selected === s.id ? ' selected' : ''}`} style={{ paddingLeft: `${depth * 14 + 4}px` }}>
          {hasKids ? (
            <button type="button" class="twisty" tabIndex={-1} aria-label={isOpen ? `Collapse ${s.title}` : `Expand ${s.title}`} onClick={() => toggle(s.id)}>
              {isOpen ? '▾' : '▸'}
            </button>
          ) : (
            <span class="twisty" aria-hidden="true" />
          )}
          <button type="button" class="tree-label" tabIndex={stop(s.id)} onFocus={() => setCurrent(s.id)} title={s.filePath ? `${s.title} — ${s.filePath}` : s.title} onClick={() => onSelect(selected === s.id ? '' : s.id)} data-testid="suite-node" data-suite-id={s.id}>
            <span class="ellipsis">{s.title}</span>
            <NodeCounts c={c} />
          </button>
        </div>
        {hasKids && isOpen && <ul role="group">{s.children.map((k) => node(k, depth + 1))}</ul>}
      </li>
    );
  };

  return (
    <nav class="suite-tree" aria-label="Suites" data-testid="suite-tree" ref={navRef} onKeyDown={onKeyDown}>
      <div class={`tree-row${selected === '' ? ' selected' : ''}`}>
        <span class="twisty" aria-hidden="true" />
        <button type="button" class="tree-label" tabIndex={stop('')} onFocus={() => setCurrent('')} onClick={() => onSelect('')} data-testid="suite-all">
          <span class="ellipsis">All suites</span>
        </button>
      </div>
      {roots.length === 0 ? (
        <p class="muted small tree-empty">No results yet.</p>
      ) : (
        <ul role="tree">{(limit < roots.length ? roots.slice(0, limit) : roots).map((s) => node(s, 0))}</ul>
      )}
    </nav>
  );
}

function NodeCounts({ c }: { c: StatusCounts }) {
  return (
    <span class="node-counts" aria-label={`${c.failed} failed, ${c.flaky} flaky, ${c.passed} passed, ${c.skipped} skipped`}>
      {c.failed > 0 && <span class="c-failed">{c.failed}</span>}
      {c.flaky > 0 && <span class="c-flaky">{c.flaky}</span>}
      <span class="c-passed">{c.passed}</span>
      {c.skipped > 0 && <span class="c-skipped">{c.skipped}</span>}
    </span>
  );
}

/** Re-renders only when the index or the selection changes (onSelect must be stable). */
export const SuiteTree = memo(Tree);
