import { describe, expect, it } from 'vitest';
import type { Keypoint } from '../../../../src-main/contract';
import { asKeypoints, hasLabeled, overlayPose, overlayShapes, poseCanvas } from './overlay';

const points = (v: 0 | 1 | 2): Keypoint[] =>
  Array.from({ length: 17 }, (_, i): Keypoint => [i * 2, i * 3, v]);
const pose = { width: 100, height: 200, keypoints: points(2) };

describe('skeleton overlay', () => {
  it('uses the variant’s own keypoints, in its pixels, when it has any', () => {
    const variant = { width: 256, height: 256, keypoints: points(1) };
    const out = overlayPose(variant, pose);
    expect(out).toEqual({ width: 256, height: 256, keypoints: variant.keypoints, fromPose: false });
  });

  it('fits the pose into the variant canvas otherwise (centred, aspect kept)', () => {
    const out = overlayPose({ width: 400, height: 400, keypoints: points(0) }, pose);
    expect(out.fromPose).toBe(true);
    // 100x200 into 400x400: scale 2, centred horizontally (dx 100).
    expect(out.keypoints[0]).toEqual([100, 0, 2]);
    expect(out.keypoints[4]).toEqual([116, 24, 2]);
    expect(hasLabeled(points(0))).toBe(false);
  });

  it('reads row keypoints as COCO visibility', () => {
    expect(
      asKeypoints([
        [1, 2, 0],
        [3, 4, 1],
        [5, 6, 2],
        [7, 8, 3],
      ]),
    ).toEqual([
      [1, 2, 0],
      [3, 4, 1],
      [5, 6, 2],
      [7, 8, 2],
    ]);
    expect(poseCanvas({ width: 5, height: 6, keypoints: [[1, 1, 1]] })).toEqual({
      width: 5,
      height: 6,
      keypoints: [[1, 1, 1]],
    });
  });

  it('sizes strokes to the canvas and skips unlabeled joints', () => {
    const shapes = overlayShapes({ width: 700, height: 350, keypoints: points(2) });
    expect(shapes.stroke).toBe(10);
    expect(shapes.joints.length).toBeGreaterThan(0);
    expect(overlayShapes({ width: 70, height: 70, keypoints: points(0) }).joints).toEqual([]);
  });
});
