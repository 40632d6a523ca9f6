// The project's errors (contract §13): failure groups over a period, most occurrences
// first, each with a daily trend, first and last seen, how many tests and runs it hit,
// and a link to its newest occurrence.
import { failureGroups } from '../api/endpoints';
import { BranchFilter } from '../components/BranchFilter';
import { Empty, ListStates } from '../components/States';
import { dateTime, num, relTime } from '../lib/format';
import { Link, setQuery, useLocation } from '../lib/router';
import { useAsync } from '../lib/useAsync';
import { useTitle } from '../lib/useTitle';
import type { ProjectCtx } from './ProjectFrame';
import { Sparkline } from '../components/Sparkline';
import { Pager } from '../components/Pager';

const PAGE = 25;
const PERIODS = [7, 14, 30, 90];

export function ErrorsPage({ project }: ProjectCtx) {
  useTitle('Errors', project.name);
  const loc = useLocation();
  const days = PERIODS.includes(Number(loc.query.get('days'))) ? Number(loc.query.get('days')) : 30;
  const branch = loc.query.get('branch') ?? '';
  const page = Math.max(0, Number(loc.query.get('page') ?? 0) || 0);
  const from = new Date(Date.now() - days * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
  const list = useAsync(
    () => failureGroups.list(project.id, { from, branch: branch || undefined, limit: PAGE, offset: page * PAGE }),
    [project.id, days, branch, page],
  );
  const total = list.data?.total ?? 0;
  return (
    <div data-testid="page-errors">
      <div class="page-head">
        <h1>Errors</h1>
      </div>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Period
          <select value={String(days)} onChange={(e) => setQuery({ days: e.currentTarget.value, page: undefined })} data-testid="errors-period">
            {PERIODS.map((d) => (
              <option value={String(d)} key={d}>
                Last {d} days
              </option>
            ))}
          </select>
        </label>
        <label>
          Branch
          <BranchFilter value={branch} onApply={(b) => setQuery({ branch: b || undefined, page: undefined })} testid="errors-branch" />
        </label>
      </form>
      <ListStates
        list={list}
        action="load errors"
        empty={
          <Empty title="No failures in this period" testid="errors-empty">
            Failed tests with an error message are grouped here by what their error says.
          </Empty>
        }
      >
        {(data) => (
          <>
            <p class="muted small" data-testid="errors-total">
              {num(total)} distinct {total === 1 ? 'error' : 'errors'} in the last {days} days{branch ? ` on ${branch}` : ''}.
            </p>
            <div class="table errors-table" role="table" aria-label="Errors" data-testid="errors-list">
              <div class="thead" role="row">
                <span role="columnheader">Error</span>
                <span role="columnheader">Occurrences</span>
                <span role="columnheader">Trend</span>
                <span role="columnheader">Tests</span>
                <span role="columnheader">Runs</span>
                <span role="columnheader">First seen</span>
                <span role="columnheader">Last seen</span>
              </div>
              {data.data.map((g) => (
                <div class="tr" role="row" key={g.signature} data-testid="error-row" data-signature={g.signature}>
                  <span role="cell" class="error-cell">
                    <Link href={`/p/${project.id}/tests/${g.newestTestId}`} class="ellipsis c-failed" title={`${g.message}\n(open the newest occurrence)`} data-testid="error-newest">
                      {g.message || '(no message)'}
                    </Link>
                  </span>
                  <span role="cell" class="num" data-testid="error-occurrences">{num(g.occurrences)}</span>
                  <span role="cell">
                    <Sparkline values={g.trend} label={`${num(g.occurrences)} occurrences; ${g.trend[g.trend.length - 1] ?? 0} today`} />
                  </span>
                  <span role="cell" class="num">{num(g.tests)}</span>
                  <span role="cell" class="num">{num(g.runs)}</span>
                  <span role="cell" class="muted" title={dateTime(g.firstSeen)}>{relTime(g.firstSeen)}</span>
                  <span role="cell" class="muted" title={dateTime(g.lastSeen)}>{relTime(g.lastSeen)}</span>
                </div>
              ))}
            </div>
            <Pager total={total} page={page} size={PAGE} />
          </>
        )}
      </ListStates>
    </div>
  );
}
