/**
 * @file Augment the open pose into new catalog poses: jitter (seeded small joint moves and limb
 * rotations up to a maximum angle), mirror, or interpolate towards another pose. Shows how many
 * poses were made and links to the library filtered by the tag they carry.
 */
import { useState } from 'react';
import { MAX_AUGMENT } from '../../../../src-main/contract/poseEditMethods';
import { useApi } from '../../../api/ApiContext';
import { useAction } from '../../../api/hooks';
import { Dialog } from '../../../ui/Dialog';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { useLibraryShare } from '../../poses/LibraryShareContext';
import { DEFAULT_SORT, EMPTY_FILTER } from '../../poses/model/query';
import { EMPTY_SELECTION } from '../../poses/model/selection';

export type AugmentMode = 'jitter' | 'mirror' | 'interpolate';

export type AugmentForm = {
  mode: AugmentMode;
  count: string;
  seed: string;
  maxDegrees: string;
  otherId: string;
};

const MODES: readonly { value: AugmentMode; label: string }[] = [
  { value: 'jitter', label: 'Jitter (small random changes)' },
  { value: 'mirror', label: 'Mirror (left/right swapped)' },
  { value: 'interpolate', label: 'Interpolate towards another pose' },
];

const int = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : null);

/** The augment request of a form, or why it cannot be sent. */
export function augmentInput(id: number, form: AugmentForm) {
  const count = int(form.count);
  const seed = int(form.seed);
  if (count === null || count < 1 || count > MAX_AUGMENT)
    return { error: `count: a whole number from 1 to ${MAX_AUGMENT}` };
  if (seed === null) return { error: 'seed: a whole number' };
  const input = { id, mode: form.mode, count, seed };
  if (form.mode === 'jitter') {
    const maxDegrees = Number(form.maxDegrees);
    if (!Number.isFinite(maxDegrees) || maxDegrees <= 0 || maxDegrees > 90)
      return { error: 'max degrees: more than 0, at most 90' };
    return { input: { ...input, maxDegrees } };
  }
  if (form.mode === 'interpolate') {
    const otherId = int(form.otherId);
    if (otherId === null || otherId < 1 || otherId === id)
      return { error: 'other pose: the id of another pose' };
    return { input: { ...input, otherId } };
  }
  return { input };
}

export function AugmentDialog({
  poseId,
  dirty,
  onShowTag,
  onClose,
}: {
  poseId: number;
  dirty: boolean;
  /** Leave for the library filtered by `tag` (the page guards unsaved changes). */
  onShowTag: (tag: string) => void;
  onClose: () => void;
}) {
  const { client } = useApi();
  const share = useLibraryShare();
  const action = useAction();
  const [form, setForm] = useState<AugmentForm>({
    mode: 'jitter',
    count: '8',
    seed: '1',
    maxDegrees: '15',
    otherId: '',
  });
  const [result, setResult] = useState<{ ids: number[]; tag: string } | null>(null);
  const checked = augmentInput(poseId, form);
  const set = (patch: Partial<AugmentForm>) => (setForm((f) => ({ ...f, ...patch })), setResult(null));
  const run = async () => {
    if (checked.input === undefined) return;
    const input = checked.input;
    const answer = await action.run(() => client.call('poses.augment', input));
    if (answer !== undefined) setResult(answer);
  };
  const showTag = (tag: string) => {
    share?.set({
      filterState: { ...EMPTY_FILTER, tag: { kind: 'tag', tag } },
      sort: DEFAULT_SORT,
      selection: EMPTY_SELECTION,
      total: null,
    });
    onShowTag(tag);
  };
  return (
    <Dialog
      title={`Augment pose #${poseId}`}
      onClose={action.busy ? null : onClose}
      testId="editor-augment"
      footer={
        <>
          <button type="button" className="button" onClick={onClose} disabled={action.busy}>
            Close
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={checked.input === undefined || action.busy}
            onClick={() => void run()}
            data-testid="editor-augment-run"
          >
            Create poses
          </button>
        </>
      }
    >
      {dirty && <p className="small muted">Augments the saved pose: unsaved edits are not included.</p>}
      <label className="field">
        <span className="field__label">Mode</span>
        <select
          className="input"
          value={form.mode}
          data-testid="editor-augment-mode"
          onChange={(e) => set({ mode: e.target.value as AugmentMode })}
        >
          {MODES.map((mode) => (
            <option key={mode.value} value={mode.value}>
              {mode.label}
            </option>
          ))}
        </select>
      </label>
      <div className="row">
        <NumberField
          label="Count"
          value={form.count}
          testId="editor-augment-count"
          onChange={(count) => set({ count })}
        />
        <NumberField
          label="Seed"
          value={form.seed}
          testId="editor-augment-seed"
          onChange={(seed) => set({ seed })}
        />
        {form.mode === 'jitter' && (
          <NumberField
            label="Max degrees"
            value={form.maxDegrees}
            testId="editor-augment-degrees"
            onChange={(maxDegrees) => set({ maxDegrees })}
          />
        )}
        {form.mode === 'interpolate' && (
          <NumberField
            label="Other pose id"
            value={form.otherId}
            testId="editor-augment-other"
            onChange={(otherId) => set({ otherId })}
          />
        )}
      </div>
      {checked.error !== undefined && <p className="form-error small">{checked.error}</p>}
      <ErrorNotice error={action.error} onDismiss={action.clearError} />
      {result !== null && (
        <p role="status" data-testid="editor-augment-result">
          Created {result.ids.length} pose{result.ids.length === 1 ? '' : 's'}, tagged{' '}
          <span className="mono">{result.tag}</span>.{' '}
          <button
            type="button"
            className="button button--small"
            onClick={() => showTag(result.tag)}
            data-testid="editor-augment-show"
          >
            Show them in the library
          </button>
        </p>
      )}
    </Dialog>
  );
}

function NumberField({
  label,
  value,
  testId,
  onChange,
}: {
  label: string;
  value: string;
  testId: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        className="input input--narrow"
        inputMode="numeric"
        value={value}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
