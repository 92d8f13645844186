import { describe, expect, it } from 'vitest';
import { loadPresets } from '../../../../src-main/core/pose/presets';
import { limbOf, partnerOf, subtree, TREE_BONES } from './skeletonTree';
import { bodyMidline, mirrorAboutMidline, mirrorPartners } from './symmetry';
import type { Keypoint } from './types';

const standing = loadPresets().find((preset) => preset.name === 'standing-front')!;

describe('skeleton tree', () => {
  it('knows subtrees, partners and limbs', () => {
    expect(subtree(5)).toEqual([5, 7, 9]);
    expect(subtree(0)).toEqual([0, 1, 2, 3, 4]);
    expect(partnerOf(7)).toBe(8);
    expect(partnerOf(0)).toBeNull();
    expect(limbOf(9)).toEqual([5, 7, 9]);
    expect(limbOf(14)).toEqual([12, 14, 16]);
    expect(limbOf(0)).toBeNull();
    expect(TREE_BONES).toContainEqual([13, 15]);
  });
});

describe('symmetry', () => {
  it('puts the midline between shoulders and hips, falling back to the nose and the canvas', () => {
    const keypoints: Keypoint[] = Array.from({ length: 17 }, () => [0, 0, 0]);
    expect(bodyMidline(keypoints, 300)).toBe(150);
    keypoints[0] = [40, 10, 2];
    expect(bodyMidline(keypoints, 300)).toBe(40);
    keypoints[5] = [90, 50, 2];
    keypoints[6] = [110, 50, 2];
    keypoints[11] = [96, 90, 2];
    keypoints[12] = [108, 90, 2];
    expect(bodyMidline(keypoints, 300)).toBe(101);
  });

  it('mirrors the partner of a moved joint and leaves unlabeled partners alone', () => {
    const keypoints = standing.keypoints.map(([x, y, v]): Keypoint => [x, y, v]);
    keypoints[9] = [100, 300, 2];
    keypoints[10] = [0, 0, 0];
    keypoints[7] = [130, 220, 2];
    const out = mirrorPartners(keypoints, [7, 9], 256);
    expect(out[8]).toEqual([382, 220, keypoints[8]![2]]);
    expect(out[10]).toEqual([0, 0, 0]);
  });

  it('mirrors the whole pose about its own midline with labels swapped', () => {
    const mirrored = mirrorAboutMidline(standing.keypoints, 512);
    const mid = bodyMidline(standing.keypoints, 512);
    expect(mirrored[5]![0]).toBeCloseTo(2 * mid - standing.keypoints[6]![0], 9);
    const back = mirrorAboutMidline(mirrored, 512);
    back.forEach(([x, y, v], i) => {
      const [ox, oy, ov] = standing.keypoints[i]!;
      expect([Math.abs(x - ox) < 1e-9, y, v]).toEqual([true, oy, ov]);
    });
  });
});
