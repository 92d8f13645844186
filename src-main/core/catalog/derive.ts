/**
 * @file Derived columns stored beside a pose for fast filters: labeled/visible counts and the
 * keypoint bbox with its area. Computed in one place so every writer stores the same values.
 */
import type { Box, Keypoint } from '../../contract';
import { keypointBox } from '../pose/geometry';

export type DerivedColumns = {
  labeledCount: number;
  visibleCount: number;
  bbox: Box | null;
  area: number;
};

export function deriveColumns(keypoints: readonly Keypoint[]): DerivedColumns {
  let labeledCount = 0;
  let visibleCount = 0;
  for (const [, , v] of keypoints) {
    if (v > 0) labeledCount += 1;
    if (v === 2) visibleCount += 1;
  }
  const bbox = keypointBox(keypoints);
  return { labeledCount, visibleCount, bbox, area: bbox === null ? 0 : bbox[2] * bbox[3] };
}
