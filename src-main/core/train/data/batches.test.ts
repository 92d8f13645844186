import { describe, expect, it } from 'vitest';
import type { Augment, RecipeName } from '../../../contract/training';
import type { ImageStore } from './augment';
import { type BatchPlan, createBatchProvider } from './batches';
import { sampleBatch } from './sampler';
import type { Group } from './samples';

const AUGMENT: Augment = { cropScale: [0.6, 1], colorJitter: 0.4, blur: 0.2, flip: true };
const COUNT = 24;

/** 24 images of 20 x 16; image i is a gradient with its own base level, so images differ. */
function makeStore(): ImageStore {
  const [H, W] = [16, 20];
  const pixels = new Uint8Array(COUNT * H * W * 3);
  for (let i = 0; i < COUNT; i += 1)
    for (let p = 0; p < H * W * 3; p += 1) pixels[i * H * W * 3 + p] = (i * 9 + (p % 61) * 3) % 256;
  const keypoints = new Float32Array(COUNT * 51);
  for (let i = 0; i < COUNT * 17; i += 1) keypoints.set([(i * 7) % W, (i * 5) % H, 2], 3 * i);
  return { height: H, width: W, count: COUNT, pixels, keypoints };
}

const STORE = makeStore();
/** 6 groups of 4 images. */
const GROUPS: Group[] = Array.from({ length: 6 }, (_, g) => ({
  key: `p${g}`,
  members: [0, 1, 2, 3].map((k) => 4 * g + k),
}));
const SINGLES: Group[] = Array.from({ length: COUNT }, (_, i) => ({ key: String(i), members: [i] }));

function plan(recipe: RecipeName, extra: Partial<BatchPlan> = {}): BatchPlan {
  return {
    store: STORE,
    trainGroups: recipe === 'simclr' ? SINGLES : GROUPS,
    recipe,
    batch: recipe === 'simclr' ? { groups: 6, members: 1 } : { groups: 3, members: 2 },
    imageSize: [8, 12],
    augment: AUGMENT,
    ...extra,
  };
}

const snapshot = (batch: Record<string, { data: Float32Array | BigInt64Array; dims: number[] }>) =>
  Object.fromEntries(Object.entries(batch).map(([k, t]) => [k, { data: t.data.slice(), dims: [...t.dims] }]));

