import { Link } from '../lib/router';

export function NotFound() {
  return (
    <div class="state state-empty" data-testid="page-not-found">
      <h1 class="state-title">This page does not exist</h1>
      <div class="state-body">
        The address may be mistyped or out of date. <Link href="/">Go to the start page</Link>.
      </div>
    </div>
  );
}
