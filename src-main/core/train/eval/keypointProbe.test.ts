import { describe, expect, it } from 'vitest';
import { choosePoolCells, poolPatchGrid, pooledPatches } from './featureSet';
import { keypointProbe, poseFold, scoreKeypoints } from './keypointProbe';
import { syntheticFeatures } from './synthetic';

const base = { variantsPerPose: 3, identities: 20, dim: 40, grid: [4, 4] as const, noise: 0.01 };

describe('patch pooling', () => {
  it('picks at most 4 x 4 cells, coarser (keeping the grid aspect) for wide tokens', () => {
    expect(choosePoolCells([8, 8], 96)).toEqual([4, 4]); // tiny: 16 x 96 = 1536
    expect(choosePoolCells([16, 8], 192)).toEqual([4, 2]); // small: 8 x 192 = 1536
    expect(choosePoolCells([8, 8], 384)).toEqual([2, 2]);
    expect(choosePoolCells([2, 3], 10)).toEqual([2, 3]); // already small: kept
    expect(choosePoolCells([8, 8], 5000)).toEqual([1, 1]);
  });

  it('averages each cell, uneven splits included', () => {
    // One image, a 3 x 2 grid of 1-channel tokens 1..6, pooled to 2 x 1: rows [0,1) and [1,3).
    const pooled = poolPatchGrid(Float32Array.from([1, 2, 3, 4, 5, 6]), 1, [3, 2], 1, [2, 1]);
    expect(Array.from(pooled)).toEqual([1.5, 4.5]);
    // Two images, two channels, 2 x 2 -> 1 x 1.
    const two = poolPatchGrid(
      Float32Array.from([1, 10, 2, 20, 3, 30, 4, 40, 0, 0, 0, 0, 0, 0, 8, 8]),
      2,
      [2, 2],
      2,
      [1, 1],
    );
    expect(Array.from(two)).toEqual([2.5, 25, 2, 2]);
  });
});

describe('scoreKeypoints', () => {
  it('measures distance in image heights with x scaled by the aspect', () => {
    const truth = new Float32Array(51 * 2);
    truth.set([0.5, 0.5, 2], 0); // image 0, joint 0
    truth.set([0.5, 0.5, 1], 51 + 3); // image 1, joint 1; every other joint unlabeled
    const predicted = new Float64Array(34 * 2).fill(9);
    predicted.set([0.545, 0.5], 0); // 0.045 widths off in x
    predicted.set([0.5, 0.58], 34 + 2); // 0.08 heights off in y
    const square = scoreKeypoints(predicted, truth, 2, 1);
    expect(square.joints).toBe(2);
    expect(square.pck).toBe(1);
    expect(square.meanError).toBeCloseTo((0.045 + 0.08) / 2, 6);
    // Twice as wide as high: 0.045 widths is 0.09 heights, still within; three times: 0.135, out.
    expect(scoreKeypoints(predicted, truth, 2, 2).pck).toBe(1);
    const wide = scoreKeypoints(predicted, truth, 2, 3);
    expect(wide.pck).toBe(0.5);
    expect(wide.meanError).toBeCloseTo((0.135 + 0.08) / 2, 6);
  });
});

describe('poseFold', () => {
  it('holds out every fifth distinct pose id in sorted order, with all its images', () => {
    const ids = [9, 1, 2, 3, 4, 5, 6, 7, 8, 10, 5, 10];
    const fold = poseFold(ids, 5);
    expect(ids.filter((_, i) => fold[i])).toEqual([5, 10, 5, 10]);
  });
});

describe('keypointProbe', () => {
  it('scores PCK 1 on features that hold the coordinates, and near 0 on noise', () => {
    const train = syntheticFeatures({ ...base, poses: 60, seed: 1, content: 'signal' });
    const test = syntheticFeatures({ ...base, poses: 10, seed: 2, content: 'signal', offset: 1000 });
    const good = keypointProbe(train, test)!;
    expect(good.pck).toBe(1);
    expect(good.meanError).toBeLessThan(0.02);
    expect(good.trainRows).toBe(180);
    expect(good.testJoints).toBe(30 * 17);
    expect(good.details.cells).toEqual([4, 4]);
    expect(good.details.sweep).toHaveLength(5);
    const noise = { ...base, content: 'noise' as const, noise: 1 };
    const bad = keypointProbe(
      syntheticFeatures({ ...noise, poses: 60, seed: 1 }),
      syntheticFeatures({ ...noise, poses: 10, seed: 2, offset: 1000 }),
    )!;
    // Random joints in [0.1, 0.9]^2: a constant guess is within 0.1 of few of them.
    expect(bad.pck).toBeLessThan(0.3);
    expect(bad.meanError).toBeGreaterThan(0.15);
  });

  it('trains through unlabeled joints and scores only labeled ones', () => {
    const train = syntheticFeatures({ ...base, poses: 60, seed: 3, content: 'signal', missing: 0.2 });
    const test = syntheticFeatures({
      ...base,
      poses: 10,
      seed: 4,
      content: 'signal',
      offset: 1000,
      missing: 0.2,
    });
    const labelled = [...Array(test.count * 17).keys()].filter((i) => test.keypoints[i * 3 + 2]! > 0).length;
    const result = keypointProbe(train, test)!;
    expect(result.testJoints).toBe(labelled);
    expect(result.details.imputedTargets).toBeGreaterThan(0);
    expect(result.pck).toBe(1);
  });

  it('pools a fine grid before regressing, and is null without labels', () => {
    const fine = { ...base, grid: [8, 8] as const, dim: 34 };
    const train = syntheticFeatures({ ...fine, poses: 20, seed: 5, content: 'signal' });
    expect(pooledPatches(train, 34 * 4).cells).toEqual([2, 2]);
    const test = syntheticFeatures({ ...fine, poses: 4, seed: 6, content: 'signal', offset: 1000 });
    expect(keypointProbe(train, test, { maxFeatures: 34 * 4 })!.details.features).toBe(136);
    const blank = { ...test, keypoints: new Float32Array(test.count * 51) };
    expect(keypointProbe(train, blank)).toBeNull();
    expect(keypointProbe({ ...train, keypoints: new Float32Array(train.count * 51) }, test)).toBeNull();
  });
});
