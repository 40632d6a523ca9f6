// Previous/next pages of a list whose page number lives in the URL (?page= or another
// parameter); nothing when everything fits on one page. `newestFirst` lists say
// Newer/Older instead of Previous/Next.
import { setQuery } from '../lib/router';

interface Props {
  total: number;
  page: number;
  size: number;
  param?: string;
  label?: string;
  newestFirst?: boolean;
}

export function Pager({ total, page, size, param = 'page', label = 'Pages', newestFirst = false }: Props) {
  const pages = Math.ceil(total / size);
  if (pages <= 1) return null;
  const go = (p: number) => setQuery({ [param]: p > 0 ? String(p) : undefined });
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" class="btn btn-sm" disabled={page === 0} onClick={() => go(page - 1)} data-testid="page-prev">
        {newestFirst ? '← Newer' : '← Previous'}
      </button>
      <span class="muted">
        Page {page + 1} of {pages}
      </span>
      <button type="button" class="btn btn-sm" disabled={page + 1 >= pages} onClick={() => go(page + 1)} data-testid="page-next">
        {newestFirst ? 'Older →' : 'Next →'}
      </button>
    </nav>
  );
}
