/**
 * @file Adding a model in two steps: the folder (a path on the studio machine, or the native folder
 * picker in the desktop app) and an optional separate ControlNet, then Inspect shows the report and
 * only an ok report can be added (with a name; the folder's name by default). Editing a path after
 * inspecting drops the report, so what is added is always what was inspected.
 */
import { useState } from 'react';
import type { DiffusionModel, ModelReport } from '../../../src-main/contract';
import { useApi } from '../../api/ApiContext';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ModelReportView } from './ModelReportView';
import { folderName } from './model/modelView';

type Inspected = { path: string; controlnetPath: string; report: ModelReport };

function PathField({
  label,
  value,
  onChange,
  placeholder,
  testId,
  canPick,
  purpose,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  testId: string;
  canPick: boolean;
  purpose: 'model-folder' | 'controlnet-file';
}) {
  const { client } = useApi();
  const picking = useAction();
  const pick = async () => {
    const picked = await picking.run(() => client.call('app.pickPath', { purpose }));
    if (picked?.path) onChange(picked.path);
  };
  return (
    <>
      <div className="row">
        <label className="field field--grow">
          <span className="field__label">{label}</span>
          <input
            className="input mono"
            value={value}
            onChange={(event) => onChange(event.target.value)}
            placeholder={placeholder}
            spellCheck={false}
            data-testid={testId}
          />
        </label>
        {canPick && (
          <button
            type="button"
            className="button"
            disabled={picking.busy}
            onClick={() => void pick()}
            data-testid={`${testId}-pick`}
          >
            {purpose === 'model-folder' ? 'Choose folder…' : 'Choose file…'}
          </button>
        )}
      </div>
      <ErrorNotice error={picking.error} onDismiss={picking.clearError} />
    </>
  );
}

export function AddModelPanel({ onAdded }: { onAdded: (model: DiffusionModel) => void }) {
  const { client } = useApi();
  const info = useQuery('app.info', {}, { live: false });
  const inspecting = useAction();
  const adding = useAction();
  const [path, setPath] = useState('');
  const [controlnetPath, setControlnetPath] = useState('');
  const [name, setName] = useState('');
  const [inspected, setInspected] = useState<Inspected | null>(null);
  const canPick = info.data?.nativeDialogs === true;
  const current =
    inspected !== null && inspected.path === path.trim() && inspected.controlnetPath === controlnetPath.trim()
      ? inspected
      : null;

  const inspect = async () => {
    const target = { path: path.trim(), controlnetPath: controlnetPath.trim() };
    adding.clearError();
    const report = await inspecting.run(() =>
      client.call('models.inspect', {
        path: target.path,
        ...(target.controlnetPath === '' ? {} : { controlnetPath: target.controlnetPath }),
      }),
    );
    setInspected(report === undefined ? null : { ...target, report });
  };
  const add = async (target: Inspected) => {
    const model = await adding.run(() =>
      client.call('models.add', {
        path: target.path,
        ...(target.controlnetPath === '' ? {} : { controlnetPath: target.controlnetPath }),
        ...(name.trim() === '' ? {} : { name: name.trim() }),
      }),
    );
    if (model === undefined) return;
    setPath('');
    setControlnetPath('');
    setName('');
    setInspected(null);
    onAdded(model);
  };

  return (
    <section className="panel models-add" aria-labelledby="models-add-title" data-testid="models-add">
      <h2 id="models-add-title">Add a model folder</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (path.trim() !== '') void inspect();
        }}
      >
        <PathField
          label="Model folder on the studio machine"
          value={path}
          onChange={setPath}
          placeholder="/models/stable-diffusion-v1-5-onnx"
          testId="models-path"
          canPick={canPick}
          purpose="model-folder"
        />
        <PathField
          label="ControlNet-OpenPose model (optional: when the folder has none)"
          value={controlnetPath}
          onChange={setControlnetPath}
          placeholder="/models/controlnet-openpose/model.onnx"
          testId="models-controlnet"
          canPick={canPick}
          purpose="controlnet-file"
        />
        <div className="row">
          <button
            type="submit"
            className="button"
            disabled={inspecting.busy || path.trim() === ''}
            data-testid="models-inspect"
          >
            {inspecting.busy ? 'Inspecting…' : 'Inspect'}
          </button>
          <span className="muted small">Reads the graphs and files; nothing is stored until you add it.</span>
        </div>
      </form>
      <ErrorNotice error={inspecting.error} onDismiss={inspecting.clearError} />
      {current && (
        <>
          <ModelReportView report={current.report} />
          <div className="row">
            <label className="field">
              <span className="field__label">Name</span>
              <input
                className="input"
                value={name}
                onChange={(event) => setName(event.target.value)}
                placeholder={folderName(current.path)}
                data-testid="models-name"
              />
            </label>
            <button
              type="button"
              className="button button--primary"
              disabled={!current.report.ok || adding.busy}
              onClick={() => void add(current)}
              data-testid="models-add-confirm"
            >
              Add model
            </button>
          </div>
        </>
      )}
      <ErrorNotice error={adding.error} onDismiss={adding.clearError} />
    </section>
  );
}
