/**
 * @file New pose: start from a preset (listed with a small skeleton drawing) or from a copy of an
 * existing pose (by id), on a chosen canvas size. Nothing is written until the user saves: the
 * draft opens in the editor and Save creates it (origin preset or duplicate).
 */
import { useMemo, useState } from 'react';
import { loadPresets } from '../../../../src-main/core/pose/presets';
import { useApi } from '../../../api/ApiContext';
import { useAction } from '../../../api/hooks';
import { Dialog } from '../../../ui/Dialog';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { SkeletonSvg } from '../../review/SkeletonSvg';
import { fitPreset } from '../model/poseOps';
import { SIZE_PRESETS } from '../panels/CanvasSizePanel';
import { resizeKeypoints } from '../session/editSession';
import type { Draft } from '../session/editorController';

type Source = { kind: 'preset'; name: string } | { kind: 'copy'; idText: string };

/** 'source' keeps a copied pose's own canvas; otherwise an index into SIZE_PRESETS. */
type SizeChoice = 'source' | number;

function PresetList({ selected, onSelect }: { selected: string | null; onSelect: (name: string) => void }) {
  const presets = useMemo(() => loadPresets(), []);
  return (
    <ul className="editor-presets" aria-label="Presets" data-testid="editor-preset-list">
      {presets.map((preset) => (
        <li key={preset.name}>
          <button
            type="button"
            className="editor-preset"
            aria-pressed={selected === preset.name}
            title={preset.description}
            data-testid={`editor-preset-${preset.name}`}
            onClick={() => onSelect(preset.name)}
          >
            <SkeletonSvg pose={preset} className="editor-preset__thumb" />
            <span className="small">{preset.name}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

export function NewPoseDialog({
  onCreate,
  onClose,
}: {
  onCreate: (draft: Draft) => void;
  onClose: () => void;
}) {
  const { client } = useApi();
  const action = useAction();
  const [source, setSource] = useState<Source>({ kind: 'preset', name: loadPresets()[0]!.name });
  const [size, setSize] = useState<SizeChoice>(0);
  const copyId = source.kind === 'copy' ? Number(source.idText) : NaN;
  const ready = source.kind === 'preset' || (Number.isInteger(copyId) && copyId > 0);

  const create = async () => {
    const target = size === 'source' ? null : SIZE_PRESETS[size]!;
    if (source.kind === 'preset') {
      const preset = loadPresets().find((p) => p.name === source.name)!;
      const canvas = target ?? preset;
      const keypoints = fitPreset(preset, canvas.width, canvas.height);
      const origin = { kind: 'preset' as const, ref: preset.name };
      return onCreate({ ...canvas, keypoints, origin, preset: preset.name });
    }
    const pose = await action.run(() => client.call('poses.get', { id: copyId }));
    if (pose === undefined) return;
    const canvas = target ?? pose;
    const keypoints = resizeKeypoints(pose.keypoints, pose, canvas, 'fit');
    onCreate({
      width: canvas.width,
      height: canvas.height,
      keypoints,
      origin: { kind: 'duplicate', ref: String(pose.id) },
    });
  };

  return (
    <Dialog
      title="New pose"
      onClose={onClose}
      testId="editor-new"
      wide
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={!ready || action.busy}
            onClick={() => void create()}
            data-testid="editor-new-create"
          >
            Create
          </button>
        </>
      }
    >
      <div className="row" role="radiogroup" aria-label="Start from">
        <label className="radio">
          <input
            type="radio"
            checked={source.kind === 'preset'}
            onChange={() => setSource({ kind: 'preset', name: loadPresets()[0]!.name })}
          />
          A preset
        </label>
        <label className="radio">
          <input
            type="radio"
            checked={source.kind === 'copy'}
            data-testid="editor-new-from-pose"
            onChange={() => (setSource({ kind: 'copy', idText: '' }), setSize('source'))}
          />
          A copy of pose
        </label>
        {source.kind === 'copy' && (
          <input
            className="input input--narrow"
            inputMode="numeric"
            aria-label="Pose id to copy"
            placeholder="id"
            data-testid="editor-new-pose-id"
            value={source.idText}
            onChange={(event) => setSource({ kind: 'copy', idText: event.target.value })}
          />
        )}
      </div>
      {source.kind === 'preset' && (
        <PresetList selected={source.name} onSelect={(name) => setSource({ kind: 'preset', name })} />
      )}
      <label className="field">
        <span className="field__label">Canvas size</span>
        <select
          className="input"
          value={String(size)}
          data-testid="editor-new-size"
          onChange={(event) =>
            setSize(event.target.value === 'source' ? 'source' : Number(event.target.value))
          }
        >
          <option value="source">
            {source.kind === 'copy' ? "The pose's own size" : "The preset's size"}
          </option>
          {SIZE_PRESETS.map((preset, i) => (
            <option key={i} value={i}>
              {preset.width} × {preset.height}
            </option>
          ))}
        </select>
      </label>
      <ErrorNotice error={action.error} onDismiss={action.clearError} />
    </Dialog>
  );
}
