/**
 * @file Pointer hit-testing in canvas coordinates: the labeled joint nearest to a point within
 * a radius. Unlabeled joints have no position, so they are never hit (they are placed instead).
 */
import type { Keypoint, Point } from './types';

/** Index of the nearest labeled joint within `radius` of `point`; ties go to the lower index. */
export function nearestJoint(keypoints: readonly Keypoint[], point: Point, radius: number): number | null {
  let best: number | null = null;
  let bestDistance = radius * radius;
  for (let i = 0; i < keypoints.length; i += 1) {
    const [x, y, v] = keypoints[i]!;
    if (v === 0) continue;
    const dx = x - point.x;
    const dy = y - point.y;
    const distance = dx * dx + dy * dy;
    if (distance <= bestDistance && (best === null || distance < bestDistance)) {
      best = i;
      bestDistance = distance;
    }
  }
  return best;
}
