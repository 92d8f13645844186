import { describe, expect, it } from 'vitest';
import type { Keypoint } from '../../../../src-main/contract';
import { fitCanvas, skeletonShapes } from './openposeStyle';

const unlabeled = (): Keypoint[] => Array.from({ length: 17 }, (): Keypoint => [0, 0, 0]);
const NECK = 1;

describe('OpenPose drawing style', () => {
  it('draws a neck from labeled shoulders only, occluded when either shoulder is', () => {
    const points = unlabeled();
    points[5] = [10, 20, 2];
    points[6] = [30, 40, 1];
    const neck = skeletonShapes(points).joints.find((joint) => joint.index === NECK);
    expect(neck).toMatchObject({ x: 20, y: 30, occluded: true, color: '#ff5500' });
    points[6] = [0, 0, 0];
    expect(skeletonShapes(points).joints.some((joint) => joint.index === NECK)).toBe(false);
  });

  it('skips unlabeled points and dims limbs touching occluded ones', () => {
    const points = unlabeled();
    points[5] = [10, 10, 2]; // left shoulder
    points[7] = [10, 30, 2]; // left elbow
    points[9] = [10, 50, 1]; // left wrist, occluded
    const { limbs, joints } = skeletonShapes(points);
    expect(limbs).toEqual([
      { x1: 10, y1: 10, x2: 10, y2: 30, color: '#aaff00', occluded: false },
      { x1: 10, y1: 30, x2: 10, y2: 50, color: '#55ff00', occluded: true },
    ]);
    expect(joints.map((joint) => [joint.index, joint.occluded])).toEqual([
      [5, false],
      [6, false],
      [7, true],
    ]);
  });

  it('colours joints by OpenPose index: nose red, right shoulder orange-yellow, left shoulder green', () => {
    const points = unlabeled();
    points[0] = [1, 1, 2];
    points[5] = [0, 5, 2];
    points[6] = [2, 5, 2];
    const colours = Object.fromEntries(
      skeletonShapes(points).joints.map((joint) => [joint.index, joint.color]),
    );
    expect(colours).toEqual({ 0: '#ff0000', 1: '#ff5500', 2: '#ffaa00', 5: '#55ff00' });
  });

  it('fits a canvas into a box, centred, keeping its aspect', () => {
    expect(fitCanvas(200, 400, 100, 100)).toEqual({ scale: 0.25, dx: 25, dy: 0 });
    expect(fitCanvas(400, 200, 108, 108, 4)).toEqual({ scale: 0.25, dx: 4, dy: 29 });
  });
});
