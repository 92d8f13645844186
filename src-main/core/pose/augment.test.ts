/**
 * Unit: editor augmentation. Jitter keeps every COCO limb length (1e-6 relative), bends each bone
 * by at most the limit, is seeded and leaves unlabeled joints alone; mirror swaps sides;
 * interpolation runs from a to b, keeps limb lengths shared by both poses, and handles joints
 * labeled in one pose only.
 */
import { describe, expect, it } from 'vitest';
import {
  CHAIN_JOINTS,
  KINEMATIC_PARENT,
  augmentShapes,
  interpolateKeypoints,
  interpolateSeries,
  jitterKeypoints,
  jitterSeries,
  limbLengths,
  mirrorShape,
  translateIntoCanvas,
} from './augment';
import { keypointBox } from './geometry';
import { loadPresets } from './presets';
import { COCO_LIMBS } from './skeleton';
import type { Keypoint } from './types';

const presets = loadPresets();
const standing = presets.find((p) => p.name === 'standing-front')!;

function expectSameLengths(actual: readonly Keypoint[], expected: readonly Keypoint[]): void {
  const [got, want] = [limbLengths(actual), limbLengths(expected)];
  want.forEach((length, i) => {
    if (length === null) return expect(got[i], `limb ${i}`).toBeNull();
    // Relative, except for limbs of (nearly) zero length (hips on top of each other in side views).
    const error = Math.abs(got[i]! - length) / Math.max(length, 1);
    expect(error, `limb ${COCO_LIMBS[i]!.join('-')}`).toBeLessThan(1e-6);
  });
}

const angleOf = (kp: readonly Keypoint[], parent: number, child: number): number =>
  Math.atan2(kp[child]![1] - kp[parent]![1], kp[child]![0] - kp[parent]![0]);

function angleBetween(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return Math.min(d, 2 * Math.PI - d);
}

