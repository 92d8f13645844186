/**
 * Unit: the pose sketch and its bound. Every pair whose symmetric OKS reaches the threshold passes
 * the bound (the lookup never misses a near-duplicate), while most pairs that do not are ruled out
 * (the bound is worth having); sketches are position and scale free.
 */
import { describe, expect, it } from 'vitest';
import { jitterKeypoints } from './augment';
import { poseSimilarity } from './geometry';
import { augmentPose, loadPresets, seededRandom } from './presets';
import {
  JOINT_GROUP,
  SKETCH_GROUPS,
  groupCounts,
  poseSketch,
  sameMaskOnly,
  sketchBounds,
  sketchRadius2,
} from './poseSketch';
import type { Keypoint } from './types';

const presets = loadPresets();

/**
 * Presets, rigidly augmented, with joint-angle jitter; every other pose is a copy of the one before
 * with a few pixels of noise (so there are near-duplicates at every threshold); some lack the ears.
 */
function library(count: number, seed: number): Keypoint[][] {
  const random = seededRandom(seed);
  const poses: Keypoint[][] = [];
  for (let i = 0; i < count; i += 1) {
    if (i % 2 === 1) {
      const noise = random() * 4;
      poses.push(
        poses[i - 1]!.map(([x, y, v]): Keypoint => [
          x + (random() - 0.5) * noise,
          y + (random() - 0.5) * noise,
          v,
        ]),
      );
      continue;
    }
    const moved = augmentPose(presets[(i / 2) % presets.length]!, seed * 7919 + i).keypoints;
    const bent = jitterKeypoints(moved, i + seed, random() * 20);
    poses.push(bent.map((point, j): Keypoint => (i % 6 === 0 && (j === 3 || j === 4) ? [0, 0, 0] : point)));
  }
  return poses;
}

function passes(a: readonly Keypoint[], b: readonly Keypoint[], threshold: number): boolean {
  const [sa, sb] = [poseSketch(a)!, poseSketch(b)!];
  const bounds = sketchBounds(sa, threshold);
  if (bounds === null) return true;
  if (sa.mask !== sb.mask) return false;
  const lead = sb.sums[0]!;
  return lead >= bounds.low && lead <= bounds.high && bounds.admits(sb.sums, sb.area);
}

describe('pose sketch', () => {
  it('groups every joint once', () => {
    expect(SKETCH_GROUPS.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 17 }, (_, j) => j));
    expect(JOINT_GROUP.every((g) => g >= 0)).toBe(true);
    expect(groupCounts(0b1_0000_0000_0000_0011)).toEqual([2, 0, 0, 0, 1]);
  });

  it('ignores position and scale, and is null without a labeled joint', () => {
    const pose = presets[0]!.keypoints;
    const moved = pose.map(([x, y, v]): Keypoint => [3 * x + 100, 3 * y - 40, v]);
    const [a, b] = [poseSketch(pose)!, poseSketch(moved)!];
    expect(b.mask).toBe(a.mask);
    expect(b.n).toBe(17);
    expect(b.area).toBeCloseTo(a.area, 12);
    b.sums.forEach((value, i) => expect(value).toBeCloseTo(a.sums[i]!, 9));
    expect(poseSketch(pose.map((): Keypoint => [0, 0, 0]))).toBeNull();
  });

  it('bounds only thresholds above 16/17, where masks must agree', () => {
    expect(sameMaskOnly(0.95)).toBe(true);
    expect(sameMaskOnly(16 / 17)).toBe(false);
    expect(sketchRadius2(17, 1, 0.95)).toBeCloseTo(2 * -Math.log(0.15), 12);
    expect(sketchRadius2(17, 1, 0.94)).toBeNull();
    expect(sketchBounds(poseSketch(presets[0]!.keypoints)!, 0.9)).toBeNull();
  });

  it.each([0.95, 0.97, 0.99])('never rules out a pair with OKS >= %s, and rules out most others', (t) => {
    const poses = library(240, Math.round(t * 100));
    let matches = 0;
    let others = 0;
    let ruledOut = 0;
    for (let i = 0; i < poses.length; i += 1) {
      for (let j = 0; j < poses.length; j += 1) {
        const similar = poseSimilarity(poses[i]!, poses[j]!) >= t;
        const pass = passes(poses[i]!, poses[j]!, t);
        if (similar) {
          matches += 1;
          expect(pass, `${i} ~ ${j}`).toBe(true);
        } else {
          others += 1;
          if (!pass) ruledOut += 1;
        }
      }
    }
    expect(matches).toBeGreaterThan(poses.length);
    expect(ruledOut / others).toBeGreaterThan(0.95);
  });

  it('lets near-misses just above the threshold through', () => {
    const base = presets[3]!.keypoints;
    const random = seededRandom(9);
    let tested = 0;
    for (let trial = 0; trial < 2000; trial += 1) {
      const scale = random() * 0.2;
      const other = base.map(([x, y, v]): Keypoint => [
        x + (random() - 0.5) * scale * 100,
        y + (random() - 0.5) * scale * 100,
        v,
      ]);
      const value = poseSimilarity(base, other);
      if (value < 0.95 || value > 0.96) continue;
      tested += 1;
      expect(passes(base, other, 0.95)).toBe(true);
    }
    expect(tested).toBeGreaterThan(10);
  });
});
