import { useEffect } from 'preact/hooks';

/** Sets the tab title ("Runs · Web App · Euriqa"); parts that are empty are skipped. */
export function useTitle(...parts: (string | null | undefined)[]) {
  const title = [...parts.filter(Boolean), 'Euriqa'].join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
