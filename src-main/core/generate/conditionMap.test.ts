import { describe, expect, it } from 'vitest';
import type { Keypoint } from '../../contract';
import {
  conditionMapForPose,
  ellipsePolygon,
  OPENPOSE_COLORS,
  OPENPOSE_LIMB_ALPHA,
  OPENPOSE_LIMBS,
  renderConditionMap,
} from './conditionMap';
import { frontPose } from './testPoses';

const W = 200;
const H = 400;

function pixel(rgba: Uint8Array, x: number, y: number): number[] {
  const o = (y * W + x) * 4;
  return [rgba[o]!, rgba[o + 1]!, rgba[o + 2]!, rgba[o + 3]!];
}

const limbColor = (limb: number): number[] => [
  ...OPENPOSE_COLORS[limb]!.map((c) => Math.trunc(c * OPENPOSE_LIMB_ALPHA)),
  255,
];

describe('renderConditionMap', () => {
  const keypoints = frontPose().keypoints;

  it('draws on an opaque black background', () => {
    const rgba = renderConditionMap(keypoints, W, H);
    expect(rgba.length).toBe(W * H * 4);
    expect(pixel(rgba, 5, 5)).toEqual([0, 0, 0, 255]);
    expect(pixel(rgba, 195, 395)).toEqual([0, 0, 0, 255]);
  });

  it('fills a limb with its colour x 0.6 at its centre (OpenPose-18 order)', () => {
    const rgba = renderConditionMap(keypoints, W, H);
    // Limb 2 is right shoulder -> right elbow: COCO 6 (60,110) -> COCO 8 (50,170); centre (55,140).
    expect(OPENPOSE_LIMBS[2]).toEqual([2, 3]);
    expect(pixel(rgba, 55, 140)).toEqual(limbColor(2));
    // Limb 10 is left hip -> left knee: (125,220) -> (128,300).
    expect(pixel(rgba, 126, 260)).toEqual(limbColor(10));
  });

  it('computes the neck from the shoulders and draws joints in full colour', () => {
    const rgba = renderConditionMap(keypoints, W, H);
    expect(pixel(rgba, 100, 110)).toEqual([...OPENPOSE_COLORS[1]!, 255]);
    expect(pixel(rgba, 60, 110)).toEqual([...OPENPOSE_COLORS[2]!, 255]);
    expect(pixel(rgba, 100, 60)).toEqual([...OPENPOSE_COLORS[0]!, 255]);
  });

  it('drops a limb whose end is unlabeled, keeps occluded ends unless asked', () => {
    const missing = keypoints.map((k) => [...k] as Keypoint);
    missing[8] = [0, 0, 0];
    expect(pixel(renderConditionMap(missing, W, H), 55, 140)).toEqual([0, 0, 0, 255]);
    const occluded = keypoints.map((k) => [...k] as Keypoint);
    occluded[8] = [50, 170, 1];
    expect(pixel(renderConditionMap(occluded, W, H), 55, 140)).toEqual(limbColor(2));
    expect(pixel(renderConditionMap(occluded, W, H, { dropOccluded: true }), 55, 140)).toEqual([
      0, 0, 0, 255,
    ]);
  });

  it('has no neck, and so no neck limbs, when a shoulder is missing', () => {
    const oneShoulder = keypoints.map((k) => [...k] as Keypoint);
    oneShoulder[6] = [0, 0, 0];
    const rgba = renderConditionMap(oneShoulder, W, H);
    // Neck -> nose (limb 12) would pass through (100, 85).
    expect(pixel(rgba, 100, 85)).toEqual([0, 0, 0, 255]);
  });

  it('is deterministic', () => {
    const [a, b] = [renderConditionMap(keypoints, W, H), renderConditionMap(keypoints, W, H)];
    expect(Buffer.compare(a, b)).toBe(0);
  });

  it('fits the pose canvas into the output, aspect kept and centred', () => {
    const rgba = conditionMapForPose(frontPose(), 256, 256);
    // scale 0.64, offset x = (256 - 128) / 2 = 64: the nose (100, 60) lands at (128, 38.4).
    const o = (38 * 256 + 128) * 4;
    expect([rgba[o], rgba[o + 1], rgba[o + 2]]).toEqual([...OPENPOSE_COLORS[0]!]);
  });
});

describe('ellipsePolygon', () => {
  it('follows OpenCV ellipse2Poly: closed, axis-aligned extremes at the semi-axes', () => {
    const points = ellipsePolygon(50, 40, 20, 4, 0);
    const xs = points.filter((_, i) => i % 2 === 0);
    const ys = points.filter((_, i) => i % 2 === 1);
    expect(Math.max(...xs)).toBe(70);
    expect(Math.min(...xs)).toBe(30);
    expect(Math.max(...ys)).toBe(44);
    expect(Math.min(...ys)).toBe(36);
    expect(points.slice(0, 2)).toEqual(points.slice(-2));
  });
});