describe('createBatchProvider', () => {
  it('feeds each recipe its inputs with the right shapes and dtypes', () => {
    const simclr = createBatchProvider(plan('simclr'))(0, 1);
    expect(Object.keys(simclr).sort()).toEqual(['view1', 'view2']);
    expect(simclr.view1!.dims).toEqual([6, 3, 8, 12]);
    expect(simclr.view1!.data).toBeInstanceOf(Float32Array);
    expect(simclr.view1!.data.length).toBe(6 * 3 * 8 * 12);

    const stablerep = createBatchProvider(plan('stablerep'))(0, 1);
    expect(Object.keys(stablerep).sort()).toEqual(['group_ids', 'images']);
    expect(stablerep.images!.dims).toEqual([6, 3, 8, 12]);
    expect(stablerep.group_ids!.dims).toEqual([6]);
    expect(stablerep.group_ids!.data).toBeInstanceOf(BigInt64Array);

    const genpoccl = createBatchProvider(plan('genpoccl'))(0, 1);
    expect(Object.keys(genpoccl).sort()).toEqual(['group_ids', 'view1', 'view2']);
    expect(genpoccl.view2!.dims).toEqual([6, 3, 8, 12]);
    for (const t of Object.values(genpoccl))
      for (const v of t.data) expect(Number.isFinite(Number(v))).toBe(true);
  });

  it('gives positives a shared id, in group-major order', () => {
    const batch = createBatchProvider(plan('genpoccl'))(4, 2);
    expect([...(batch.group_ids!.data as BigInt64Array)]).toEqual([0n, 0n, 1n, 1n, 2n, 2n]);
  });

  it('is bit-identical for the same (step, seed) regardless of call history', () => {
    for (const recipe of ['simclr', 'stablerep', 'genpoccl'] as const) {
      const provide = createBatchProvider(plan(recipe));
      const first = snapshot(provide(7, 3));
      for (let s = 0; s < 10; s += 1) provide(s, s % 2);
      expect(snapshot(provide(7, 3))).toEqual(first);
      expect(snapshot(createBatchProvider(plan(recipe))(7, 3))).toEqual(first); // a fresh provider too
      expect(snapshot(provide(8, 3))).not.toEqual(first);
    }
  });

  it('reuses its buffers by default and allocates per call when asked not to', () => {
    const reused = createBatchProvider(plan('stablerep'));
    expect(reused(0, 0).images!.data).toBe(reused(1, 0).images!.data);
    const fresh = createBatchProvider(plan('stablerep', { reuseBuffers: false }));
    const a = fresh(0, 0);
    const kept = a.images!.data.slice();
    expect(fresh(1, 0).images!.data).not.toBe(a.images!.data);
    expect(a.images!.data).toEqual(kept);
  });

  it('flips both views of every member of a group together, and only sometimes', () => {
    // Bright left half, dark right half: a flipped view is bright on its right edge instead.
    const half: ImageStore = { ...STORE, pixels: new Uint8Array(STORE.pixels.length) };
    for (let i = 0; i < COUNT * 16; i += 1) half.pixels.fill(255, i * 20 * 3, i * 20 * 3 + 10 * 3);
    const still: Augment = { cropScale: [1, 1], colorJitter: 0, blur: 0, flip: true };
    const provide = createBatchProvider(
      plan('genpoccl', { store: half, augment: still, imageSize: [8, 10] }),
    );
    const per = 3 * 8 * 10;
    const flipped = (data: Float32Array, slot: number) => data[slot * per + 9]! > data[slot * per]!;
    const seen = new Set<boolean>();
    for (let step = 0; step < 8; step += 1) {
      const batch = provide(step, 1);
      const [v1, v2] = [batch.view1!.data as Float32Array, batch.view2!.data as Float32Array];
      for (let group = 0; group < 3; group += 1) {
        const states = [2 * group, 2 * group + 1].flatMap((slot) => [flipped(v1, slot), flipped(v2, slot)]);
        expect(new Set(states).size).toBe(1);
        seen.add(states[0]!);
      }
    }
    expect(seen.size).toBe(2);
  });

  it('augments the two views of an image independently', () => {
    const batch = createBatchProvider(plan('simclr'))(2, 5);
    expect(batch.view1!.data).not.toEqual(batch.view2!.data);
  });

  it('samples the images the sampler picks', () => {
    // Each store image has its own level; a no-op augmentation shows which image went where.
    const none: Augment = { cropScale: [1, 1], colorJitter: 0, blur: 0, flip: false };
    const flatStore: ImageStore = { ...STORE, pixels: new Uint8Array(STORE.pixels.length) };
    for (let i = 0; i < COUNT; i += 1) flatStore.pixels.fill(i * 10, i * 16 * 20 * 3, (i + 1) * 16 * 20 * 3);
    const batch = createBatchProvider(plan('stablerep', { store: flatStore, augment: none }))(3, 9);
    const { indices } = sampleBatch(GROUPS, { groups: 3, members: 2 }, 3, 9);
    const per = 3 * 8 * 12;
    indices.forEach((image, slot) => {
      const red = batch.images!.data[slot * per] as number;
      expect(red * 0.229 + 0.485).toBeCloseTo((image * 10) / 255, 4);
    });
  });

  it('rejects a bad plan up front', () => {
    expect(() => createBatchProvider(plan('genpoccl', { batch: { groups: 7, members: 2 } }))).toThrow(
      /6 training group\(s\).*needs 7/,
    );
    const outside: Group[] = [...GROUPS.slice(0, 2), { key: 'x', members: [COUNT] }];
    expect(() => createBatchProvider(plan('genpoccl', { trainGroups: outside }))).toThrow(/member 24/);
    expect(() => createBatchProvider(plan('genpoccl', { imageSize: [0, 8] }))).toThrow(/image size/);
  });
});
