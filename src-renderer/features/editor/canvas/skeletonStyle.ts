/**
 * @file What the editor canvas draws, as pure data: the skeleton in screen pixels for a state and
 * a viewport (OpenPose-18 limbs in OpenPose's colours, the derived neck, the 17 COCO joints with
 * their selection, hover and outside-the-canvas flags) and the style of each joint by visibility.
 * The Konva layer only copies these numbers onto nodes, so everything that decides how a joint
 * looks is tested here without a canvas. Sizes are screen pixels: joints stay the same size at
 * every zoom, like the hit radius.
 */
import { OPENPOSE_COLORS, OPENPOSE_LIMBS } from '../../../../src-main/core/generate/conditionMap';
import { COCO_COUNT, COCO_KEYPOINT_NAMES, LAYOUTS } from '../../../../src-main/core/pose/skeleton';
import type { EditorState } from '../model/editorStore';
import type { Keypoint, Visibility } from '../model/types';
import { toScreen, type Viewport } from '../model/viewport';

/** OpenPose colours as CSS hex, index i = OpenPose-18 joint i and limb i (the condition map's table). */
export const OPENPOSE_CSS: readonly string[] = OPENPOSE_COLORS.map(
  ([r, g, b]) => `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`,
);

/** OpenPose-18 index of each COCO-17 joint, so a joint has the colour the condition map gives it. */
export const COCO_TO_OPENPOSE: readonly number[] = (() => {
  const out = Array.from({ length: COCO_COUNT }, () => 0);
  LAYOUTS.openpose18.toCoco.forEach((coco, op) => {
    if (coco !== null) out[coco] = op;
  });
  return out;
})();

/** OpenPose-18 index of the neck, which COCO-17 lacks (it is the shoulders' midpoint). */
const NECK = 1;

export const JOINT_RADIUS = 5;
export const LIMB_WIDTH = 4;
/** Radius of the ring around a selected (hovered) joint. */
export const SELECTED_RING = 9;
export const HOVER_RING = 8;
/** Radius of the red dashed mark around a joint that lies outside the pose canvas. */
export const OUTSIDE_RING = 13;

/** A joint's display name: `left_wrist` -> `left wrist`. */
export function jointName(joint: number): string {
  return (COCO_KEYPOINT_NAMES[joint] ?? `joint ${joint}`).replace('_', ' ');
}

