/**
 * @file A small, SQL-indexable sketch of a pose for the near-duplicate lookup (`poses.similar`),
 * with the bound that makes the lookup exact: a candidate the sketch rules out cannot reach the
 * OKS threshold, so only the few left are compared with the full OKS (geometry.poseSimilarity).
 *
 * The sketch is in poseSimilarity's frame (labeled box centred at 0, longer side 1, see
 * normalizeCenterScale): each labeled coordinate is divided by its joint's OKS constant k = 2 sigma
 * (whitened), and summed per joint group (head, each arm, each leg), for x and y: ten numbers, plus
 * the mask of labeled joints and the area of the normalised box. The catalog keeps them per pose
 * (`pose_shapes`, migration 60, written with the keypoints by catalog/node/poseShapesRepo.ts).
 *
 * Why it is exact. OKS(a -> b) >= t over n labeled joints means the losses 1 - exp(-x_i), with
 * x_i = d_i^2 / (2 s k_i^2), sum to at most L = n (1 - t). -ln(1 - y) is convex, so sum x_i is
 * largest when one joint takes all the loss: sum x_i <= -ln(1 - L) =: X (needs L < 1). So the
 * whitened offsets lie in a ball: sum_i |d_i / k_i|^2 <= 2 s X. By Cauchy-Schwarz, a group sum of
 * m joints moves by at most sqrt(m) times the group's share of that ball, which gives
 * sum_g |dG_g|^2 / m_g <= 2 s X. Both directions must pass, so s is the smaller of the two areas.
 * When the two poses label different joints, one direction misses a joint and OKS <= (n-1)/n: for
 * t > 16/17 (e.g. the default 0.95) only poses with the same mask can match, and L < 17/17 holds.
 * Below that no bound holds and the caller compares every pose with a compatible labeled count.
 */
import { normalizeCenterScale, keypointBox } from './geometry';
import { COCO_SIGMAS } from './skeleton';
import type { Keypoint } from './types';

/** Joint groups of the sketch: head, left arm, right arm, left leg, right leg (disjoint). */
export const SKETCH_GROUPS: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4],
  [5, 7, 9],
  [6, 8, 10],
  [11, 13, 15],
  [12, 14, 16],
];

/** Sketch columns in catalog order: g0x, g0y, g1x, ... g4y. */
export const SKETCH_COLUMNS = SKETCH_GROUPS.flatMap((_, g) => [`g${g}x`, `g${g}y`]);

/**
 * The column the catalog's index ranges over after the mask: the head's x sum. Its reach is the
 * tightest relative to how much it varies (the head joints have the smallest OKS sigmas); on
 * 20k jittered presets (one mask) it leaves about 17% of poses, any other column about 55%, and
 * it is also the first principal direction of the sketch there.
 */
export const SKETCH_LEAD = 0;

/** Group of each joint (index into SKETCH_GROUPS). */
export const JOINT_GROUP: readonly number[] = Array.from({ length: 17 }, (_, j) =>
  SKETCH_GROUPS.findIndex((group) => group.includes(j)),
);

export type PoseSketch = {
  /** Bit j set when joint j is labeled. */
  mask: number;
  /** Labeled joints. */
  n: number;
  /** Area of the labeled box after normalisation (shorter side / longer side). */
  area: number;
  /** Whitened coordinate sums, SKETCH_COLUMNS order. */
  sums: number[];
};

/** The sketch of a pose, or null when no joint is labeled. */
export function poseSketch(keypoints: readonly Keypoint[]): PoseSketch | null {
  const box = keypointBox(keypoints);
  if (box === null) return null;
  const scale = Math.max(box[2], box[3], 1e-6);
  const sums = SKETCH_COLUMNS.map(() => 0);
  let mask = 0;
  let n = 0;
  normalizeCenterScale(keypoints).forEach(([x, y, v], j) => {
    if (v === 0) return;
    mask |= 1 << j;
    n += 1;
    const k = 2 * COCO_SIGMAS[j]!;
    const g = JOINT_GROUP[j]!;
    sums[2 * g] = sums[2 * g]! + x / k;
    sums[2 * g + 1] = sums[2 * g + 1]! + y / k;
  });
  return { mask, n, area: (box[2] / scale) * (box[3] / scale), sums };
}

/** Labeled joints per group for a mask. */
export function groupCounts(mask: number): number[] {
  return SKETCH_GROUPS.map((group) => group.filter((j) => mask & (1 << j)).length);
}

/**
 * Squared radius of the sketch ball for a pose of `area` with `n` labeled joints at `threshold`
 * (see the file comment), or null when no bound holds (n (1 - t) >= 1).
 */
export function sketchRadius2(n: number, area: number, threshold: number): number | null {
  const loss = n * (1 - threshold);
  if (loss >= 1) return null;
  return 2 * (area + Number.EPSILON) * -Math.log1p(-loss);
}

/** Whether a threshold lets only poses with the same labeled joints match (t > 16/17). */
export function sameMaskOnly(threshold: number): boolean {
  return threshold > 16 / 17;
}

/** Room for rounding: sums are computed in SQL and in JS in a different order. */
const SLACK = 1e-9;

/** The weighted distance the bound limits: sum over groups of |dG|^2 / m. */
export function sketchDistance2(
  a: readonly number[],
  b: readonly number[],
  counts: readonly number[],
): number {
  let total = 0;
  counts.forEach((m, g) => {
    if (m === 0) return;
    const dx = a[2 * g]! - b[2 * g]!;
    const dy = a[2 * g + 1]! - b[2 * g + 1]!;
    total += (dx * dx + dy * dy) / m;
  });
  return total;
}

export type SketchBounds = {
  /** Range of the lead column (SKETCH_LEAD) a candidate must lie in. */
  low: number;
  high: number;
  /** Labeled joints per group of the (shared) mask. */
  counts: number[];
  /** Squared ball radius from the query's area. */
  radius2: number;
  /** -ln(1 - n (1 - t)): a candidate of area s allows a radius^2 of 2 (s + eps) times this. */
  logTerm: number;
  /** The full test for a same-mask candidate's sums and area. */
  admits(sums: readonly number[], area: number): boolean;
};

/**
 * The bounds a query sketch puts on candidates (same mask): the lead column's range for the
 * index, and the ball test (both directions' areas). Null when no bound holds (compare all).
 */
export function sketchBounds(query: PoseSketch, threshold: number): SketchBounds | null {
  if (!sameMaskOnly(threshold)) return null;
  const radius2 = sketchRadius2(query.n, query.area, threshold);
  if (radius2 === null) return null;
  const counts = groupCounts(query.mask);
  const leadGroup = Math.floor(SKETCH_LEAD / 2);
  const reach = Math.sqrt(Math.max(counts[leadGroup]!, 1) * radius2) + SLACK;
  const lead = query.sums[SKETCH_LEAD]!;
  const logTerm = -Math.log1p(-query.n * (1 - threshold));
  return {
    low: lead - reach,
    high: lead + reach,
    counts,
    radius2,
    logTerm,
    admits(sums, area) {
      const limit = Math.min(radius2, 2 * (area + Number.EPSILON) * logTerm);
      return sketchDistance2(query.sums, sums, counts) <= limit * (1 + 1e-9) + SLACK;
    },
  };
}
