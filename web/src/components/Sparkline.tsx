// A small bar chart of daily counts (a failure group's trend). Decorative for screen
// readers: the label carries the numbers that matter.
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const max = Math.max(1, ...values);
  const w = 3;
  const h = 20;
  return (
    <svg class="sparkline" width={values.length * w} height={h} role="img" aria-label={label} data-testid="sparkline">
      {values.map((v, i) => (v > 0 ? <rect key={i} x={i * w} y={h - Math.max(2, (v / max) * h)} width={w - 1} height={Math.max(2, (v / max) * h)} /> : null))}
    </svg>
  );
}
