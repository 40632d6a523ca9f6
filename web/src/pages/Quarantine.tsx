// The project's quarantine (contract §15): every test in quarantine with who put it
// there, why, its issue and when it ends, one click to lift or extend it; and the log
// of quarantine changes, newest first.
import { useState } from 'preact/hooks';
import { flakiness } from '../api/endpoints';
import type { QuarantinedTest } from '../api/types';
import { expiryAfter, QuarantineDialog } from '../components/QuarantineDialog';
import { Empty, FormError, ListStates } from '../components/States';
import { dateTime, relTime, safeUrl } from '../lib/format';
import { can } from '../lib/roles';
import { Link, useLocation } from '../lib/router';
import { useAsync } from '../lib/useAsync';
import { useTitle } from '../lib/useTitle';
import type { ProjectCtx } from './ProjectFrame';
import { eventLabel } from './TestCase';
import { testCaseHref } from './TestCases';
import { Pager } from '../components/Pager';

const EVENTS_PAGE = 25;
const EXTEND_DAYS = 14;

export function QuarantinePage({ project, role }: ProjectCtx) {
  useTitle('Quarantine', project.name);
  const loc = useLocation();
  const page = Math.max(0, Number(loc.query.get('events') ?? 0) || 0);
  const list = useAsync(() => flakiness.quarantined(project.id), [project.id]);
  const events = useAsync(() => flakiness.events(project.id, { limit: EVENTS_PAGE, offset: page * EVENTS_PAGE }), [project.id, page]);
  const [busy, setBusy] = useState<string | null>(null);
  const [editing, setEditing] = useState<QuarantinedTest | null>(null);
  const [error, setError] = useState<unknown>(null);
  const writer = can.writeResults(role);

  const changed = async () => {
    setEditing(null);
    await Promise.all([list.reload(), events.reload()]);
  };
  const act = async (t: QuarantinedTest, how: 'lift' | 'extend') => {
    setBusy(t.testId);
    setError(null);
    try {
      if (how === 'lift') await flakiness.quarantine(project.id, t.testId, false);
      else {
        // Two more weeks from the current end (or from now when it has none or is near).
        const base = Math.max(Date.now(), t.expiresAt ? Date.parse(t.expiresAt) : 0);
        await flakiness.quarantine(project.id, t.testId, true, {
          reason: t.reason ?? undefined,
          issueUrl: t.issueUrl ?? undefined,
          expiresAt: expiryAfter(EXTEND_DAYS, base),
        });
      }
      await changed();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="page-quarantine">
      <div class="page-head">
        <h1>Quarantine</h1>
      </div>
      <p class="muted small">
        Quarantined tests still run and report; reporters in quarantine-aware mode do not fail a run for them. A quarantine with an end date lifts itself then.
      </p>
      {!writer && <p class="muted small">You have the viewer role: quarantine changes need the member role.</p>}
      <FormError error={error} action="change the quarantine" />
      <ListStates
        list={list}
        action="load the quarantine"
        empty={
          <Empty title="No test is quarantined" testid="quarantine-empty">
            Quarantine a flaky test from its page or from Flaky tests; automatic quarantine is in Settings.
          </Empty>
        }
      >
        {(data) => (
          <div class="table quarantine-table" role="table" aria-label="Quarantined tests" data-testid="quarantine-list">
            <div class="thead" role="row">
              <span role="columnheader">Test</span>
              <span role="columnheader">By</span>
              <span role="columnheader">Reason</span>
              <span role="columnheader">Ends</span>
              <span role="columnheader">Actions</span>
            </div>
            {data.data.map((t) => {
              const issue = safeUrl(t.issueUrl);
              return (
                <div class="tr" role="row" key={t.testId} data-testid="quarantine-row" data-test-id={t.testId}>
                  <span role="cell" class="test-case-name">
                    <Link href={testCaseHref(project.id, t.testId)} class="ellipsis" title={t.fullTitle}>
                      {t.fullTitle}
                    </Link>
                    <span class="muted small ellipsis">{t.filePath ?? ''}</span>
                  </span>
                  <span role="cell" class="small">
                    {t.quarantinedBy ? t.quarantinedBy.name || 'a member' : 'automatic'}
                    <span class="muted" title={dateTime(t.since)}>
                      {' '}
                      {relTime(t.since)}
                    </span>
                  </span>
                  <span role="cell" class="small wrap" data-testid="quarantine-row-reason">
                    {t.reason ?? <span class="muted">—</span>}
                    {issue && (
                      <>
                        {' '}
                        <a href={issue} target="_blank" rel="noreferrer noopener" data-testid="quarantine-row-issue">
                          issue
                        </a>
                      </>
                    )}
                  </span>
                  <span role="cell" class="small" data-testid="quarantine-row-expires" title={t.expiresAt ? dateTime(t.expiresAt) : undefined}>
                    {t.expiresAt ? dateTime(t.expiresAt) : 'when lifted'}
                  </span>
                  <span role="cell" class="row-actions">
                    {writer && (
                      <>
                        <button type="button" class="btn btn-sm" disabled={busy === t.testId} onClick={() => act(t, 'extend')} data-testid="quarantine-extend" title={`Extend by ${EXTEND_DAYS} days`}>
                          +{EXTEND_DAYS} days
                        </button>
                        <button type="button" class="btn btn-sm" onClick={() => setEditing(t)} data-testid="quarantine-edit">
                          Edit
                        </button>
                        <button type="button" class="btn btn-sm" disabled={busy === t.testId} onClick={() => act(t, 'lift')} data-testid="quarantine-lift">
                          Lift
                        </button>
                      </>
                    )}
                  </span>
                </div>
              );
            })}
          </div>
        )}
      </ListStates>
      {editing && <QuarantineDialog projectId={project.id} testId={editing.testId} fullTitle={editing.fullTitle} current={editing} onDone={changed} onClose={() => setEditing(null)} />}

      <h2>History</h2>
      <ListStates list={events} action="load the quarantine history" empty={<p class="muted small">No quarantine changes yet.</p>}>
        {(data) => (
          <>
            <ul class="event-list" data-testid="quarantine-events">
              {data.data.map((e, i) => (
                <li key={i} data-testid="quarantine-event" data-action={e.action}>
                  <strong>{eventLabel(e.action)}</strong>{' '}
                  <Link href={testCaseHref(project.id, e.testId)}>{e.fullTitle}</Link> {e.by ? `by ${e.by.name || 'a member'}` : ''}{' '}
                  <span class="muted" title={dateTime(e.at)}>
                    {relTime(e.at)}
                  </span>
                  {e.reason && <span class="muted">: {e.reason}</span>}
                </li>
              ))}
            </ul>
            <Pager total={data.total} page={page} size={EVENTS_PAGE} param="events" label="History pages" newestFirst />
          </>
        )}
      </ListStates>
    </div>
  );
}
