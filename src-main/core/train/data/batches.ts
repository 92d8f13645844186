/**
 * @file The Trainer's BatchProvider for the three recipes: for step s and run seed, sample the
 * P x K batch (sampler.ts) and write the augmented views straight into the feed buffers.
 * - simclr:    `view1`, `view2` [B, 3, H, W] float32: two independent augmentations per image.
 * - stablerep: `images` [B, 3, H, W] float32 and `group_ids` [B] int64.
 * - genpoccl:  `view1`, `view2` and `group_ids`.
 * Every image's randomness comes from a stream keyed by (seed, step, slot, view), so a batch is a
 * pure function of (step, seed) whatever was asked before; the flip coin is the group's, shared by
 * every member and both views (methods.md Sec. 5.2: a positive group is flipped as a whole).
 */
import type { Augment, RecipeName } from '../../../contract/training';
import { type ImageStore, augmentInto } from './augment';
import { STREAM, streamRng } from './rng';
import { sampleBatch } from './sampler';
import type { Group } from './samples';

/** One feed: compatible with the ORT session's Feed. */
export interface BatchTensor {
  data: Float32Array | BigInt64Array;
  dims: number[];
}

export interface BatchPlan {
  /** Decoded images; group members index it directly. */
  store: ImageStore;
  /** The training groups (see groupSamples); singletons for simclr. */
  trainGroups: readonly Group[];
  recipe: RecipeName;
  batch: { groups: number; members: number };
  /** Model input [height, width]. */
  imageSize: readonly [number, number];
  augment: Augment;
  /**
   * Reuse the same output arrays every call (default true): a returned batch is then valid only
   * until the next call, which is how the Trainer uses it (it awaits each run before the next).
   */
  reuseBuffers?: boolean;
}

export type BatchProviderFn = (step: number, seed: number) => Record<string, BatchTensor>;

/** The feed names a recipe's provider returns, in order. */
export function batchInputNames(recipe: RecipeName): string[] {
  if (recipe === 'simclr') return ['view1', 'view2'];
  if (recipe === 'stablerep') return ['images', 'group_ids'];
  return ['view1', 'view2', 'group_ids'];
}

function validatePlan(plan: BatchPlan): void {
  const { store, batch, imageSize, trainGroups } = plan;
  const [h, w] = imageSize;
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1)
    throw new Error(`batches: invalid image size ${h}x${w}`);
  if (
    !Number.isInteger(batch.groups) ||
    !Number.isInteger(batch.members) ||
    batch.groups < 1 ||
    batch.members < 1
  )
    throw new Error(`batches: invalid batch ${batch.groups} x ${batch.members}`);
  if (store.pixels.length !== store.count * store.height * store.width * 3)
    throw new Error('batches: the image store pixels do not match count x height x width x 3');
  if (store.keypoints.length !== store.count * 51)
    throw new Error('batches: the image store keypoints do not match count x 51');
  for (const group of trainGroups)
    for (const m of group.members)
      if (!Number.isInteger(m) || m < 0 || m >= store.count)
        throw new Error(
          `batches: group ${group.key} member ${m} is not in the image store (${store.count} images)`,
        );
  if (trainGroups.length < batch.groups)
    throw new Error(
      `batches: ${trainGroups.length} training group(s) but the batch needs ${batch.groups}; lower batch.groups or add data`,
    );
}

/**
 * A pure BatchProvider over an image store. Checks the plan once up front (shape, store, member
 * indices, enough groups) so a bad plan fails before training starts, not at step 0's run.
 */
export function createBatchProvider(plan: BatchPlan): BatchProviderFn {
  validatePlan(plan);
  const { store, trainGroups, recipe, batch, imageSize, augment } = plan;
  const b = batch.groups * batch.members;
  const [h, w] = imageSize;
  const per = 3 * h * w;
  const dims = [b, 3, h, w];
  const names = batchInputNames(recipe);
  const views = names.filter((n) => n !== 'group_ids');
  const reuse = plan.reuseBuffers ?? true;
  let buffers: Record<string, Float32Array> | null = null;
  let ids: BigInt64Array | null = null;

  return (step, seed) => {
    const drawn = sampleBatch(trainGroups, batch, step, seed);
    if (!reuse || buffers === null) {
      buffers = Object.fromEntries(views.map((n) => [n, new Float32Array(b * per)]));
      ids = new BigInt64Array(b);
    }
    const out: Record<string, BatchTensor> = {};
    views.forEach((name, view) => {
      const data = buffers![name]!;
      for (let slot = 0; slot < b; slot += 1) {
        const rng = streamRng(seed, STREAM.augment, step, slot, view);
        augmentInto(
          data,
          slot * per,
          store,
          drawn.indices[slot]!,
          imageSize,
          augment,
          rng.next,
          drawn.flips[slot]!,
        );
      }
      out[name] = { data, dims: [...dims] };
    });
    if (names.includes('group_ids')) {
      const data = ids!;
      for (let slot = 0; slot < b; slot += 1) data[slot] = BigInt(drawn.groupIds[slot]!);
      out.group_ids = { data, dims: [b] };
    }
    return out;
  };
}
