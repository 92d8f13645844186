import { describe, expect, it } from 'vitest';
import {
  COCO_FLIP_PAIRS,
  COCO_KEYPOINT_NAMES,
  COCO_LIMBS,
  COCO_SIGMAS,
  LAYOUTS,
  cocoToOpenpose18,
  toCoco17,
} from './skeleton';
import type { Keypoint } from './types';

const unlabeled = (): Keypoint[] => Array.from({ length: 17 }, (): Keypoint => [0, 0, 0]);

describe('COCO-17', () => {
  it('has 17 names, 19 limbs within range, and the standard sigmas', () => {
    expect(COCO_KEYPOINT_NAMES).toHaveLength(17);
    expect(COCO_LIMBS).toHaveLength(19);
    expect(COCO_LIMBS.flat().every((i) => i >= 0 && i < 17)).toBe(true);
    expect(COCO_SIGMAS).toHaveLength(17);
    expect(COCO_SIGMAS[0]).toBe(0.026);
    expect(COCO_SIGMAS[11]).toBe(0.107);
  });

  it('pairs every left joint with its right twin', () => {
    for (const [l, r] of COCO_FLIP_PAIRS) {
      expect(COCO_KEYPOINT_NAMES[l]!.replace('left_', '')).toBe(
        COCO_KEYPOINT_NAMES[r]!.replace('right_', ''),
      );
      expect(COCO_KEYPOINT_NAMES[l]!.startsWith('left_')).toBe(true);
    }
  });
});

describe('layout tables', () => {
  it('map OpenPose COCO-18 by name, dropping the neck', () => {
    const t = LAYOUTS.openpose18.toCoco;
    expect(t).toEqual([0, null, 6, 8, 10, 5, 7, 9, 12, 14, 16, 11, 13, 15, 2, 1, 4, 3]);
  });

  it('map BODY_25 (neck 1, mid-hip 8, feet unmapped) and BODY_25B (COCO order first)', () => {
    const b25 = LAYOUTS.body25.toCoco;
    expect(b25).toHaveLength(25);
    expect([b25[1], b25[8], b25[19], b25[24]]).toEqual([null, null, null, null]);
    expect([b25[9], b25[12], b25[15], b25[18]]).toEqual([12, 11, 2, 3]);
    expect(LAYOUTS.body25b.toCoco).toEqual([
      ...Array.from({ length: 17 }, (_, i) => i),
      ...Array(8).fill(null),
    ]);
  });

  it('map the 14- to 26-joint layouts onto the joints they share', () => {
    expect(LAYOUTS.halpe26.toCoco.slice(0, 17)).toEqual(Array.from({ length: 17 }, (_, i) => i));
    expect(LAYOUTS.halpe136.count).toBe(136);
    expect(LAYOUTS.crowdpose14.toCoco).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, null, null]);
    expect(LAYOUTS.aic14.toCoco).toEqual([6, 8, 10, 5, 7, 9, 12, 14, 16, 11, 13, 15, null, null]);
    expect(LAYOUTS.mpii16.toCoco).toEqual([
      16,
      14,
      12,
      11,
      13,
      15,
      null,
      null,
      null,
      null,
      10,
      8,
      6,
      5,
      7,
      9,
    ]);
    expect(LAYOUTS.jhmdb15.toCoco).toEqual([null, null, null, 6, 5, 12, 11, 8, 7, 14, 13, 10, 9, 16, 15]);
    expect(LAYOUTS.posetrack17.toCoco.slice(0, 4)).toEqual([0, null, null, 3]);
  });

  it('converts a pose, leaving joints the layout lacks unlabeled', () => {
    const points: Keypoint[] = LAYOUTS.crowdpose14.names.map((_, i): Keypoint => [i, i * 2, 2]);
    points[0] = [0, 0, 0];
    const coco = toCoco17(points, LAYOUTS.crowdpose14.toCoco);
    expect(coco[0]).toEqual([0, 0, 0]);
    expect(coco[5]).toEqual([0, 0, 0]);
    expect(coco[6]).toEqual([1, 2, 2]);
    expect(coco.filter((p) => p[2] > 0)).toHaveLength(11);
  });
});

describe('cocoToOpenpose18', () => {
  it('computes the neck from both shoulders with the lower visibility', () => {
    const kp = unlabeled();
    kp[5] = [10, 20, 2];
    kp[6] = [30, 40, 1];
    kp[0] = [20, 5, 2];
    const op = cocoToOpenpose18(kp);
    expect(op).toHaveLength(18);
    expect(op[1]).toEqual([20, 30, 1]);
    expect(op[0]).toEqual([20, 5, 2]);
    expect(op[2]).toEqual([30, 40, 1]);
    expect(op[5]).toEqual([10, 20, 2]);
  });

  it('leaves the neck unlabeled when a shoulder is missing', () => {
    const kp = unlabeled();
    kp[5] = [10, 20, 2];
    expect(cocoToOpenpose18(kp)[1]).toEqual([0, 0, 0]);
  });
});
