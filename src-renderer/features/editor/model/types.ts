/**
 * @file Shared types of the pose editor's model: points in canvas pixels and the COCO-17
 * keypoint triple reused from platform-free core, so the editor and the catalog agree on shape.
 */
import type { Keypoint } from '../../../../src-main/core/pose/types';

export type { Keypoint };

/** A point in canvas pixels (after the view has undone zoom and pan). */
export type Point = { x: number; y: number };

/** Modifier keys held during a pointer or key event. */
export type Modifiers = { shift?: boolean; alt?: boolean; ctrl?: boolean; meta?: boolean };

/** COCO visibility: 2 visible, 1 labeled but occluded, 0 unlabeled. */
export type Visibility = Keypoint[2];

/** A deep copy of keypoints, so stored snapshots never alias the live pose. */
export function cloneKeypoints(keypoints: readonly Keypoint[]): Keypoint[] {
  return keypoints.map(([x, y, v]): Keypoint => [x, y, v]);
}

/** True when both poses hold exactly the same triples. */
export function sameKeypoints(a: readonly Keypoint[], b: readonly Keypoint[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) {
    const p = a[i]!;
    const q = b[i]!;
    if (p[0] !== q[0] || p[1] !== q[1] || p[2] !== q[2]) return false;
  }
  return true;
}
