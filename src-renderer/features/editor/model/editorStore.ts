/**
 * @file The editor's state and its only way to change: an observable store holding the pose
 * (COCO-17 keypoints in canvas pixels), the canvas size, selection, hover, placement and mode
 * flags, with the pose's history built in. Pose changes go through `commitPose` (one undo step)
 * or a begin/preview/commit transaction (a drag = one step, cancel = back to the start);
 * selection, hover and modes change through `patch`, which history never sees. The Konva view
 * subscribes and renders `getState()`.
 */
import { History } from './history';
import { cloneKeypoints, sameKeypoints, type Keypoint } from './types';

export type EditorState = Readonly<{
  width: number;
  height: number;
  keypoints: readonly Keypoint[];
  /** Selected joint indices, ascending. */
  selection: readonly number[];
  /** Joint under the pointer, or null. */
  hover: number | null;
  /** Unlabeled joint waiting to be placed by the next pointer down, or null. */
  placing: number | null;
  /** Moving a left (right) joint mirrors its right (left) partner about the body's midline. */
  symmetric: boolean;
  /** Dragging a joint rotates its limb about the parent joint, keeping bone lengths. */
  boneLock: boolean;
  helpOpen: boolean;
  /** The pose differs from the last `markSaved` (undoing back to it makes it clean again). */
  dirty: boolean;
  canUndo: boolean;
  canRedo: boolean;
  undoLabel: string | null;
  redoLabel: string | null;
}>;

/** The fields `patch` may set: everything that is not the pose or derived from history. */
export type UiPatch = Partial<
  Pick<EditorState, 'selection' | 'hover' | 'placing' | 'symmetric' | 'boneLock' | 'helpOpen'>
>;

export type Listener = (state: EditorState) => void;

export type StoreInit = { width: number; height: number; keypoints: readonly Keypoint[] };

export class EditorStore {
  private state: EditorState;
  private readonly history = new History<readonly Keypoint[]>({ equals: sameKeypoints });
  private readonly listeners = new Set<Listener>();
  private savedPosition = 0;

  constructor(init: StoreInit) {
    this.state = {
      width: init.width,
      height: init.height,
      keypoints: cloneKeypoints(init.keypoints),
      selection: [],
      hover: null,
      placing: null,
      symmetric: false,
      boneLock: false,
      helpOpen: false,
      dirty: false,
      canUndo: false,
      canRedo: false,
      undoLabel: null,
      redoLabel: null,
    };
  }

  getState(): EditorState {
    return this.state;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Change UI state (selection, hover, modes); never recorded in history. */
  patch(patch: UiPatch): void {
    const next = { ...this.state, ...patch };
    if (patch.selection !== undefined) next.selection = [...new Set(patch.selection)].sort((a, b) => a - b);
    this.set(next);
  }

  /** Replace the pose as one undo step labelled `label` (nothing is recorded if nothing changed). */
  commitPose(label: string, keypoints: readonly Keypoint[]): void {
    const next = cloneKeypoints(keypoints);
    if (this.history.inTransaction) this.history.commit(this.state.keypoints);
    this.history.record(label, this.state.keypoints, next);
    this.setPose(next);
  }

  /** Open a transaction (e.g. a drag): previews until `commit` are one undo step together. */
  begin(label: string): void {
    this.history.begin(label, this.state.keypoints);
    this.setPose(this.state.keypoints);
  }

  /** Show an intermediate pose of the open transaction; not recorded on its own. */
  preview(keypoints: readonly Keypoint[]): void {
    this.setPose(keypoints);
  }

  get inTransaction(): boolean {
    return this.history.inTransaction;
  }

  commit(): void {
    this.history.commit(this.state.keypoints);
    this.setPose(this.state.keypoints);
  }

  /** Drop the open transaction and return to the pose at its start. */
  cancel(): void {
    const before = this.history.cancel();
    this.setPose(before ?? this.state.keypoints);
  }

  undo(): boolean {
    const entry = this.history.undo();
    if (entry !== null) this.setPose(entry.before);
    return entry !== null;
  }

  redo(): boolean {
    const entry = this.history.redo();
    if (entry !== null) this.setPose(entry.after);
    return entry !== null;
  }

  /** The current pose is what the catalog holds now (after a save or a load). */
  markSaved(): void {
    this.savedPosition = this.history.position;
    this.setPose(this.state.keypoints);
  }

  private setPose(keypoints: readonly Keypoint[]): void {
    const history = this.history;
    this.set({
      ...this.state,
      keypoints,
      dirty: history.position !== this.savedPosition,
      canUndo: history.canUndo,
      canRedo: history.canRedo,
      undoLabel: history.undoLabel,
      redoLabel: history.redoLabel,
    });
  }

  private set(next: EditorState): void {
    this.state = next;
    for (const listener of this.listeners) listener(next);
  }
}
