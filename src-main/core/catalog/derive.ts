/**
 * @file Derived columns stored beside a pose for fast filters: labeled/visible counts and the
 * keypoint bbox with its area. Computed in one place so every writer stores the same values.
 */
import type { Box, Keypoint } from '../../contract';
import { keypointBox, labeledCount, visibleCount } from '../pose/geometry';

export type DerivedColumns = {
  labeledCount: number;
  visibleCount: number;
  bbox: Box | null;
  area: number;
};

export function deriveColumns(keypoints: readonly Keypoint[]): DerivedColumns {
  const bbox = keypointBox(keypoints);
  return {
    labeledCount: labeledCount(keypoints),
    visibleCount: visibleCount(keypoints),
    bbox,
    area: bbox === null ? 0 : bbox[2] * bbox[3],
  };
}
