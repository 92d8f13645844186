/**
 * @file The import form: the source (a file from this computer, uploaded, in server mode; or a file
 * or folder path on the machine that runs the studio) and the import options. Validates with the
 * contract's rules before anything is sent.
 */
import { useState } from 'react';
import type { PoseImportOptions } from '../../../../src-main/contract';
import {
  DEFAULT_IMPORT_FORM,
  IMPORT_FORMATS,
  OPENPOSE_LAYOUTS,
  toImportOptions,
  type ImportFormState,
} from '../model/importForm';
import type { ImportRequest } from './useImport';
import { useApi } from '../../../api/ApiContext';
import { useAction } from '../../../api/hooks';
import { ErrorNotice } from '../../../ui/ErrorNotice';

export function ImportForm({
  canUpload,
  onStart,
  onCancel,
}: {
  canUpload: boolean;
  onStart: (request: ImportRequest, options: PoseImportOptions) => void;
  onCancel: () => void;
}) {
  const [mode, setMode] = useState<'file' | 'path'>(canUpload ? 'file' : 'path');
  const [file, setFile] = useState<File | null>(null);
  const [path, setPath] = useState('');
  const [form, setForm] = useState<ImportFormState>(DEFAULT_IMPORT_FORM);
  const [invalid, setInvalid] = useState<string | null>(null);
  const set = (patch: Partial<ImportFormState>) => setForm({ ...form, ...patch });

  const submit = () => {
    const options = toImportOptions(form);
    if (!options.ok) return setInvalid(options.error);
    if (mode === 'file' && file === null) return setInvalid('choose a .json file');
    if (mode === 'path' && path.trim() === '') return setInvalid('type the path of a file or folder');
    setInvalid(null);
    onStart(
      mode === 'file' && file !== null ? { kind: 'file', file } : { kind: 'path', path: path.trim() },
      options.value,
    );
  };

  return (
    <form
      className="import-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <fieldset className="import-form__source">
        <legend>Source</legend>
        {canUpload && (
          <label className="radio">
            <input
              type="radio"
              name="import-source"
              checked={mode === 'file'}
              onChange={() => setMode('file')}
            />
            File from this computer
          </label>
        )}
        <label className="radio">
          <input
            type="radio"
            name="import-source"
            checked={mode === 'path'}
            onChange={() => setMode('path')}
            data-testid="import-mode-path"
          />
          Path on the studio machine (a file or a folder of .json files)
        </label>
        {mode === 'file' ? (
          <input
            className="input"
            type="file"
            accept=".json,application/json"
            aria-label="Pose file"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            data-testid="import-file"
          />
        ) : (
          <input
            className="input mono"
            value={path}
            onChange={(event) => setPath(event.target.value)}
            placeholder="/data/coco/annotations/person_keypoints_val2017.json"
            aria-label="Path on the studio machine"
            spellCheck={false}
            data-testid="import-path"
          />
        )}
        {mode === 'path' && !canUpload && <PickButtons onPicked={setPath} />}
      </fieldset>
      <div className="form-grid">
        <label className="field">
          <span className="field__label">Format</span>
          <select
            className="input"
            value={form.format}
            onChange={(e) => set({ format: e.target.value as ImportFormState['format'] })}
            data-testid="import-format"
          >
            {IMPORT_FORMATS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Canvas (COCO, AlphaPose)</span>
          <select
            className="input"
            value={form.canvas}
            onChange={(e) => set({ canvas: e.target.value as ImportFormState['canvas'] })}
          >
            <option value="crop">Crop to the person box</option>
            <option value="image">Keep the image canvas</option>
          </select>
        </label>
        <label className="field">
          <span className="field__label">Crop margin (% of box, per side)</span>
          <input
            className="input input--narrow"
            inputMode="decimal"
            value={form.marginPercent}
            disabled={form.canvas !== 'crop'}
            onChange={(e) => set({ marginPercent: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field__label">OpenPose layout</span>
          <select
            className="input"
            value={form.openposeLayout}
            onChange={(e) => set({ openposeLayout: e.target.value as ImportFormState['openposeLayout'] })}
          >
            {OPENPOSE_LAYOUTS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--wide">
          <span className="field__label">Tags to add to every imported pose</span>
          <input
            className="input"
            value={form.tags}
            onChange={(e) => set({ tags: e.target.value })}
            placeholder="coco, val2017"
            data-testid="import-tags"
          />
        </label>
        <label className="checkbox field--wide">
          <input
            type="checkbox"
            checked={form.skipMalformed}
            onChange={(e) => set({ skipMalformed: e.target.checked })}
          />
          Skip malformed records (counted in the report) instead of refusing the file
        </label>
      </div>
      {invalid && (
        <p className="form-error" role="alert">
          {invalid}
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" data-testid="import-start">
          Import
        </button>
      </div>
    </form>
  );
}

/** Native file/folder dialogs (desktop app): they fill in the path field. */
function PickButtons({ onPicked }: { onPicked: (path: string) => void }) {
  const { client } = useApi();
  const picking = useAction();
  const pick = async (purpose: 'import-file' | 'import-folder') => {
    const picked = await picking.run(() => client.call('app.pickPath', { purpose }));
    if (picked?.path) onPicked(picked.path);
  };
  return (
    <>
      <div className="row">
        <button
          type="button"
          className="button"
          disabled={picking.busy}
          onClick={() => void pick('import-file')}
          data-testid="import-pick-file"
        >
          Choose file…
        </button>
        <button
          type="button"
          className="button"
          disabled={picking.busy}
          onClick={() => void pick('import-folder')}
          data-testid="import-pick-folder"
        >
          Choose folder…
        </button>
      </div>
      <ErrorNotice error={picking.error} onDismiss={picking.clearError} />
    </>
  );
}
