// A result's artifacts: screenshots inline, videos playable (the server honours
// Range, so seeking works), traces in the trace viewer the server hosts at /trace/,
// HTML reports opened in the browser or downloaded. URLs are signed and expire: they
// are fetched fresh with the page.
import { artifacts as artifactsApi } from '../api/endpoints';
import type { Artifact } from '../api/types';
import { bytes } from '../lib/format';

export function traceViewerUrl(a: Artifact): string {
  return `/trace/index.html?trace=${encodeURIComponent(a.url)}`;
}

export function reportViewUrl(a: Artifact): string {
  return a.viewUrl ?? a.url;
}

// Signed URLs last an hour: a page left open longer gets fresh ones when a file fails to load.
let lastRefresh = 0;
function refreshOnce(onExpired?: () => void) {
  if (!onExpired || Date.now() - lastRefresh < 60000) return;
  lastRefresh = Date.now();
  onExpired();
}

// A link whose signed URL has expired (a page left open) would open the trace viewer on a
// bare "Could not load trace": such a click opens the tab at once and points it at a fresh
// URL when the server has given one.
export async function openFresh(e: MouseEvent, a: Artifact, target: (fresh: Artifact) => string, onExpired?: () => void) {
  if (Date.parse(a.expiresAt) - Date.now() > 15000) return; // still good: the link as it is
  e.preventDefault();
  const tab = window.open('about:blank', '_blank');
  try {
    const fresh = (await artifactsApi.list(a.runId, a.testId ?? undefined)).data.find((x) => x.id === a.id);
    if (!fresh) throw new Error('gone');
    if (tab) {
      tab.opener = null;
      tab.location.href = target(fresh);
    } else location.href = target(fresh);
  } catch {
    tab?.close();
  }
  onExpired?.();
}

export function Artifacts({ items, onExpired }: { items: Artifact[]; onExpired?: () => void }) {
  if (items.length === 0) return <p class="muted small" data-testid="no-artifacts">No screenshots, videos, traces or reports were uploaded for this test.</p>;
  const shots = items.filter((a) => a.type === 'screenshot');
  const videos = items.filter((a) => a.type === 'video');
  const files = items.filter((a) => a.type === 'trace' || a.type === 'report');
  return (
    <div class="artifacts" data-testid="artifacts">
      {files.length > 0 && (
        <ul class="plain-list artifact-files">
          {files.map((a) => (
            <li key={a.id} class="row-line" data-testid="artifact" data-type={a.type}>
              <span>
                <strong>{a.type === 'trace' ? 'Trace' : 'Report'}</strong> <span class="muted small">{a.fileName} · {bytes(a.fileSize)}</span>
              </span>
              <span class="btn-row">
                {a.type === 'trace' && (
                  <a class="btn btn-sm btn-primary" href={traceViewerUrl(a)} target="_blank" rel="noopener" data-testid="open-trace" onClick={(e) => openFresh(e, a, traceViewerUrl, onExpired)}>
                    Open in trace viewer ↗
                  </a>
                )}
                {a.type === 'report' && a.viewUrl && (
                  <a class="btn btn-sm btn-primary" href={reportViewUrl(a)} target="_blank" rel="noopener" data-testid="open-report" onClick={(e) => openFresh(e, a, reportViewUrl, onExpired)}>
                    Open report ↗
                  </a>
                )}
                <a class="btn btn-sm" href={a.url} download={a.fileName} data-testid={a.type === 'trace' ? 'download-trace' : 'download-report'}>
                  Download
                </a>
              </span>
            </li>
          ))}
        </ul>
      )}
      {shots.length > 0 && (
        <div class="shots">
          {shots.map((a) => (
            <figure key={a.id} class="shot" data-testid="artifact" data-type="screenshot">
              <a href={a.url} target="_blank" rel="noopener" title="Open full size">
                <img src={a.url} alt={`Screenshot ${a.fileName}`} loading="lazy" data-testid="artifact-screenshot" onError={() => refreshOnce(onExpired)} />
              </a>
              <figcaption class="muted small">{a.fileName}</figcaption>
            </figure>
          ))}
        </div>
      )}
      {videos.map((a) => (
        <figure key={a.id} class="video" data-testid="artifact" data-type="video">
          <video controls preload="metadata" src={a.url} data-testid="artifact-video" onError={() => refreshOnce(onExpired)} />
          <figcaption class="muted small">
            {a.fileName} · {bytes(a.fileSize)} · <a href={a.url} download={a.fileName}>Download</a>
          </figcaption>
        </figure>
      ))}
    </div>
  );
}
