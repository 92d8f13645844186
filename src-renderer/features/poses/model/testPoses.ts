/** @file Test helper: plain Pose DTOs with predictable ids (used by the model and view tests only). */
import type { Keypoint, Pose } from '../../../../src-main/contract';

export function makePose(id: number, overrides: Partial<Pose> = {}): Pose {
  const keypoints: Keypoint[] = Array.from({ length: 17 }, (_, i): Keypoint => [10 + i * 5, 20 + i * 8, 2]);
  return {
    id,
    width: 200,
    height: 300,
    keypoints,
    box: null,
    bbox: [10, 20, 80, 128],
    labeledCount: 17,
    visibleCount: 17,
    tags: [],
    source: { importId: 1, format: 'coco', file: 'a.json', record: String(id), image: '1.jpg' },
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    ...overrides,
  };
}
