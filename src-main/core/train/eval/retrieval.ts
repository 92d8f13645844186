/**
 * @file Probes 2 and 3 (methods.md 5.4), both nearest-neighbour searches by cosine similarity
 * inside the test set, no training:
 *
 * - Pose retrieval by OKS: each query against every other test image of a different identity
 *   (all others when identities are unknown), on the [POSE] embedding (or [CLS]). Poses are
 *   compared in a common frame: x scaled by the image aspect so units are pixel-proportional,
 *   then each pose moved into the unit box (geometry.normalizeToUnitBox), so framing does not
 *   count, only the pose. top1Oks is the mean OKS (COCO sigmas, area = the query's keypoint box
 *   area in that frame, the query as ground truth) of the top-ranked item; mAP counts an item
 *   relevant when its OKS >= 0.75.
 * - Re-ID: each image of an identity seen at least twice against the other identified images
 *   with a different pose, so a match has to cross poses; [CLS]; Rank-1 and mAP.
 *
 * Ranking is by similarity, ties by index, so results are deterministic.
 */
import type { Keypoint } from '../../../contract';
import { normalizeToUnitBox, oks } from '../../pose/geometry';
import type { FeatureSet } from './featureSet';

export const RELEVANT_OKS = 0.75;

/** Rows scaled to unit L2 norm (zero rows stay zero), in Float64. */
export function unitRows(x: Float32Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let r = 0; r < n; r += 1) {
    let s = 0;
    for (let j = 0; j < d; j += 1) s += x[r * d + j]! ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < d; j += 1) out[r * d + j] = x[r * d + j]! * inv;
  }
  return out;
}

/** `gallery` sorted by cosine similarity to `query` (rows of unit vectors), best first. */
export function rankByCosine(
  unit: Float64Array,
  d: number,
  query: number,
  gallery: readonly number[],
): number[] {
  const sims = new Float64Array(unit.length / d);
  for (const g of gallery) {
    let s = 0;
    for (let j = 0; j < d; j += 1) s += unit[query * d + j]! * unit[g * d + j]!;
    sims[g] = s;
  }
  return [...gallery].sort((a, b) => sims[b]! - sims[a]! || a - b);
}

/**
 * Average precision of a ranked list of relevance flags: the mean, over the relevant items, of
 * the precision at their rank. 0 when nothing is relevant.
 */
export function averagePrecision(ranked: readonly boolean[]): number {
  let hits = 0;
  let sum = 0;
  ranked.forEach((relevant, i) => {
    if (!relevant) return;
    hits += 1;
    sum += hits / (i + 1);
  });
  return hits > 0 ? sum / hits : 0;
}

/** Keypoints of item i in the pixel-proportional frame, moved into the unit box. */
function framedPose(set: FeatureSet, i: number): Keypoint[] {
  const points: Keypoint[] = [];
  for (let j = 0; j < 17; j += 1) {
    const o = i * 51 + j * 3;
    const v = set.keypoints[o + 2]!;
    points.push(
      v > 0 ? [set.keypoints[o]! * set.aspect, set.keypoints[o + 1]!, v as Keypoint[2]] : [0, 0, 0],
    );
  }
  return normalizeToUnitBox(points);
}

export interface PoseRetrievalResult {
  top1Oks: number;
  mAP: number;
  queries: number;
  queriesWithRelevant: number;
  skippedNoKeypoints: number;
  skippedEmptyGallery: number;
}

/** Null when no test image has labelled joints and a non-empty gallery. */
export function poseRetrievalProbe(set: FeatureSet, token: 'cls' | 'pose'): PoseRetrievalResult | null {
  const embedding = token === 'pose' && set.pose ? set.pose : set.cls;
  const unit = unitRows(embedding, set.count, set.dim);
  const poses = Array.from({ length: set.count }, (_, i) => framedPose(set, i));
  const result = { queries: 0, queriesWithRelevant: 0, skippedNoKeypoints: 0, skippedEmptyGallery: 0 };
  let top1 = 0;
  let apSum = 0;
  for (let q = 0; q < set.count; q += 1) {
    if (!poses[q]!.some((p) => p[2] > 0)) {
      result.skippedNoKeypoints += 1;
      continue;
    }
    const id = set.identities[q] ?? null;
    const gallery: number[] = [];
    for (let g = 0; g < set.count; g += 1)
      if (g !== q && (id === null || set.identities[g] !== id)) gallery.push(g);
    if (gallery.length === 0) {
      result.skippedEmptyGallery += 1;
      continue;
    }
    const ranked = rankByCosine(unit, set.dim, q, gallery);
    const scores = ranked.map((g) => oks(poses[q]!, poses[g]!));
    result.queries += 1;
    top1 += scores[0]!;
    const relevant = scores.map((s) => s >= RELEVANT_OKS);
    if (relevant.some(Boolean)) {
      result.queriesWithRelevant += 1;
      apSum += averagePrecision(relevant);
    }
  }
  if (result.queries === 0) return null;
  return {
    top1Oks: top1 / result.queries,
    mAP: result.queriesWithRelevant > 0 ? apSum / result.queriesWithRelevant : 0,
    ...result,
  };
}

export interface ReidResult {
  rank1: number;
  mAP: number;
  queries: number;
  /** Identities with at least two test images. */
  identities: number;
  /** Queries whose other images of the same identity all share its pose. */
  skippedNoCrossPoseMatch: number;
}

/** Null when fewer than two identities have two or more images, or no query can match. */
export function reidProbe(set: FeatureSet): ReidResult | null {
  const counts = new Map<string, number>();
  const identified: number[] = [];
  for (let i = 0; i < set.count; i += 1) {
    const id = set.identities[i] ?? null;
    if (id === null) continue;
    identified.push(i);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const repeated = [...counts.values()].filter((c) => c >= 2).length;
  if (repeated < 2) return null;
  const unit = unitRows(set.cls, set.count, set.dim);
  let queries = 0;
  let skipped = 0;
  let hits = 0;
  let apSum = 0;
  for (const q of identified) {
    const id = set.identities[q]!;
    if (counts.get(id)! < 2) continue;
    const gallery = identified.filter((g) => g !== q && set.poseIds[g] !== set.poseIds[q]);
    const ranked = rankByCosine(unit, set.dim, q, gallery);
    const relevant = ranked.map((g) => set.identities[g] === id);
    if (!relevant.some(Boolean)) {
      skipped += 1;
      continue;
    }
    queries += 1;
    if (relevant[0]) hits += 1;
    apSum += averagePrecision(relevant);
  }
  if (queries === 0) return null;
  return {
    rank1: hits / queries,
    mAP: apSum / queries,
    queries,
    identities: repeated,
    skippedNoCrossPoseMatch: skipped,
  };
}
