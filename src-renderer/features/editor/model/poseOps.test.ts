import { describe, expect, it } from 'vitest';
import { loadPresets } from '../../../../src-main/core/pose/presets';
import {
  clipFromText,
  clipInto,
  clipToText,
  firstUnlabeled,
  fitPreset,
  flipLimb,
  placeJoint,
  setVisibility,
} from './poseOps';
import type { Keypoint } from './types';

const standing = loadPresets()[0]!;
const pose = (): Keypoint[] => standing.keypoints.map(([x, y, v]): Keypoint => [x, y, v]);

describe('pose operations', () => {
  it('sets visibility on labeled joints only; 0 unlabels as [0, 0, 0]', () => {
    const keypoints = pose();
    keypoints[3] = [0, 0, 0];
    const out = setVisibility(keypoints, [2, 3, 4], 1);
    expect(out[2]).toEqual([keypoints[2]![0], keypoints[2]![1], 1]);
    expect(out[3]).toEqual([0, 0, 0]);
    expect(setVisibility(keypoints, [4], 0)[4]).toEqual([0, 0, 0]);
    expect(keypoints[2]![2]).toBe(2);
  });

  it('places an unlabeled joint as visible and finds the first unlabeled', () => {
    const keypoints = pose();
    expect(firstUnlabeled(keypoints)).toBeNull();
    keypoints[6] = [0, 0, 0];
    expect(firstUnlabeled(keypoints)).toBe(6);
    expect(placeJoint(keypoints, 6, { x: 3, y: 4 })[6]).toEqual([3, 4, 2]);
  });

  it('flips one limb’s sides and nothing else; the nose has no limb', () => {
    const keypoints = pose();
    const out = flipLimb(keypoints, 14)!;
    for (const [l, r] of [
      [11, 12],
      [13, 14],
      [15, 16],
    ] as const)
      expect([out[l], out[r]]).toEqual([keypoints[r], keypoints[l]]);
    expect(out.slice(0, 11)).toEqual(keypoints.slice(0, 11));
    expect(flipLimb(keypoints, 0)).toBeNull();
  });

  it('fits a preset into another canvas uniformly and centred', () => {
    const out = fitPreset(standing, 1024, 512);
    expect(out[0]).toEqual([standing.keypoints[0]![0] + 256, standing.keypoints[0]![1], 2]);
    const tall = fitPreset(standing, 256, 512);
    expect(tall[0]).toEqual([standing.keypoints[0]![0] / 2, standing.keypoints[0]![1] / 2 + 128, 2]);
  });

  it('rescales a clip per axis and round-trips it through text; junk reads as null', () => {
    const clip = { width: 512, height: 512, keypoints: pose() };
    expect(clipInto(clip, 256, 1024)[0]).toEqual([
      standing.keypoints[0]![0] / 2,
      standing.keypoints[0]![1] * 2,
      2,
    ]);
    expect(clipFromText(clipToText(clip))).toEqual(clip);
    expect(clipFromText('not json')).toBeNull();
    expect(
      clipFromText(JSON.stringify({ kind: 'pose-studio/pose', width: 1, height: 1, keypoints: [] })),
    ).toBeNull();
  });
});
