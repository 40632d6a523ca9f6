// A branch filter field: what is typed stays while the page re-renders (a load finishing
// would otherwise put the applied value back), and applies on Enter or when the field is
// left.
import { useEffect, useState } from 'preact/hooks';

export function BranchFilter({ value, onApply, testid }: { value: string; onApply: (branch: string) => void; testid: string }) {
  const [typed, setTyped] = useState(value);
  useEffect(() => setTyped(value), [value]);
  return (
    <input
      type="search"
      value={typed}
      placeholder="All branches"
      onInput={(e) => setTyped(e.currentTarget.value)}
      onChange={(e) => onApply(e.currentTarget.value.trim())}
      data-testid={testid}
    />
  );
}
