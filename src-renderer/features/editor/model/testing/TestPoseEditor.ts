/**
 * @file TestPoseEditor: drives the framework-free editor in Node the way the Konva view will,
 * with pointer down/move/up and key presses in canvas coordinates, plus small helpers for
 * asserting on the pose (joint positions, bone lengths). Tests and benches share it.
 */
import { COCO_KEYPOINT_NAMES } from '../../../../../src-main/core/pose/skeleton';
import type { KeyInput } from '../commands';
import { PoseEditor, type PoseEditorOptions } from '../poseEditor';
import type { Keypoint, Modifiers, Point } from '../types';

export type JointName = (typeof COCO_KEYPOINT_NAMES)[number];

export function jointIndex(name: JointName): number {
  return COCO_KEYPOINT_NAMES.indexOf(name);
}

export class TestPoseEditor {
  readonly editor: PoseEditor;

  constructor(options: PoseEditorOptions) {
    this.editor = new PoseEditor(options);
  }

  get state() {
    return this.editor.state;
  }

  get keypoints(): readonly Keypoint[] {
    return this.editor.state.keypoints;
  }

  /** Position of a joint (by name or index). */
  at(joint: JointName | number): Point {
    const index = typeof joint === 'number' ? joint : jointIndex(joint);
    const [x, y] = this.keypoints[index]!;
    return { x, y };
  }

  pointerDown(x: number, y: number, modifiers: Modifiers = {}): this {
    this.editor.pointerDown({ x, y }, modifiers);
    return this;
  }

  pointerMove(x: number, y: number): this {
    this.editor.pointerMove({ x, y });
    return this;
  }

  pointerUp(x?: number, y?: number): this {
    this.editor.pointerUp(x === undefined || y === undefined ? undefined : { x, y });
    return this;
  }

  /** Press a key: `key('z', { ctrl: true })`. Returns whether the editor used it. */
  key(key: string, modifiers: Omit<KeyInput, 'key'> = {}): boolean {
    return this.editor.keyDown({ key, ...modifiers });
  }

  /** Mod+key for the editor's platform. */
  modKey(key: string, shift = false): boolean {
    return this.key(key, this.editor.mac ? { meta: true, shift } : { ctrl: true, shift });
  }

  undo(): boolean {
    return this.modKey('z');
  }

  redo(): boolean {
    return this.modKey('z', true);
  }

  /** Grab a joint and drag it by (dx, dy) in `steps` moves, then release. */
  dragJoint(
    joint: JointName | number,
    dx: number,
    dy: number,
    options: Modifiers & { steps?: number } = {},
  ): this {
    const start = this.at(joint);
    const steps = options.steps ?? 4;
    this.pointerDown(start.x, start.y, options);
    for (let i = 1; i <= steps; i += 1)
      this.pointerMove(start.x + (dx * i) / steps, start.y + (dy * i) / steps);
    return this.pointerUp();
  }

  /** Click a joint (select it) without moving. */
  click(joint: JointName | number, modifiers: Modifiers = {}): this {
    const { x, y } = this.at(joint);
    return this.pointerDown(x, y, modifiers).pointerUp();
  }
}

/** Length of the bone between joints a and b. */
export function boneLength(keypoints: readonly Keypoint[], a: number, b: number): number {
  const p = keypoints[a]!;
  const q = keypoints[b]!;
  return Math.hypot(p[0] - q[0], p[1] - q[1]);
}

/** Largest coordinate difference between two poses (and Infinity when visibilities differ). */
export function maxDifference(a: readonly Keypoint[], b: readonly Keypoint[]): number {
  let worst = 0;
  a.forEach((p, i) => {
    const q = b[i]!;
    worst = p[2] !== q[2] ? Infinity : Math.max(worst, Math.abs(p[0] - q[0]), Math.abs(p[1] - q[1]));
  });
  return worst;
}
