/**
 * @file How a pose is drawn: the OpenPose colour convention (the one ControlNet-OpenPose was
 * trained on) over OpenPose COCO-18, which core's `cocoToOpenpose18` derives from our COCO-17
 * (neck = midpoint of the shoulders). Produces plain segments and joints in pose-canvas pixels
 * that both the 2D-canvas thumbnails and the Konva view render. Unlabeled points (v=0) are
 * skipped; occluded ones (v=1) are drawn hollow with their limbs dimmed. Pure.
 */
import type { Keypoint } from '../../../../src-main/contract';
import { OPENPOSE_COLORS, OPENPOSE_LIMBS } from '../../../../src-main/core/generate/conditionMap';
import { cocoToOpenpose18 } from '../../../../src-main/core/pose/skeleton';

/** OpenPose-18 joint/limb colours as CSS, from the condition map's own table (one convention). */
const COLORS: readonly string[] = OPENPOSE_COLORS.map(
  ([r, g, b]) => `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`,
);

/** The 17 OpenPose limbs over OpenPose-18 indices, in OpenPose's order: limb i has colour i. */
const LIMBS = OPENPOSE_LIMBS;

export type Segment = { x1: number; y1: number; x2: number; y2: number; color: string; occluded: boolean };
/** A joint; `index` is its OpenPose-18 index (0 nose, 1 neck, 2 right shoulder, ...). */
export type Joint = { x: number; y: number; color: string; occluded: boolean; index: number };
export type SkeletonShapes = { limbs: Segment[]; joints: Joint[] };

/** Shapes to draw for COCO-17 `keypoints`. */
export function skeletonShapes(keypoints: readonly Keypoint[]): SkeletonShapes {
  const points = cocoToOpenpose18(keypoints);
  const limbs: Segment[] = [];
  LIMBS.forEach(([a, b], limb) => {
    const p = points[a];
    const q = points[b];
    if (p === undefined || q === undefined || p[2] === 0 || q[2] === 0) return;
    const color = COLORS[limb] ?? '#ffffff';
    limbs.push({ x1: p[0], y1: p[1], x2: q[0], y2: q[1], color, occluded: p[2] === 1 || q[2] === 1 });
  });
  const joints: Joint[] = [];
  points.forEach(([x, y, v], index) => {
    if (v !== 0) joints.push({ x, y, color: COLORS[index] ?? '#ffffff', occluded: v === 1, index });
  });
  return { limbs, joints };
}

export type Fit = { scale: number; dx: number; dy: number };

/** Fit a `width`×`height` pose canvas into a `boxW`×`boxH` area with `pad` pixels around, centred. */
export function fitCanvas(width: number, height: number, boxW: number, boxH: number, pad = 0): Fit {
  const scale = Math.max(0, Math.min((boxW - 2 * pad) / width, (boxH - 2 * pad) / height));
  return { scale, dx: (boxW - width * scale) / 2, dy: (boxH - height * scale) / 2 };
}
