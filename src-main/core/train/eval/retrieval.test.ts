import { describe, expect, it } from 'vitest';
import type { Keypoint } from '../../../contract';
import { normalizeToUnitBox, oks } from '../../pose/geometry';
import type { FeatureSet } from './featureSet';
import { averagePrecision, poseRetrievalProbe, rankByCosine, reidProbe, unitRows } from './retrieval';

/** 17 joints on a seeded curve; `shape` changes the pose, (dx, dy, s) only moves/scales it. */
function pose(shape: number, dx = 0, dy = 0, s = 1): number[] {
  const out: number[] = [];
  for (let j = 0; j < 17; j += 1) {
    const x = 0.5 + 0.3 * Math.sin(j * 0.7 + shape) * (j % 2 ? 1 : 0.5);
    const y = 0.1 + (0.8 * j) / 16;
    out.push(dx + 0.5 + s * (x - 0.5), dy + 0.5 + s * (y - 0.5), 2);
  }
  return out;
}

function makeSet(
  items: { emb: number[]; cls?: number[]; kp: number[]; poseId: number; id: string | null }[],
): FeatureSet {
  const dim = items[0]!.emb.length;
  return {
    count: items.length,
    dim,
    cls: Float32Array.from(items.flatMap((i) => i.cls ?? i.emb)),
    pose: Float32Array.from(items.flatMap((i) => i.emb)),
    patches: new Float32Array(items.length),
    patchDim: 1,
    patchGrid: [1, 1],
    aspect: 1,
    keypoints: Float32Array.from(items.flatMap((i) => i.kp)),
    poseIds: items.map((i) => i.poseId),
    identities: items.map((i) => i.id),
    attributes: items.map(() => ({})),
  };
}

const asKeypoints = (kp: number[]): Keypoint[] =>
  Array.from({ length: 17 }, (_, j) => [kp[j * 3]!, kp[j * 3 + 1]!, kp[j * 3 + 2]! as Keypoint[2]]);
const framedOks = (a: number[], b: number[]) =>
  oks(normalizeToUnitBox(asKeypoints(a)), normalizeToUnitBox(asKeypoints(b)));

describe('averagePrecision', () => {
  it('is the mean precision at each relevant rank (4-item galleries by hand)', () => {
    expect(averagePrecision([true, false, true, false])).toBeCloseTo((1 / 1 + 2 / 3) / 2, 12);
    expect(averagePrecision([false, true, false, true])).toBeCloseTo((1 / 2 + 2 / 4) / 2, 12);
    expect(averagePrecision([false, false, false, true])).toBeCloseTo(1 / 4, 12);
    expect(averagePrecision([true, true, false, false])).toBe(1);
    expect(averagePrecision([false, false, false, false])).toBe(0);
  });
});

describe('rankByCosine', () => {
  it('orders by cosine similarity whatever the length, ties by index', () => {
    const unit = unitRows(Float32Array.from([1, 0, 10, 1, 3, 3, 0, 1, 5, 5]), 5, 2);
    expect(rankByCosine(unit, 2, 0, [4, 3, 2, 1])).toEqual([1, 2, 4, 3]);
  });
});

