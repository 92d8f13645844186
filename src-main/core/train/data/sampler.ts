/**
 * @file The P x K batch sampler: which groups (P) and which of their members (K) make up the
 * batch of a step, and one horizontal-flip coin per group. A pure function of (groups, shape,
 * step, seed), so the Trainer's resume is bit-exact and any step can be drawn directly.
 *
 * Epochs: epoch e is a seeded permutation of all groups cut into ceil(n / P) batches. When P does
 * not divide n, the epoch's last batch holds the r leftover groups and is topped up with the
 * first P - r groups of the same epoch's order (drawn a second time that epoch). A batch thus
 * never holds a group twice (a duplicated group would be its own false negative), every group is
 * drawn at least once per epoch, and since the order is reshuffled each epoch the top-ups are
 * spread evenly over the run. Computing a step costs one permutation of n groups, whatever the
 * step, with no dependence on earlier epochs.
 */
import type { Group } from './samples';
import { STREAM, streamRng } from './rng';

export interface SampleShape {
  /** P: groups per batch. */
  groups: number;
  /** K: members per group. */
  members: number;
}

export interface SampledBatch {
  /** P * K member indices (into the samples / image store), group-major. */
  indices: number[];
  /** The group's position in the batch (0..P-1) for each entry; positives share an id. */
  groupIds: number[];
  /** One coin per group, repeated for each of its members. */
  flips: boolean[];
}

function validate(groups: readonly Group[], shape: SampleShape): void {
  const { groups: p, members: k } = shape;
  if (!Number.isInteger(p) || !Number.isInteger(k) || p < 1 || k < 1)
    throw new Error(`sampleBatch: invalid batch shape ${p} groups x ${k} members`);
  if (groups.length < p)
    throw new Error(
      `sampleBatch: ${groups.length} group(s) available but the batch needs ${p} distinct groups; ` +
        'lower batch.groups or add data',
    );
}

/** Fisher-Yates permutation of 0..n-1 seeded by (seed, epoch). Memoised: pure per arguments. */
let lastPerm: { n: number; seed: number; epoch: number; order: Int32Array } | null = null;
function epochOrder(n: number, seed: number, epoch: number): Int32Array {
  if (lastPerm && lastPerm.n === n && lastPerm.seed === seed && lastPerm.epoch === epoch)
    return lastPerm.order;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i += 1) order[i] = i;
  const rng = streamRng(seed, STREAM.epoch, epoch);
  for (let i = n - 1; i > 0; i -= 1) {
    const j = rng.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  lastPerm = { n, seed, epoch, order };
  return order;
}

/** The P group indices (into `groups`) of a step, distinct. */
export function batchGroups(nGroups: number, p: number, step: number, seed: number): number[] {
  const perEpoch = Math.ceil(nGroups / p);
  const epoch = Math.floor(step / perEpoch);
  const start = (step - epoch * perEpoch) * p;
  const order = epochOrder(nGroups, seed, epoch);
  const picked: number[] = [];
  for (let i = 0; i < p; i += 1) {
    const pos = start + i;
    // Past the end: wrap to the epoch's first groups, distinct from the leftovers since n >= P.
    picked.push(order[pos < nGroups ? pos : pos - nGroups]!);
  }
  return picked;
}

/**
 * K members of a group: without replacement when the group has at least K, otherwise every
 * member once and then again in a fresh order (as few repeats as possible).
 */
function pickMembers(
  members: readonly number[],
  k: number,
  seed: number,
  step: number,
  group: number,
): number[] {
  const rng = streamRng(seed, STREAM.members, step, group);
  const out: number[] = [];
  const pool = [...members];
  let left = pool.length;
  while (out.length < k) {
    if (left === 0) left = pool.length; // every member taken: start a new round
    const j = rng.int(left);
    const pick = pool[j]!;
    pool[j] = pool[left - 1]!;
    pool[left - 1] = pick;
    left -= 1;
    out.push(pick);
  }
  return out;
}

/**
 * The batch of `step`: P distinct groups (see the epoch scheme above), K members each in
 * group-major order, the in-batch group id of every entry and one flip coin per group. Throws
 * when the shape is invalid, there are fewer than P groups, or a group is empty.
 */
export function sampleBatch(
  groups: readonly Group[],
  shape: SampleShape,
  step: number,
  seed: number,
): SampledBatch {
  validate(groups, shape);
  if (!Number.isInteger(step) || step < 0) throw new Error(`sampleBatch: invalid step ${step}`);
  const picked = batchGroups(groups.length, shape.groups, step, seed);
  const indices: number[] = [];
  const groupIds: number[] = [];
  const flips: boolean[] = [];
  const coins = streamRng(seed, STREAM.flips, step);
  picked.forEach((g, id) => {
    const group = groups[g]!;
    if (group.members.length === 0) throw new Error(`sampleBatch: group ${group.key} has no members`);
    const flip = coins.next() < 0.5;
    for (const member of pickMembers(group.members, shape.members, seed, step, g)) {
      indices.push(member);
      groupIds.push(id);
      flips.push(flip);
    }
  });
  return { indices, groupIds, flips };
}
