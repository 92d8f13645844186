/**
 * @file The project page: what is open (path, schema version, pose count), and how to open or
 * create another one: the native folder picker in Electron, a path field on the studio machine in
 * server mode. Errors (VERSION_TOO_NEW, PROJECT_EXISTS, NOT_FOUND, ...) are shown with their code.
 */
import { useState } from 'react';
import type { MethodOutput, ProjectInfo } from '../../../src-main/contract';
import { useApi } from '../../api/ApiContext';
import { useAction } from '../../api/hooks';
import { ErrorNotice } from '../../ui/ErrorNotice';

type AppInfo = MethodOutput<'app.info'>;

export function ProjectPage({
  info,
  onChanged,
  onOpened,
}: {
  info: AppInfo;
  onChanged: () => void;
  onOpened: () => void;
}) {
  return (
    <section className="page project-page" aria-labelledby="project-title" data-testid="page-project">
      <h1 id="project-title">Project</h1>
      <CurrentProject project={info.project} />
      <OpenProject nativeDialogs={info.nativeDialogs} onChanged={onChanged} onOpened={onOpened} />
      <p className="muted small">
        Pose Studio {info.version} · {info.transport === 'ipc' ? 'desktop app' : 'server mode'}
      </p>
    </section>
  );
}

function CurrentProject({ project }: { project: ProjectInfo | null }) {
  if (project === null) {
    return (
      <div className="panel" data-testid="no-project">
        <h2>No project is open</h2>
        <p className="muted">
          A project is a folder holding the catalog (<code>studio.sqlite</code>), media and runs. Open one, or
          create a new one, to start building a pose library.
        </p>
      </div>
    );
  }
  return (
    <div className="panel" data-testid="current-project">
      <h2>{project.name}</h2>
      <dl className="facts">
        <dt>Folder</dt>
        <dd className="mono">{project.path}</dd>
        <dt>Poses</dt>
        <dd>{project.poseCount.toLocaleString('en-US')}</dd>
        <dt>Catalog schema</dt>
        <dd>version {project.schemaVersion}</dd>
      </dl>
    </div>
  );
}

function OpenProject({
  nativeDialogs,
  onChanged,
  onOpened,
}: {
  nativeDialogs: boolean;
  onChanged: () => void;
  onOpened: () => void;
}) {
  const { client } = useApi();
  const action = useAction();
  const [path, setPath] = useState('');

  const open = async (target: string, create: boolean) => {
    const opened = await action.run(() =>
      create
        ? client.call('project.create', { path: target })
        : client.call('project.open', { path: target }),
    );
    onChanged();
    if (opened !== undefined) onOpened();
  };
  const pick = async (purpose: 'open' | 'create') => {
    const picked = await action.run(() =>
      client.call('app.pickPath', { purpose: purpose === 'create' ? 'create-project' : 'open-project' }),
    );
    if (picked?.path) await open(picked.path, purpose === 'create');
  };

  return (
    <div className="panel">
      <h2>Open or create a project</h2>
      {nativeDialogs ? (
        <div className="row">
          <button
            type="button"
            className="button button--primary"
            disabled={action.busy}
            onClick={() => void pick('open')}
          >
            Open project folder…
          </button>
          <button type="button" className="button" disabled={action.busy} onClick={() => void pick('create')}>
            New project…
          </button>
        </div>
      ) : (
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            void open(path.trim(), false);
          }}
        >
          <label className="field field--grow">
            <span className="field__label">Folder on the studio machine</span>
            <input
              className="input mono"
              value={path}
              onChange={(event) => setPath(event.target.value)}
              placeholder="/home/me/poses/my-project"
              data-testid="project-path"
              spellCheck={false}
            />
          </label>
          <button
            type="submit"
            className="button button--primary"
            disabled={action.busy || path.trim() === ''}
          >
            Open
          </button>
          <button
            type="button"
            className="button"
            disabled={action.busy || path.trim() === ''}
            onClick={() => void open(path.trim(), true)}
          >
            Create
          </button>
        </form>
      )}
      <ErrorNotice error={action.error} onDismiss={action.clearError} />
    </div>
  );
}
