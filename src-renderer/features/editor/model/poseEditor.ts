/**
 * @file The editor's controller: turns pointer and key events (canvas coordinates, modifiers)
 * into store changes through tools and registered commands. A pointer down on a joint starts a
 * tool inside a history transaction (translate, or rotate under the bone-length lock or with
 * Alt); moves preview, up commits one undo step, Esc cancels back to the start. Symmetric mode
 * mirrors the partners of whatever a tool moved. The view only forwards events and renders
 * `store.getState()`; everything here runs in Node.
 */
import { loadPresets } from '../../../../src-main/core/pose/presets';
import { CommandRegistry, type KeyInput } from './commands';
import { registerEditorCommands } from './editorCommands';
import { EditorStore, type EditorState } from './editorStore';
import { nearestJoint } from './hitTest';
import {
  clipInto,
  firstUnlabeled,
  fitPreset,
  flipLimb,
  memoryClipboard,
  placeJoint,
  setVisibility,
  type PoseClipboard,
} from './poseOps';
import { bodyMidline, mirrorAboutMidline, mirrorPartners } from './symmetry';
import { translateTool, type PoseTool } from './tools/drag';
import { rotateTool } from './tools/rotate';
import { cloneKeypoints, type Keypoint, type Modifiers, type Point, type Visibility } from './types';
import { poseWarnings, type PoseWarning } from './warnings';

export type PoseEditorOptions = {
  width: number;
  height: number;
  keypoints: readonly Keypoint[];
  /** macOS: Mod is Cmd. */
  mac?: boolean;
  /** Preset that "reset" returns to (by name); the first preset when absent. */
  preset?: string;
  clipboard?: PoseClipboard;
  /** Pointer hit radius in canvas pixels; the view updates it with `hitRadius(viewport)` on zoom. */
  hitRadius?: number;
};

type ActiveTool = { tool: PoseTool; midline: number | null };

export class PoseEditor {
  readonly store: EditorStore;
  readonly commands = new CommandRegistry<PoseEditor>();
  readonly mac: boolean;
  hitRadius: number;
  private active: ActiveTool | null = null;
  private readonly clipboard: PoseClipboard;
  private readonly preset: string | undefined;
  private warningCache: { keypoints: readonly Keypoint[]; warnings: PoseWarning[] } | null = null;

  constructor(options: PoseEditorOptions) {
    this.store = new EditorStore(options);
    this.mac = options.mac ?? false;
    this.hitRadius = options.hitRadius ?? 10;
    this.clipboard = options.clipboard ?? memoryClipboard();
    this.preset = options.preset;
    registerEditorCommands(this.commands);
  }

  get state(): EditorState {
    return this.store.getState();
  }

  get dragging(): boolean {
    return this.active !== null;
  }

  // ---- pointer and keys ---------------------------------------------------------------------

  pointerDown(point: Point, modifiers: Modifiers = {}): void {
    if (this.active !== null) this.pointerUp();
    const state = this.state;
    if (state.placing !== null) {
      this.store.commitPose('Place joint', placeJoint(state.keypoints, state.placing, point));
      this.store.patch({ placing: null, selection: [state.placing] });
      return;
    }
    const joint = nearestJoint(state.keypoints, point, this.hitRadius);
    if (joint === null) {
      if (!modifiers.shift) this.store.patch({ selection: [] });
      return;
    }
    const selected = state.selection.includes(joint);
    if (modifiers.shift && selected) {
      this.store.patch({ selection: state.selection.filter((j) => j !== joint) });
      return;
    }
    const selection = selected ? state.selection : modifiers.shift ? [...state.selection, joint] : [joint];
    this.store.patch({ selection });
    const rotate = state.boneLock || Boolean(modifiers.alt);
    const tool = rotate
      ? rotateTool(state.keypoints, joint, point)
      : translateTool(state.keypoints, this.state.selection, point);
    this.active = { tool, midline: state.symmetric ? bodyMidline(state.keypoints, state.width) : null };
    this.store.begin(tool.label);
  }

