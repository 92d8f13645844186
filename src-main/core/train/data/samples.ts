/**
 * @file The training samples of a run (one per variant: its pose, prompt, identity and
 * keypoints) and what is decided over them before any batch: the positive groups (variants that
 * share a pose, a prompt or an identity) and the seeded held-out split by pose, which also holds
 * the evaluation identities out of training (methods.md Sec. 5.4 and 5.6: no test pose or
 * identity may appear in pre-training). Optionally, near-duplicate poses (OKS > 0.95) are merged
 * into one group so they are never negatives of each other (Sec. 5.6).
 * Everything here is deterministic in its inputs: orders come from sorting, never from the
 * caller's array order or a Map's insertion order alone.
 */
import type { GroupBy } from '../../../contract/training';
import { findNearDuplicates } from '../../pose/geometry';
import type { Keypoint } from '../../pose/types';
import { STREAM, deriveSeed } from './rng';

export interface TrainSample {
  variantId: number;
  poseId: number;
  prompt: string;
  /** The variant's attributes.identity when it is a string. */
  identity: string | null;
  attributes: Readonly<Record<string, unknown>>;
  /** 51 values, COCO-17 x, y, v in the variant image's pixels. */
  keypoints: readonly number[];
  /** The variant image's size. */
  width: number;
  height: number;
}

/** A positive group: samples sharing a key; `members` index the samples array (ascending). */
export interface Group {
  key: string;
  members: number[];
}

/** The key that makes samples positives of each other, or null when the sample has none. */
export function groupKey(sample: TrainSample, by: GroupBy): string | null {
  if (by === 'pose') return String(sample.poseId);
  if (by === 'prompt') return sample.prompt.trim() === '' ? null : sample.prompt;
  return sample.identity === null || sample.identity === '' ? null : sample.identity;
}

/** Code-unit order: the same on every platform and locale (localeCompare is not). */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Groups of the given sample indices by key; groups with fewer than `minMembers` are dropped and
 * samples without a key are left out. Groups are sorted by key, members ascending.
 */
export function groupSamples(
  samples: readonly TrainSample[],
  indices: readonly number[],
  by: GroupBy,
  minMembers: number,
): Group[] {
  const byKey = new Map<string, number[]>();
  for (const index of indices) {
    const sample = samples[index];
    if (sample === undefined) throw new Error(`groupSamples: index ${index} is out of range`);
    const key = groupKey(sample, by);
    if (key === null) continue;
    const members = byKey.get(key);
    if (members) members.push(index);
    else byKey.set(key, [index]);
  }
  const groups: Group[] = [];
  for (const [key, members] of byKey) {
    const unique = [...new Set(members)].sort((a, b) => a - b);
    if (unique.length >= minMembers) groups.push({ key, members: unique });
  }
  return groups.sort((a, b) => compareKeys(a.key, b.key));
}

/**
 * Seeded split by pose: `fraction` of the distinct poseIds (rounded; at least 1 when fraction > 0
 * and there are two or more poses; never all of them) go to eval with all their samples. Train
 * then drops every sample whose identity occurs in eval (held-out identities), so the probes see
 * new poses and new identities. Poses are ranked by a hash of (seed, poseId), so the split does
 * not depend on the samples' order and adding poses rarely moves existing ones. Both index lists
 * are ascending.
 */
export function splitHeldOut(
  samples: readonly TrainSample[],
  fraction: number,
  seed: number,
): { train: number[]; eval: number[] } {
  if (!(fraction >= 0 && fraction <= 1))
    throw new Error(`splitHeldOut: fraction ${fraction} is not in [0, 1]`);
  const poses = [...new Set(samples.map((s) => s.poseId))];
  let evalCount = 0;
  if (fraction > 0 && poses.length >= 2) {
    evalCount = Math.min(poses.length - 1, Math.max(1, Math.round(fraction * poses.length)));
  }
  const ranked = poses
    .map((poseId) => ({ poseId, rank: deriveSeed(seed, STREAM.split, poseId) }))
    .sort((a, b) => a.rank - b.rank || a.poseId - b.poseId);
  const evalPoses = new Set(ranked.slice(0, evalCount).map((p) => p.poseId));
  const evalIdx: number[] = [];
  const evalIdentities = new Set<string>();
  samples.forEach((sample, index) => {
    if (!evalPoses.has(sample.poseId)) return;
    evalIdx.push(index);
    if (sample.identity !== null) evalIdentities.add(sample.identity);
  });
  const train: number[] = [];
  samples.forEach((sample, index) => {
    if (evalPoses.has(sample.poseId)) return;
    if (sample.identity !== null && evalIdentities.has(sample.identity)) return;
    train.push(index);
  });
  return { train, eval: evalIdx };
}

function toKeypoints(flat: readonly number[]): Keypoint[] {
  const points: Keypoint[] = [];
  for (let j = 0; j + 2 < flat.length; j += 3)
    points.push([flat[j]!, flat[j + 1]!, flat[j + 2]! as Keypoint[2]]); // v is 0, 1 or 2 by contract
  return points;
}

/**
 * Merges groups whose poses are near-duplicates (symmetric OKS >= threshold after normalising
 * position and scale, see findNearDuplicates), so look-alike poses are positives rather than
 * false negatives. Each group is represented by its first member's keypoints (meant for
 * groupBy 'pose', where all members share one pose). A merged group takes the smallest key of
 * its parts; the result is sorted by key like groupSamples'.
 */
export function mergeNearDuplicateGroups(
  samples: readonly TrainSample[],
  groups: readonly Group[],
  threshold = 0.95,
): Group[] {
  const poses = groups.map((g) => toKeypoints(samples[g.members[0]!]?.keypoints ?? []));
  const { groups: clusters } = findNearDuplicates(poses, threshold);
  const merged = new Set<number>();
  const out: Group[] = [];
  for (const cluster of clusters) {
    const parts = cluster.map((i) => groups[i]!);
    for (const i of cluster) merged.add(i);
    const key = parts.map((g) => g.key).sort(compareKeys)[0]!;
    const members = [...new Set(parts.flatMap((g) => g.members))].sort((a, b) => a - b);
    out.push({ key, members });
  }
  groups.forEach((g, i) => {
    if (!merged.has(i)) out.push({ key: g.key, members: [...g.members] });
  });
  return out.sort((a, b) => compareKeys(a.key, b.key));
}