/** A joint's name as a label: `Left wrist`. */
export function jointLabel(joint: number): string {
  const name = jointName(joint);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function jointColor(joint: number): string {
  return OPENPOSE_CSS[COCO_TO_OPENPOSE[joint] ?? 0] ?? '#ffffff';
}

export type ShapeStyle = {
  visible: boolean;
  radius: number;
  /** Fill colour; null draws no fill. */
  fill: string | null;
  stroke: string;
  strokeWidth: number;
  /** Dash pattern in screen pixels; null for a solid stroke. */
  dash: number[] | null;
  opacity: number;
};

/**
 * How a joint is drawn: visible (v=2) a filled dot in its colour, occluded (v=1) a hollow dashed
 * ring in its colour, unlabeled (v=0) not at all (it has no position; the page lists it for
 * placing). A selected joint is drawn a little larger.
 */
export function jointStyle(v: Visibility, color: string, selected: boolean): ShapeStyle {
  const radius = selected ? JOINT_RADIUS + 1 : JOINT_RADIUS;
  if (v === 0)
    return { visible: false, radius, fill: null, stroke: color, strokeWidth: 0, dash: null, opacity: 0 };
  if (v === 1)
    return {
      visible: true,
      radius,
      fill: '#0f1115',
      stroke: color,
      strokeWidth: 2,
      dash: [3, 2],
      opacity: 0.95,
    };
  return { visible: true, radius, fill: color, stroke: '#0f1115', strokeWidth: 1.5, dash: null, opacity: 1 };
}

/** The highlight ring around a joint: solid white when selected, faint when only hovered. */
export function ringStyle(labeled: boolean, selected: boolean, hovered: boolean): ShapeStyle {
  const visible = labeled && (selected || hovered);
  return selected
    ? {
        visible,
        radius: SELECTED_RING,
        fill: null,
        stroke: '#ffffff',
        strokeWidth: 2,
        dash: null,
        opacity: 1,
      }
    : {
        visible,
        radius: HOVER_RING,
        fill: null,
        stroke: '#ffffff',
        strokeWidth: 1.5,
        dash: null,
        opacity: 0.55,
      };
}

/** A limb: solid and fairly opaque between two visible joints, dashed and faint if either is occluded. */
export function limbStyle(
  a: Visibility,
  b: Visibility,
): { visible: boolean; dash: number[] | null; opacity: number } {
  if (a === 0 || b === 0) return { visible: false, dash: null, opacity: 0 };
  return a === 1 || b === 1
    ? { visible: true, dash: [6, 4], opacity: 0.45 }
    : { visible: true, dash: null, opacity: 0.8 };
}

/** Outside [0, width] x [0, height] (the same test as the model's outside-canvas warning). */
export function isOutside([x, y, v]: Keypoint, width: number, height: number): boolean {
  return v !== 0 && (x < 0 || y < 0 || x > width || y > height);
}

export type SceneJoint = {
  x: number;
  y: number;
  v: Visibility;
  color: string;
  selected: boolean;
  hovered: boolean;
  outside: boolean;
};
export type SceneLimb = {
  points: [number, number, number, number];
  color: string;
  a: Visibility;
  b: Visibility;
};
export type SkeletonScene = {
  /** One per COCO-17 joint, in COCO order (unlabeled ones included, with v = 0). */
  joints: SceneJoint[];
  /** One per OpenPose limb, in OpenPose order (absent ones with a or b = 0). */
  limbs: SceneLimb[];
  neck: { x: number; y: number; v: Visibility };
};

type SceneInput = Pick<EditorState, 'keypoints' | 'selection' | 'hover' | 'width' | 'height'>;

/** OpenPose-18 points (neck derived) from COCO-17, in screen pixels; unlabeled ones keep v = 0. */
function openposeScreen(keypoints: readonly Keypoint[], viewport: Viewport): Keypoint[] {
  const out: Keypoint[] = Array.from({ length: 18 }, (): Keypoint => [0, 0, 0]);
  keypoints.forEach(([x, y, v], joint) => {
    const s = toScreen(viewport, { x, y });
    out[COCO_TO_OPENPOSE[joint]!] = [s.x, s.y, v];
  });
  const ls = out[COCO_TO_OPENPOSE[5]!]!;
  const rs = out[COCO_TO_OPENPOSE[6]!]!;
  out[NECK] =
    ls[2] > 0 && rs[2] > 0
      ? [(ls[0] + rs[0]) / 2, (ls[1] + rs[1]) / 2, Math.min(ls[2], rs[2]) as Visibility]
      : [0, 0, 0];
  return out;
}

/** The skeleton to draw for `state` under `viewport`, in screen pixels. */
export function skeletonScene(state: SceneInput, viewport: Viewport): SkeletonScene {
  const points = openposeScreen(state.keypoints, viewport);
  const selected = new Set(state.selection);
  const joints = state.keypoints.map((point, joint): SceneJoint => {
    const [x, y, v] = points[COCO_TO_OPENPOSE[joint]!]!;
    return {
      x,
      y,
      v,
      color: jointColor(joint),
      selected: selected.has(joint),
      hovered: state.hover === joint,
      outside: isOutside(point, state.width, state.height),
    };
  });
  const limbs = OPENPOSE_LIMBS.map(([a, b], limb): SceneLimb => {
    const p = points[a]!;
    const q = points[b]!;
    return { points: [p[0], p[1], q[0], q[1]], color: OPENPOSE_CSS[limb] ?? '#ffffff', a: p[2], b: q[2] };
  });
  const neck = points[NECK]!;
  return { joints, limbs, neck: { x: neck[0], y: neck[1], v: neck[2] } };
}
