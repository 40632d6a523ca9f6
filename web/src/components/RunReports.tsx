// The HTML reports uploaded for a run (type "report"), each opened in the browser from
// its zip or downloaded. Renders nothing when the run has none. The links are signed
// and expire: a click on a stale one opens the tab on a fresh link.
import { useEffect, useState } from 'preact/hooks';
import { artifacts as artifactsApi } from '../api/endpoints';
import type { Artifact } from '../api/types';
import { bytes } from '../lib/format';
import { openFresh, reportViewUrl } from './Artifacts';

export function RunReports({ runId }: { runId: string }) {
  const [reports, setReports] = useState<Artifact[]>([]);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let alive = true;
    artifactsApi
      .list(runId)
      .then((r) => alive && setReports(r.data.filter((a) => a.type === 'report')))
      .catch(() => alive && setReports([])); // the run page shows the run's own errors
    return () => {
      alive = false;
    };
  }, [runId, attempt]);
  if (reports.length === 0) return null;
  const refresh = () => setAttempt((a) => a + 1);
  return (
    <section class="notice run-reports" aria-label="HTML reports" data-testid="run-reports">
      {reports.map((a) => (
        <div key={a.id} class="row-line" data-testid="run-report">
          <span>
            <strong>Playwright report</strong> <span class="muted small">{a.fileName} · {bytes(a.fileSize)}</span>
          </span>
          <span class="btn-row">
            {a.viewUrl && (
              <a class="btn btn-sm btn-primary" href={reportViewUrl(a)} target="_blank" rel="noopener" data-testid="open-report" onClick={(e) => openFresh(e, a, reportViewUrl, refresh)}>
                Open report ↗
              </a>
            )}
            <a class="btn btn-sm" href={a.url} download={a.fileName} data-testid="download-report">
              Download
            </a>
          </span>
        </div>
      ))}
    </section>
  );
}
