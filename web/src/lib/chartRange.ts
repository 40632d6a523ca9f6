// Y ranges for the trend charts: a pass rate of 92–98 % gets the chart's height, not a
// sliver at the top of 0–100 %.

/** [low, high] around the values, padded by a fifth of their spread (at least 1 point),
 * kept within 0–100 and whole. */
export function percentRange(values: (number | null | undefined)[]): [number, number] {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (!v.length) return [0, 100];
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  const pad = Math.max(1, (hi - lo) * 0.2);
  let low = Math.max(0, Math.floor(lo - pad));
  let high = Math.min(100, Math.ceil(hi + pad));
  if (high - low < 5) {
    // A flat line still gets a readable scale.
    if (high === 100) low = Math.max(0, high - 5);
    else high = Math.min(100, low + 5);
  }
  return [low, high];
}
