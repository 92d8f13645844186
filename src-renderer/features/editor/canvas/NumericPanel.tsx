/**
 * @file Exact values for the selection: x, y and visibility of one selected joint (a drag's
 * result shows when it ends), or the count and common visibility of several. Each committed
 * change is one undo step through the model (a coordinate commits on Enter or blur, not per
 * keystroke; Esc reverts the field). Key presses inside the fields stop here, so typing "2" or
 * Backspace never reaches the page's editor shortcuts.
 */
import { useCallback, useState, type KeyboardEvent } from 'react';
import type { EditorState } from '../model/editorStore';
import type { PoseEditor } from '../model/poseEditor';
import type { Keypoint, Visibility } from '../model/types';
import { useEditorState } from './useEditorState';
import { commonVisibility, formatCoordinate, parseCoordinate, setJointPosition } from './jointEdits';
import { jointLabel } from './skeletonStyle';
import './editorCanvas.css';

const VISIBILITY_OPTIONS: readonly { v: Visibility; label: string }[] = [
  { v: 2, label: 'visible' },
  { v: 1, label: 'occluded' },
  { v: 0, label: 'not labelled' },
];

const selectSelection = (state: EditorState) => state.selection;
const selectSinglePoint = (state: EditorState): Keypoint | null =>
  state.selection.length === 1 ? (state.keypoints[state.selection[0]!] ?? null) : null;
const selectCommonVisibility = (state: EditorState) => commonVisibility(state.keypoints, state.selection);

const stopKeys = (event: KeyboardEvent) => event.stopPropagation();

function CoordinateField(props: {
  label: string;
  value: number;
  disabled: boolean;
  testId: string;
  onCommit: (value: number) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const value = parseCoordinate(draft);
    setDraft(null);
    if (value !== null) props.onCommit(value);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    event.stopPropagation();
    if (event.key === 'Enter') commit();
    else if (event.key === 'Escape') setDraft(null);
  };
  return (
    <label className="ed-numeric__field">
      <span className="ed-numeric__label">{props.label}</span>
      <input
        className="input ed-numeric__input"
        type="number"
        step="any"
        data-testid={props.testId}
        disabled={props.disabled}
        value={props.disabled ? '' : (draft ?? formatCoordinate(props.value))}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={onKeyDown}
      />
    </label>
  );
}

function VisibilitySelect(props: { value: Visibility | 'mixed'; onChange: (v: Visibility) => void }) {
  return (
    <label className="ed-numeric__field">
      <span className="ed-numeric__label">Visibility</span>
      <select
        className="input ed-numeric__select"
        data-testid="ed-joint-visibility"
        value={String(props.value)}
        onChange={(event) => props.onChange(Number(event.target.value) as Visibility)}
        onKeyDown={stopKeys}
      >
        {props.value === 'mixed' && (
          <option value="mixed" disabled>
            mixed
          </option>
        )}
        {VISIBILITY_OPTIONS.map(({ v, label }) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

function SingleJoint({ editor, joint, point }: { editor: PoseEditor; joint: number; point: Keypoint }) {
  const [x, y, v] = point;
  const unlabeled = v === 0;
  const onVisibility = (next: Visibility) => {
    // An unlabeled joint has no position to keep: labelling it means placing it on the canvas.
    if (unlabeled) {
      if (next !== 0) editor.startPlacing(joint);
    } else editor.setVisibility(next);
  };
  return (
    <>
      <p className="ed-numeric__name" data-testid="ed-joint-name">
        {jointLabel(joint)}
      </p>
      <div className="ed-numeric__row">
        <CoordinateField
          label="x"
          value={x}
          disabled={unlabeled}
          testId="ed-joint-x"
          onCommit={(value) => setJointPosition(editor, joint, value, y)}
        />
        <CoordinateField
          label="y"
          value={y}
          disabled={unlabeled}
          testId="ed-joint-y"
          onCommit={(value) => setJointPosition(editor, joint, x, value)}
        />
      </div>
      <VisibilitySelect value={v} onChange={onVisibility} />
      {unlabeled && (
        <button type="button" className="button ed-numeric__place" onClick={() => editor.startPlacing(joint)}>
          Place on the canvas
        </button>
      )}
    </>
  );
}

export function NumericPanel({ editor }: { editor: PoseEditor }) {
  const selection = useEditorState(editor, selectSelection);
  // The values follow a drag when it ends, so a pointer move re-renders nothing here.
  const settled = useCallback(
    (a: Keypoint | null, b: Keypoint | null) => Object.is(a, b) || editor.dragging,
    [editor],
  );
  const point = useEditorState(editor, selectSinglePoint, settled);
  const common = useEditorState(editor, selectCommonVisibility);
  const joint = selection[0];
  return (
    <section className="ed-numeric" aria-label="Selected joint" data-testid="numeric-panel">
      {joint === undefined ? (
        <p className="ed-numeric__empty">No joint selected. Click a joint to edit its exact position.</p>
      ) : selection.length === 1 && point !== null ? (
        <SingleJoint key={joint} editor={editor} joint={joint} point={point} />
      ) : (
        <>
          <p className="ed-numeric__name" data-testid="ed-joint-name">
            {selection.length} joints selected
          </p>
          <VisibilitySelect value={common ?? 'mixed'} onChange={(v) => editor.setVisibility(v)} />
        </>
      )}
    </section>
  );
}
