/**
 * @file One pose being edited, canvas size included. The model's editor keeps its canvas size
 * fixed and its history holds keypoints only, so a size change starts a new PoseEditor and the
 * session keeps the chain: undo past the first edit of a resized editor steps back to the editor
 * before the resize (with its own history intact), redo steps forward again. Dirty compares the
 * content (size and keypoints) with the saved snapshot, so undoing back to it is clean again.
 * Framework-free: the page subscribes; tests drive it in Node.
 */
import { PoseEditor } from '../model/poseEditor';
import type { PoseClipboard } from '../model/poseOps';
import { sameKeypoints, type Keypoint } from '../model/types';

export type PoseSnapshot = { width: number; height: number; keypoints: readonly Keypoint[] };

export type EditSessionOptions = {
  mac: boolean;
  clipboard: PoseClipboard;
  /** Preset that the editor's "reset" goes back to. */
  preset?: string;
  /** Called for every editor the session makes (the page registers its commands there). */
  setup?: (editor: PoseEditor) => void;
};

/** How keypoints follow a canvas size change. */
export type ResizeMode = 'fit' | 'keep';

/** Keypoints for a new canvas: kept in place, or scaled uniformly and centred like a preset. */
export function resizeKeypoints(
  keypoints: readonly Keypoint[],
  from: { width: number; height: number },
  to: { width: number; height: number },
  mode: ResizeMode,
): Keypoint[] {
  if (mode === 'keep') return keypoints.map(([x, y, v]): Keypoint => [x, y, v]);
  const scale = Math.min(to.width / from.width, to.height / from.height);
  const dx = (to.width - from.width * scale) / 2;
  const dy = (to.height - from.height * scale) / 2;
  return keypoints.map(([x, y, v]): Keypoint => (v === 0 ? [0, 0, 0] : [x * scale + dx, y * scale + dy, v]));
}

export function sameSnapshot(a: PoseSnapshot, b: PoseSnapshot): boolean {
  return a.width === b.width && a.height === b.height && sameKeypoints(a.keypoints, b.keypoints);
}

type Back = { editor: PoseEditor };
/** A resize that can be redone while the editor it was undone to is unchanged since. */
type Forward = { editor: PoseEditor; anchor: readonly Keypoint[] };

export class EditSession {
  private current: PoseEditor;
  private saved: PoseSnapshot | null;
  private back: Back[] = [];
  private forward: Forward[] = [];
  private readonly listeners = new Set<() => void>();
  private detach: () => void = () => undefined;
  private version = 0;

  /** `saved` null: a new pose that the catalog does not hold yet (always dirty). */
  constructor(
    pose: PoseSnapshot,
    saved: PoseSnapshot | null,
    private readonly options: EditSessionOptions,
  ) {
    this.current = this.make(pose);
    this.saved = saved === null ? null : { ...saved, keypoints: saved.keypoints.slice() };
    this.attach();
  }

  get editor(): PoseEditor {
    return this.current;
  }

  /** Changes on every notification: a cheap snapshot key for React. */
  get revision(): number {
    return this.version;
  }

  snapshot(): PoseSnapshot {
    const { width, height, keypoints } = this.current.state;
    return { width, height, keypoints };
  }

  get dirty(): boolean {
    return this.saved === null || !sameSnapshot(this.snapshot(), this.saved);
  }

  /** The catalog now holds `saved` (what was shown when the save started; edits may have followed). */
  markSaved(saved: PoseSnapshot = this.snapshot()): void {
    this.saved = { ...saved, keypoints: saved.keypoints.slice() };
    if (sameSnapshot(saved, this.snapshot())) this.current.store.markSaved();
    this.notify();
  }

  /** Change the canvas size as one undoable step. */
  resize(width: number, height: number, mode: ResizeMode): void {
    const state = this.current.state;
    if (width === state.width && height === state.height) return;
    const keypoints = resizeKeypoints(state.keypoints, state, { width, height }, mode);
    const next = this.make({ width, height, keypoints });
    next.store.patch({ symmetric: state.symmetric, boneLock: state.boneLock });
    this.back.push({ editor: this.current });
    this.forward = [];
    this.switchTo(next);
  }

  get canUndo(): boolean {
    return this.current.state.canUndo || this.back.length > 0;
  }

  get canRedo(): boolean {
    return this.current.state.canRedo || this.redoableResize() !== null;
  }

  undo(): boolean {
    if (this.current.state.canUndo) {
      this.current.undo();
      return true;
    }
    const previous = this.back.pop();
    if (previous === undefined) return false;
    this.forward.push({ editor: this.current, anchor: previous.editor.state.keypoints });
    this.switchTo(previous.editor);
    return true;
  }

  redo(): boolean {
    // The resize first: right after undoing it, the editor it returned to may still hold redo
    // steps from before the resize, which the resize (a newer step) superseded.
    const next = this.redoableResize();
    if (next !== null) {
      this.forward.pop();
      this.back.push({ editor: this.current });
      this.switchTo(next.editor);
      return true;
    }
    if (!this.current.state.canRedo) return false;
    this.current.redo();
    return true;
  }

  /** Undo/redo (by label) for menus: the editor's own step first, else the resize. */
  get undoLabel(): string | null {
    if (this.current.state.canUndo) return this.current.state.undoLabel;
    return this.back.length > 0 ? 'Canvas size' : null;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.detach();
    this.listeners.clear();
  }

  private redoableResize(): Forward | null {
    const top = this.forward.at(-1);
    // An edit made after undoing the resize replaces the pose it started from: no redo then.
    return top !== undefined && top.anchor === this.current.state.keypoints ? top : null;
  }

  private make(pose: PoseSnapshot): PoseEditor {
    const editor = new PoseEditor({
      ...pose,
      mac: this.options.mac,
      clipboard: this.options.clipboard,
      preset: this.options.preset,
    });
    this.options.setup?.(editor);
    return editor;
  }

  private switchTo(editor: PoseEditor): void {
    this.detach();
    this.current = editor;
    this.attach();
    this.notify();
  }

  private attach(): void {
    this.detach = this.current.store.subscribe(() => this.notify());
  }

  private notify(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}
