import { useEffect, useState } from 'preact/hooks';
import { projects } from '../../api/endpoints';
import { ConfirmButton } from '../../components/Buttons';
import { ErrorBox, FormError, Loading } from '../../components/States';
import { invalidateProjects } from '../../lib/projects';
import { can } from '../../lib/roles';
import { navigate } from '../../lib/router';
import { useAsync } from '../../lib/useAsync';
import { forgetProject, projectChanged, type ProjectCtx } from '../ProjectFrame';
import { RoleNotice } from './RoleNotice';
import { useSubmit } from '../../lib/useSubmit';

export function ProjectTab({ project, role }: ProjectCtx) {
  const editable = can.manageProject(role);
  const settings = useAsync(() => projects.settings(project.id), [project.id]);
  const [name, setName] = useState(project.name);
  const [days, setDays] = useState('');
  const [threshold, setThreshold] = useState('');
  const [auto, setAuto] = useState(false);
  const [saved, setSaved] = useState('');
  const { busy, error, setError, run } = useSubmit();

  useEffect(() => {
    const s = settings.data;
    if (!s) return;
    setDays(String(s.dataRetentionDays));
    setThreshold(String(s.flakinessThreshold));
    setAuto(s.autoQuarantineEnabled);
  }, [settings.data]);

  async function save(e: Event) {
    e.preventDefault();
    setSaved('');
    await run(async () => {
      if (name.trim() !== project.name) {
        const renamed = await projects.rename(project.id, name.trim());
        invalidateProjects();
        projectChanged(renamed);
      }
      const s = await projects.updateSettings(project.id, {
        dataRetentionDays: Number(days),
        flakinessThreshold: Number(threshold),
        autoQuarantineEnabled: auto,
      });
      settings.setData(s);
      setSaved('Saved.');
    });
  }

  if (settings.error) return <ErrorBox error={settings.error} retry={settings.reload} />;
  if (!settings.data) return <Loading />;
  return (
    <div class="settings-section" data-testid="settings-project">
      {!editable && <RoleNotice need="admin" what="change project settings" role={role} />}
      <form class="card form settings-form" onSubmit={save}>
        <label>
          Project name
          <input value={name} required disabled={!editable} onInput={(e) => setName(e.currentTarget.value)} data-testid="project-name-input" />
        </label>
        <label>
          Keep results for (days)
          <input type="number" min={1} max={3650} required value={days} disabled={!editable} onInput={(e) => setDays(e.currentTarget.value)} data-testid="retention-days" />
          <span class="hint">Runs older than this are deleted with their artifacts (1–3650).</span>
        </label>
        <label>
          Flakiness threshold
          <input type="number" min={0} max={1} step={0.01} required value={threshold} disabled={!editable} onInput={(e) => setThreshold(e.currentTarget.value)} data-testid="flakiness-threshold" />
          <span class="hint">A score from 0 (stable) to 1 (always flaky); used by auto-quarantine.</span>
        </label>
        <label class="check">
          <input type="checkbox" checked={auto} disabled={!editable} onChange={(e) => setAuto(e.currentTarget.checked)} data-testid="auto-quarantine" />
          Quarantine tests automatically when their score reaches the threshold
        </label>
        <FormError error={error} action="change project settings" />
        {editable && (
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={busy} data-testid="save-settings">
              {busy ? 'Saving…' : 'Save'}
            </button>
            {saved && (
              <span class="muted" role="status" data-testid="settings-saved">
                {saved}
              </span>
            )}
          </div>
        )}
      </form>
      {can.deleteProject(role) && (
        <section class="card danger-zone">
          <h2>Delete project</h2>
          <p class="muted small">Deletes every run, result, artifact, API key and webhook of this project. This cannot be undone.</p>
          <ConfirmButton
            testid="delete-project"
            question={`Delete ${project.name} for good?`}
            onConfirm={async () => {
              try {
                await projects.remove(project.id);
                forgetProject(project.id);
                invalidateProjects();
                navigate('/');
              } catch (err) {
                setError(err);
              }
            }}
          >
            Delete project
          </ConfirmButton>
        </section>
      )}
    </div>
  );
}
