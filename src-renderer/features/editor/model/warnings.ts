/**
 * @file Plausibility warnings shown while editing: limbs whose length is out of proportion with
 * the rest of the body, and labeled joints outside the canvas. Lengths are compared after
 * dividing by a typical adult proportion (the ones the presets were authored with) and by the
 * body's own scale (the median of those ratios over the limbs and torso sides), so the check
 * works at any size. Foreshortening shortens limbs legitimately, so "too short" only catches two
 * joints stacked on each other, and shoulder and hip widths are never too short.
 */
import { COCO_KEYPOINT_NAMES } from '../../../../src-main/core/pose/skeleton';
import type { Keypoint } from './types';

/** Bones measured, with a typical length in the presets' units (shoulder width 96). */
export const TYPICAL_BONES: readonly { bone: readonly [number, number]; length: number; width?: true }[] = [
  // Shoulder and hip widths vanish in side views, so they are only ever too long.
  { bone: [5, 6], length: 96, width: true },
  { bone: [11, 12], length: 64, width: true },
  { bone: [5, 11], length: 135 },
  { bone: [6, 12], length: 135 },
  { bone: [5, 7], length: 78 },
  { bone: [6, 8], length: 78 },
  { bone: [7, 9], length: 70 },
  { bone: [8, 10], length: 70 },
  { bone: [11, 13], length: 100 },
  { bone: [12, 14], length: 100 },
  { bone: [13, 15], length: 95 },
  { bone: [14, 16], length: 95 },
];

export type PoseWarning =
  | { kind: 'limbLength'; bone: readonly [number, number]; ratio: number; message: string }
  | { kind: 'outsideCanvas'; joint: number; message: string };

export type WarningOptions = {
  /** A bone longer than this many times the body's scale is implausible. */
  tooLong?: number;
  /** A bone shorter than this share of the body's scale is implausible (foreshortening aside). */
  tooShort?: number;
  /** Bones that must be measured before lengths are judged at all. */
  minBones?: number;
};

const name = (joint: number): string => (COCO_KEYPOINT_NAMES[joint] ?? `joint ${joint}`).replace('_', ' ');

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Bones out of proportion with the rest of the body. */
export function limbLengthWarnings(
  keypoints: readonly Keypoint[],
  options: WarningOptions = {},
): PoseWarning[] {
  const { tooLong = 1.9, tooShort = 0.05, minBones = 4 } = options;
  const measured: { bone: readonly [number, number]; ratio: number; width: boolean }[] = [];
  for (const { bone, length, width } of TYPICAL_BONES) {
    const a = keypoints[bone[0]];
    const b = keypoints[bone[1]];
    if (!a || !b || a[2] === 0 || b[2] === 0) continue;
    measured.push({ bone, ratio: Math.hypot(a[0] - b[0], a[1] - b[1]) / length, width: width === true });
  }
  const limbs = measured.filter((m) => !m.width);
  if (limbs.length < minBones) return [];
  const scale = median(limbs.map((m) => m.ratio));
  if (scale <= 0) return [];
  const warnings: PoseWarning[] = [];
  for (const { bone, ratio, width } of measured) {
    const relative = ratio / scale;
    if (relative > tooLong || (!width && relative < tooShort)) {
      const which = relative > tooLong ? 'long' : 'short';
      const message = `${name(bone[0])} – ${name(bone[1])} is ${relative.toFixed(1)}× its usual length (too ${which})`;
      warnings.push({ kind: 'limbLength', bone, ratio: relative, message });
    }
  }
  return warnings;
}

/** Labeled joints outside [0, width] x [0, height]. */
export function outsideCanvasWarnings(
  keypoints: readonly Keypoint[],
  width: number,
  height: number,
): PoseWarning[] {
  const warnings: PoseWarning[] = [];
  keypoints.forEach(([x, y, v], joint) => {
    if (v !== 0 && (x < 0 || y < 0 || x > width || y > height))
      warnings.push({ kind: 'outsideCanvas', joint, message: `${name(joint)} lies outside the canvas` });
  });
  return warnings;
}

export function poseWarnings(
  keypoints: readonly Keypoint[],
  width: number,
  height: number,
  options: WarningOptions = {},
): PoseWarning[] {
  return [...limbLengthWarnings(keypoints, options), ...outsideCanvasWarnings(keypoints, width, height)];
}
