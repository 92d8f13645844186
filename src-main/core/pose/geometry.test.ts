import { describe, expect, it } from 'vitest';
import {
  centerScale,
  findNearDuplicates,
  keypointBox,
  labeledCount,
  mirrorBox,
  mirrorPose,
  normalizeCenterScale,
  normalizeToUnitBox,
  oks,
  poseSimilarity,
  visibleCount,
} from './geometry';
import type { Keypoint } from './types';

const blank = (): Keypoint[] => Array.from({ length: 17 }, (): Keypoint => [0, 0, 0]);

function pose(points: Record<number, Keypoint>): Keypoint[] {
  const kp = blank();
  for (const [i, p] of Object.entries(points)) kp[Number(i)] = p;
  return kp;
}

/** Deterministic pseudo-random numbers in [0, 1). */
function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe('boxes and counts', () => {
  const kp = pose({ 0: [10, 20, 2], 5: [30, 60, 1], 9: [5, 40, 2] });

  it('boxes the labeled points only', () => {
    expect(keypointBox(kp)).toEqual([5, 20, 25, 40]);
    expect(keypointBox(blank())).toBeNull();
  });

  it('counts labeled and visible points', () => {
    expect(labeledCount(kp)).toBe(3);
    expect(visibleCount(kp)).toBe(2);
  });

  it('normalises to centre/scale and to the unit box', () => {
    expect(centerScale(kp)).toEqual({ cx: 17.5, cy: 40, scale: 40 });
    const centred = normalizeCenterScale(kp);
    expect(centred[0]).toEqual([-0.1875, -0.5, 2]);
    expect(centred[1]).toEqual([0, 0, 0]);
    const unit = normalizeToUnitBox(kp);
    expect(keypointBox(unit)).toEqual([0.1875, 0, 0.625, 1]);
  });
});

describe('oks', () => {
  it('is 1 for identical poses and follows the COCO formula', () => {
    const gt = pose({ 0: [0, 0, 2], 5: [10, 10, 2] });
    expect(oks(gt, gt)).toBe(1);
    const dt = pose({ 0: [1, 0, 2], 5: [10, 10, 2] });
    const expected = (Math.exp(-1 / (2 * 100 * (2 * 0.026) ** 2)) + 1) / 2;
    expect(oks(gt, dt, 100)).toBeCloseTo(expected, 12);
  });

  it('counts a joint missing from the detection as 0 and ignores joints unlabeled in gt', () => {
    const gt = pose({ 0: [0, 0, 2], 5: [10, 10, 2] });
    const dt = pose({ 5: [10, 10, 2], 6: [50, 50, 2] });
    expect(oks(gt, dt, 100)).toBe(0.5);
    expect(oks(blank(), gt)).toBe(0);
  });

  it('is invariant to position and size once normalised', () => {
    const a = pose({ 0: [10, 10, 2], 5: [0, 30, 2], 6: [20, 30, 2], 11: [5, 60, 2], 12: [15, 60, 2] });
    const b = a.map(([x, y, v]): Keypoint => (v === 0 ? [0, 0, 0] : [x * 3 + 100, y * 3 - 7, v]));
    expect(poseSimilarity(a, b)).toBeCloseTo(1, 12);
  });
});

describe('mirrorPose', () => {
  it('flips x within the canvas, swaps left and right, keeps unlabeled points at 0,0,0', () => {
    const kp = pose({ 0: [10, 5, 2], 5: [20, 30, 1], 6: [40, 30, 2] });
    const m = mirrorPose(kp, 100);
    expect(m[0]).toEqual([90, 5, 2]);
    expect(m[6]).toEqual([80, 30, 1]);
    expect(m[5]).toEqual([60, 30, 2]);
    expect(m[1]).toEqual([0, 0, 0]);
    expect(mirrorPose(m, 100)).toEqual(kp);
    expect(mirrorBox([10, 5, 20, 30], 100)).toEqual([70, 5, 20, 30]);
  });
});

describe('findNearDuplicates', () => {
  function randomPose(next: () => number, mask: number): Keypoint[] {
    return blank().map((_, i): Keypoint => (mask & (1 << i) ? [next() * 100, next() * 200, 2] : [0, 0, 0]));
  }

  function jitter(kp: Keypoint[], next: () => number, amount: number, scale = 1, dx = 0): Keypoint[] {
    return kp.map(([x, y, v]): Keypoint =>
      v === 0
        ? [0, 0, 0]
        : [(x + (next() - 0.5) * amount) * scale + dx, (y + (next() - 0.5) * amount) * scale, v],
    );
  }

  function bruteForce(poses: Keypoint[][], threshold: number): string[] {
    const pairs: string[] = [];
    for (let b = 0; b < poses.length; b += 1) {
      for (let a = 0; a < b; a += 1) {
        if (poseSimilarity(poses[a]!, poses[b]!) >= threshold) pairs.push(`${a}-${b}`);
      }
    }
    return pairs.sort();
  }

  it('finds exactly the pairs a pair-by-pair comparison finds (threshold above 16/17)', () => {
    const next = rng(42);
    const masks = [0x1ffff, 0x1ffe0, 0x1fffe];
    const poses: Keypoint[][] = [];
    for (let i = 0; i < 150; i += 1) {
      const base = randomPose(next, masks[i % masks.length]!);
      poses.push(base);
      if (i % 3 === 0) poses.push(jitter(base, next, 1.5, 2, 300));
      if (i % 5 === 0) poses.push(jitter(base, next, 6));
    }
    for (const threshold of [0.95, 0.99]) {
      const found = findNearDuplicates(poses, threshold, { allPairs: true });
      const pairs = found.pairs.map(({ a, b }) => `${Math.min(a, b)}-${Math.max(a, b)}`).sort();
      expect(pairs).toEqual(bruteForce(poses, threshold));
      expect(found.pairs.every((p) => p.oks >= threshold)).toBe(true);
    }
    expect(findNearDuplicates(poses, 0.95, { allPairs: true }).pairs.length).toBeGreaterThan(40);
    // Without allPairs, the same groups from fewer links (one per member joining a group).
    const all = findNearDuplicates(poses, 0.95, { allPairs: true });
    const forest = findNearDuplicates(poses, 0.95);
    expect(forest.groups).toEqual(all.groups);
    const members = forest.groups.reduce((sum, group) => sum + group.length, 0);
    expect(forest.pairs).toHaveLength(members - forest.groups.length);
  });

  it('groups chains of near-duplicates and ignores poses without labeled joints', () => {
    const base = pose({ 0: [10, 10, 2], 5: [0, 30, 2], 6: [20, 30, 2], 11: [5, 60, 2], 12: [15, 60, 2] });
    const moved = base.map(([x, y, v]): Keypoint => (v === 0 ? [0, 0, 0] : [x + 50, y, v]));
    const other = pose({ 0: [10, 60, 2], 5: [0, 30, 2], 6: [20, 30, 2], 11: [5, 0, 2], 12: [15, 0, 2] });
    const result = findNearDuplicates([base, other, blank(), moved, base]);
    expect(result.groups).toEqual([[0, 3, 4]]);
    expect(result.pairs).toHaveLength(2);
    expect(
      findNearDuplicates([base, other, blank(), moved, base], 0.95, { allPairs: true }).pairs,
    ).toHaveLength(3);
  });
});
