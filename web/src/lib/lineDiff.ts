// A line diff of an expectation's expected and received values, as Playwright prints it:
// "-" lines only expected, "+" lines only received, " " lines in both. Longest common
// subsequence over lines; beyond kMaxLines a side, the two are listed whole instead.

export type DiffLine = { kind: ' ' | '-' | '+'; text: string };

const kMaxLines = 400;

export function lineDiff(expected: string, received: string): DiffLine[] {
  const a = expected.split('\n');
  const b = received.split('\n');
  if (a.length > kMaxLines || b.length > kMaxLines)
    return [...a.map((text) => ({ kind: '-' as const, text })), ...b.map((text) => ({ kind: '+' as const, text }))];
  // lcs[i][j]: the common lines of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: ' ', text: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ kind: '-', text: a[i++] });
    else out.push({ kind: '+', text: b[j++] });
  }
  while (i < a.length) out.push({ kind: '-', text: a[i++] });
  while (j < b.length) out.push({ kind: '+', text: b[j++] });
  return out;
}
