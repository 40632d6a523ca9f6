// A fixed-row-height virtual list: only the rows in view (plus a margin) are in the
// DOM, so a run with 10,000 tests scrolls as smoothly as one with 10. The list
// scrolls inside its own box; keyboard users reach rows by Tab (rows are links) and
// the box scrolls to keep the focused row visible.
import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

interface Props<T> {
  items: T[];
  rowHeight: number;
  height: number | string; // CSS height of the scrolling box
  render: (item: T, index: number) => JSX.Element;
  overscan?: number;
  testid?: string;
  label?: string;
}

export function VirtualList<T>({ items, rowHeight, height, render, overscan = 8, testid, label }: Props<T>) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    setViewport(el.clientHeight);
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // A new item list (filter changed) that is shorter than the scroll offset: clamp.
  useEffect(() => {
    const el = box.current;
    if (el && el.scrollTop > items.length * rowHeight) {
      el.scrollTop = 0;
      setScrollTop(0);
    }
  }, [items, rowHeight]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  const rows: JSX.Element[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div class="vrow" role="listitem" key={i} data-index={i} style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }}>
        {render(items[i], i)}
      </div>,
    );
  }

  return (
    <div
      ref={box}
      class="vlist"
      style={{ height }}
      data-testid={testid}
      data-count={items.length}
      role="list"
      aria-label={label}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
      onKeyDown={(e) => {
        // Arrow keys move focus between row links, scrolling as needed.
        if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
        const el = box.current;
        const active = document.activeElement as HTMLElement | null;
        if (!el || !active || !el.contains(active)) return;
        const row = active.closest('.vrow') as HTMLElement | null;
        if (!row) return;
        const idx = Number(row.dataset.index) + (e.key === 'ArrowDown' ? 1 : -1);
        if (idx < 0 || idx >= items.length) return;
        e.preventDefault();
        const top = idx * rowHeight;
        if (top < el.scrollTop) el.scrollTop = top;
        else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
        setScrollTop(el.scrollTop);
        // The next row is usually in the DOM already (overscan): focus it now, so
        // fast repeated keys are not lost; otherwise once it has rendered.
        const find = () => el.querySelector<HTMLElement>(`.vrow[data-index="${idx}"] a, .vrow[data-index="${idx}"] button`);
        const now = find();
        if (now) now.focus({ preventScroll: true });
        else requestAnimationFrame(() => find()?.focus({ preventScroll: true }));
      }}
    >
      <div class="vlist-inner" style={{ height: `${items.length * rowHeight}px` }}>
        {rows}
      </div>
    </div>
  );
}