describe('poseRetrievalProbe', () => {
  const A = pose(0);
  const A2 = pose(0, 0.05, -0.1, 0.6); // the same pose, moved and smaller
  const B = pose(2.5);
  const items = [
    { emb: [1, 0, 0], cls: [0, 0, 1], kp: A, poseId: 1, id: 'x' },
    { emb: [0.9, 0.1, 0], cls: [0, 1, 0], kp: A2, poseId: 1, id: 'y' },
    { emb: [0, 1, 0], cls: [0, 0, 1], kp: B, poseId: 2, id: 'x' },
    { emb: [0.1, 0.9, 0], cls: [0, 0.2, 1], kp: B, poseId: 2, id: 'y' },
  ];

  it('finds the same pose across identities on [POSE]: top-1 OKS 1, mAP 1', () => {
    expect(framedOks(A, A2)).toBeCloseTo(1, 9);
    expect(framedOks(A, B)).toBeLessThan(0.75);
    const r = poseRetrievalProbe(makeSet(items), 'pose')!;
    expect(r.top1Oks).toBeCloseTo(1, 9);
    expect(r.mAP).toBe(1);
    expect(r.queries).toBe(4);
    expect(r.queriesWithRelevant).toBe(4);
  });

  it('scores a token that ranks the wrong pose first by that pose`s OKS', () => {
    // [CLS]: query 0 (x) sees 1 and 3 (y); 3 is nearer but has pose B. Query 2 (x) sees 3 first
    // (its own pose B). Queries 1 and 3 (y) see 0 and 2, equally near: ties go to 0 (pose A).
    const r = poseRetrievalProbe(makeSet(items), 'cls')!;
    const top1 = [framedOks(A, B), framedOks(A2, A), 1, framedOks(B, A)];
    // Keypoints are stored as float32: agreement to 1e-6.
    expect(r.top1Oks).toBeCloseTo(top1.reduce((s, v) => s + v, 0) / 4, 6);
    // Ranked relevance: q0 [F, T], q1 [T, F], q2 [T, F], q3 [F, T].
    const expectedAp = [0.5, 1, 1, 0.5];
    expect(r.mAP).toBeCloseTo(expectedAp.reduce((s, v) => s + v, 0) / 4, 9);
  });

  it('searches all other images when identities are unknown, and skips queries without joints', () => {
    const unknown = items.map((i) => ({ ...i, id: null }));
    unknown.push({ emb: [1, 0, 0], cls: [1, 0, 0], kp: new Array(51).fill(0), poseId: 3, id: null });
    const r = poseRetrievalProbe(makeSet(unknown), 'pose')!;
    expect(r.skippedNoKeypoints).toBe(1);
    // Query 0's nearest is now item 4 (identical embedding, no joints): OKS 0.
    expect(r.top1Oks).toBeCloseTo(3 / 4, 9);
  });
});

describe('reidProbe', () => {
  it('matches identities across poses: Rank-1 1, mAP 1 on separable [CLS]', () => {
    const set = makeSet([
      { emb: [1, 0.1, 0], kp: A_POSE, poseId: 1, id: 'a' },
      { emb: [1, -0.1, 0], kp: A_POSE, poseId: 2, id: 'a' },
      { emb: [0, 1, 0.1], kp: A_POSE, poseId: 1, id: 'b' },
      { emb: [0, 1, -0.1], kp: A_POSE, poseId: 2, id: 'b' },
      { emb: [0, 0, 1], kp: A_POSE, poseId: 3, id: 'c' },
    ]);
    expect(reidProbe(set)).toEqual({
      rank1: 1,
      mAP: 1,
      queries: 4,
      identities: 2,
      skippedNoCrossPoseMatch: 0,
    });
  });

  it('leaves same-pose images out of the gallery, and ranks by hand otherwise', () => {
    const set = makeSet([
      { emb: [1, 0, 0], kp: A_POSE, poseId: 1, id: 'a' },
      { emb: [1, 0, 0], kp: A_POSE, poseId: 1, id: 'a' }, // same pose: never a match for 0
      { emb: [0.9, 0.2, 0], kp: A_POSE, poseId: 2, id: 'b' },
      { emb: [0, 1, 0], kp: A_POSE, poseId: 3, id: 'b' },
    ]);
    const r = reidProbe(set)!;
    expect(r.skippedNoCrossPoseMatch).toBe(2);
    // Query 2 (b): gallery 0, 1, 3 ranked 0, 1, 3 -> [F, F, T]; query 3: 2, 0, 1 -> [T, F, F].
    expect(r.queries).toBe(2);
    expect(r.rank1).toBe(0.5);
    expect(r.mAP).toBeCloseTo((1 / 3 + 1) / 2, 12);
  });

  it('is null with fewer than two repeated identities', () => {
    const set = makeSet([
      { emb: [1, 0], kp: A_POSE, poseId: 1, id: 'a' },
      { emb: [1, 0], kp: A_POSE, poseId: 2, id: 'a' },
      { emb: [0, 1], kp: A_POSE, poseId: 3, id: 'b' },
      { emb: [0, 1], kp: A_POSE, poseId: 3, id: null },
    ]);
    expect(reidProbe(set)).toBeNull();
  });
});

const A_POSE = pose(0);
