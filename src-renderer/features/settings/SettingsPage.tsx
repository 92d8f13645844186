/**
 * @file The Settings page (#/settings): the project's default execution provider, chosen among those
 * this onnxruntime build lists for the machine (the others are disabled, each with why), saved at
 * once. New models get it and each model can override it on the Models page; a provider that cannot
 * start falls back to the CPU with a message. Needs an open project: settings live in its catalog.
 */
import type { ExecutionProvider, ProviderInfo } from '../../../src-main/contract';
import { useApi } from '../../api/ApiContext';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ProjectGate, type ProjectPageProps } from '../../ui/ProjectGate';
import { ProviderSelect } from '../models/ModelList';
import { PROVIDER_LABELS } from '../models/model/modelView';
import './settings.css';

export function SettingsPage(props: ProjectPageProps) {
  return (
    <ProjectGate {...props} page="settings" title="Settings" why="Settings are kept in a project's catalog.">
      {(project) => <SettingsWorkspace key={project.path} />}
    </ProjectGate>
  );
}

function ProviderNotes({ items }: { items: readonly ProviderInfo[] }) {
  return (
    <ul className="settings-providers" data-testid="settings-providers">
      {items.map((item) => (
        <li key={item.id} data-listed={item.listed} data-testid={`settings-provider-${item.id}`}>
          <strong>{PROVIDER_LABELS[item.id]}</strong>
          {item.listed ? '' : ' (not available in this build for this machine)'}: {item.note}
        </li>
      ))}
    </ul>
  );
}

function SettingsWorkspace() {
  const { client } = useApi();
  const settings = useQuery('settings.get', {});
  const providers = useQuery('providers.list', {});
  const save = useAction();
  const current = settings.data?.provider;
  const change = (provider: ExecutionProvider) =>
    void save.run(() => client.call('settings.update', { provider })).then(settings.refetch);
  const listed = providers.data?.items.find((item) => item.id === current)?.listed;
  return (
    <section className="page settings-page" aria-labelledby="settings-title" data-testid="page-settings">
      <h1 id="settings-title">Settings</h1>
      <div className="panel">
        <h2>Execution provider</h2>
        <p>
          Where generation runs the diffusion model by default. Models added from now on get it; each model
          can use another one on the Models page.
        </p>
        <ErrorNotice error={settings.error ?? providers.error} />
        {current === undefined || providers.data === undefined ? (
          <p className="muted">Loading…</p>
        ) : (
          <>
            <label className="field">
              <span className="field__label">Default execution provider</span>
              <ProviderSelect
                value={current}
                providers={providers.data.items}
                onChange={change}
                label="Default execution provider"
                testId="settings-provider"
                disabled={save.busy}
              />
            </label>
            {listed === false && (
              <p className="form-error" data-testid="settings-provider-unlisted">
                {PROVIDER_LABELS[current]} is not available here: generation will use the CPU.
              </p>
            )}
            <ProviderNotes items={providers.data.items} />
          </>
        )}
        <p className="muted" data-testid="settings-fallback">
          A provider that is listed can still fail to start (missing drivers or libraries, no suitable GPU).
          Then generation falls back to the CPU and says so in the run&apos;s message; nothing is lost, it is
          only slower.
        </p>
        <ErrorNotice error={save.error} onDismiss={save.clearError} />
      </div>
    </section>
  );
}