  pointerMove(point: Point): void {
    const active = this.active;
    if (active === null) {
      const hover = nearestJoint(this.state.keypoints, point, this.hitRadius);
      if (hover !== this.state.hover) this.store.patch({ hover });
      return;
    }
    const moved = active.tool.move(point);
    this.store.preview(
      active.midline === null ? moved : mirrorPartners(moved, active.tool.moved, active.midline),
    );
  }

  pointerUp(point?: Point): void {
    if (this.active === null) return;
    if (point !== undefined) this.pointerMove(point);
    this.active = null;
    this.store.commit();
  }

  /** Esc during a drag: back to where it started, nothing recorded. */
  cancelDrag(): boolean {
    if (this.active === null) return false;
    this.active = null;
    this.store.cancel();
    return true;
  }

  /** Handle a key press; returns whether it was used (so the view can preventDefault). */
  keyDown(input: KeyInput): boolean {
    if (this.active !== null) return input.key === 'Escape' ? this.cancelDrag() : false;
    const command = this.commands.forKey(input, this.mac);
    if (command === null) return false;
    this.commands.run(command.id, this);
    return true;
  }

  // ---- actions behind the commands ------------------------------------------------------------

  undo(): void {
    this.store.undo();
  }

  redo(): void {
    this.store.redo();
  }

  /** Set visibility on the selected labeled joints (0 unlabels them and drops them from the selection). */
  setVisibility(v: Visibility): void {
    const { keypoints, selection } = this.state;
    const label = v === 2 ? 'Mark visible' : v === 1 ? 'Mark occluded' : 'Unlabel joints';
    this.store.commitPose(label, setVisibility(keypoints, selection, v));
    if (v === 0) this.store.patch({ selection: [] });
  }

  /** Arm placing: the selected joint if it is unlabeled, else the first unlabeled joint. */
  startPlacing(joint?: number): void {
    const { keypoints, selection } = this.state;
    const candidate = joint ?? selection.find((j) => keypoints[j]![2] === 0) ?? firstUnlabeled(keypoints);
    if (candidate !== null && keypoints[candidate]?.[2] === 0) this.store.patch({ placing: candidate });
  }

  flipSelectedLimb(): void {
    const joint = this.state.selection[0];
    if (joint === undefined) return;
    const flipped = flipLimb(this.state.keypoints, joint);
    if (flipped !== null) this.store.commitPose('Flip limb', flipped);
  }

  mirrorPose(): void {
    const { keypoints, width } = this.state;
    this.store.commitPose('Mirror pose', mirrorAboutMidline(keypoints, width));
  }

  resetToPreset(name = this.preset): void {
    const presets = loadPresets();
    const preset = presets.find((p) => p.name === name) ?? presets[0]!;
    this.store.commitPose(`Reset to ${preset.name}`, fitPreset(preset, this.state.width, this.state.height));
  }

  copy(): void {
    const { width, height, keypoints } = this.state;
    this.clipboard.write({ width, height, keypoints: cloneKeypoints(keypoints) });
  }

  canPaste(): boolean {
    return this.clipboard.read() !== null;
  }

  paste(): void {
    const clip = this.clipboard.read();
    if (clip !== null)
      this.store.commitPose('Paste pose', clipInto(clip, this.state.width, this.state.height));
  }

  selectAll(): void {
    this.store.patch({ selection: this.state.keypoints.flatMap((p, i) => (p[2] > 0 ? [i] : [])) });
  }

  /** Esc outside a drag: stop placing, else clear the selection, else close help. */
  escape(): void {
    if (this.state.placing !== null) this.store.patch({ placing: null });
    else if (this.state.selection.length > 0) this.store.patch({ selection: [] });
    else this.store.patch({ helpOpen: false });
  }

  toggle(flag: 'symmetric' | 'boneLock' | 'helpOpen'): void {
    this.store.patch({ [flag]: !this.state[flag] });
  }

  /** Warnings for the current pose, recomputed only when the pose changes. */
  warnings(): PoseWarning[] {
    const { keypoints, width, height } = this.state;
    if (this.warningCache?.keypoints !== keypoints)
      this.warningCache = { keypoints, warnings: poseWarnings(keypoints, width, height) };
    return this.warningCache.warnings;
  }
}