describe('kinematic tree', () => {
  it('hangs every chain joint off a COCO limb, parents first', () => {
    const limbs = new Set(COCO_LIMBS.map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`));
    CHAIN_JOINTS.forEach((joint, index) => {
      const parent = KINEMATIC_PARENT[joint]!;
      expect(limbs.has(`${Math.min(parent, joint)}-${Math.max(parent, joint)}`)).toBe(true);
      if (KINEMATIC_PARENT[parent] !== null) expect(CHAIN_JOINTS.indexOf(parent)).toBeLessThan(index);
    });
    expect(KINEMATIC_PARENT).toHaveLength(17);
  });
});

describe('joint-angle jitter', () => {
  it.each(presets.map((p) => [p.name, p] as const))('%s keeps all 19 limb lengths', (_, preset) => {
    for (let seed = 1; seed <= 20; seed += 1) {
      const jittered = jitterKeypoints(preset.keypoints, seed, 30);
      expectSameLengths(jittered, preset.keypoints);
    }
  });

  it('moves the limbs, keeps the core still, and bends a bone by at most the limit', () => {
    let moved = 0;
    for (let seed = 1; seed <= 50; seed += 1) {
      const out = jitterKeypoints(standing.keypoints, seed, 15);
      for (const j of [0, 1, 2, 3, 4, 5, 6, 11, 12]) expect(out[j]).toEqual(standing.keypoints[j]);
      for (const [parent, child] of [
        [5, 7],
        [6, 8],
        [11, 13],
        [12, 14],
      ] as const) {
        const turn = angleBetween(angleOf(out, parent, child), angleOf(standing.keypoints, parent, child));
        expect(turn).toBeLessThanOrEqual((15 * Math.PI) / 180 + 1e-9);
        if (turn > 0.01) moved += 1;
      }
    }
    expect(moved).toBeGreaterThan(150);
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(jitterKeypoints(standing.keypoints, 7)).toEqual(jitterKeypoints(standing.keypoints, 7));
    expect(jitterKeypoints(standing.keypoints, 7)).not.toEqual(jitterKeypoints(standing.keypoints, 8));
    const series = jitterSeries(standing, 3, 1);
    expect(series).toEqual(jitterSeries(standing, 3, 1));
    expect(new Set(series.map((p) => JSON.stringify(p.keypoints))).size).toBe(3);
  });

  it('leaves unlabeled joints unlabeled and turns about the nearest labeled ancestor', () => {
    const partial = standing.keypoints.map((p, i): Keypoint => (i === 7 || i === 16 ? [0, 0, 0] : p));
    const out = jitterKeypoints(partial, 3, 25);
    expect(out[7]).toEqual([0, 0, 0]);
    expect(out[16]).toEqual([0, 0, 0]);
    // The wrist hangs off the shoulder now: its distance to the shoulder stays.
    const reach = (kp: readonly Keypoint[]) => Math.hypot(kp[9]![0] - kp[5]![0], kp[9]![1] - kp[5]![1]);
    expect(reach(out)).toBeCloseTo(reach(partial), 9);
    expectSameLengths(out, partial);
    // Visibility flags are kept.
    expect(out.map((p) => p[2])).toEqual(partial.map((p) => p[2]));
  });

  it('translates a series back into the canvas without changing lengths', () => {
    const nearEdge = standing.keypoints.map(([x, y, v]): Keypoint => [x - 180, y, v]);
    for (const pose of jitterSeries({ ...standing, keypoints: nearEdge }, 20, 5, 40)) {
      const box = keypointBox(pose.keypoints)!;
      expect(box[0]).toBeGreaterThanOrEqual(-1e-9);
      expect(box[0] + box[2]).toBeLessThanOrEqual(512 + 1e-9);
      expectSameLengths(pose.keypoints, nearEdge);
    }
    const wide: Keypoint[] = [
      [-50, 10, 2],
      [150, 20, 2],
      ...Array.from({ length: 15 }, (): Keypoint => [0, 0, 0]),
    ];
    expect(translateIntoCanvas(wide, 100, 100).slice(0, 2)).toEqual([
      [-50, 10, 2],
      [150, 20, 2],
    ]);
  });
});

describe('mirror', () => {
  it('reflects within the canvas and swaps left and right', () => {
    const out = mirrorShape(standing);
    expect(out.keypoints[5]).toEqual([512 - standing.keypoints[6]![0], standing.keypoints[6]![1], 2]);
    expect(out.keypoints[0]![0]).toBeCloseTo(512 - standing.keypoints[0]![0], 9);
    mirrorShape(out).keypoints.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(standing.keypoints[i]![0], 9);
      expect(p.slice(1)).toEqual(standing.keypoints[i]!.slice(1));
    });
    expect(augmentShapes(standing, { mode: 'mirror' })).toHaveLength(1);
  });
});

describe('interpolation', () => {
  const target = { ...standing, keypoints: jitterKeypoints(standing.keypoints, 11, 60) };

  it('starts at a and ends at b', () => {
    const start = interpolateKeypoints(standing, target, 0);
    const end = interpolateKeypoints(standing, target, 1);
    start.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(standing.keypoints[i]![0], 9);
      expect(end[i]![1]).toBeCloseTo(target.keypoints[i]![1], 9);
    });
  });

  it('keeps limb lengths the two poses share, and turns bones monotonically', () => {
    const series = interpolateSeries(standing, target, 9);
    expect(series).toHaveLength(9);
    let previous = angleOf(standing.keypoints, 7, 9);
    const total = angleBetween(angleOf(target.keypoints, 7, 9), previous);
    for (const pose of series) {
      expectSameLengths(pose.keypoints, standing.keypoints);
      const angle = angleOf(pose.keypoints, 7, 9);
      expect(angleBetween(angle, previous)).toBeLessThanOrEqual(total / 5);
      previous = angle;
    }
  });

  it('moves the core linearly and scales b into a canvas of another size', () => {
    const shifted = {
      ...standing,
      keypoints: standing.keypoints.map(([x, y, v]): Keypoint => [x + 40, y, v]),
    };
    const half = interpolateKeypoints(standing, shifted, 0.5);
    half.forEach((p, i) => expect(p[0]).toBeCloseTo(standing.keypoints[i]![0] + 20, 9));
    const big = {
      width: 1024,
      height: 1024,
      keypoints: standing.keypoints.map(([x, y, v]): Keypoint => [2 * x, 2 * y, v]),
    };
    interpolateKeypoints(standing, big, 0.5).forEach((p, i) => {
      expect(p[0]).toBeCloseTo(standing.keypoints[i]![0], 6);
      expect(p[1]).toBeCloseTo(standing.keypoints[i]![1], 6);
    });
  });

  it('keeps a joint labeled in one pose only while nearer that pose, hanging off its parent', () => {
    const noWrist = {
      ...target,
      keypoints: target.keypoints.map((p, i): Keypoint => (i === 9 ? [0, 0, 0] : p)),
    };
    const early = interpolateKeypoints(standing, noWrist, 0.25);
    const late = interpolateKeypoints(standing, noWrist, 0.75);
    expect(late[9]).toEqual([0, 0, 0]);
    expect(early[9]![2]).toBe(2);
    const forearm = (kp: readonly Keypoint[]) => [kp[9]![0] - kp[7]![0], kp[9]![1] - kp[7]![1]];
    const [ex, ey] = forearm(early);
    const [sx, sy] = forearm(standing.keypoints);
    expect(ex).toBeCloseTo(sx!, 9);
    expect(ey).toBeCloseTo(sy!, 9);
    const noNose = {
      ...standing,
      keypoints: standing.keypoints.map((p, i): Keypoint => (i === 0 ? [0, 0, 0] : p)),
    };
    expect(interpolateKeypoints(noNose, target, 0.4)[0]).toEqual([0, 0, 0]);
    expect(interpolateKeypoints(noNose, target, 0.6)[0]![2]).toBe(2);
  });
});
