/**
 * @file Benchmark of the pre-training data pipeline: milliseconds per augmented 64x64 view
 * (augmentInto with the default augmentation: crop scale 0.6-1, jitter 0.4, blur p 0.2, flips)
 * and per batch of 32 x 2 views through createBatchProvider (genpoccl: view1, view2, group_ids),
 * on a synthetic store of 256 noise images. Prints medians over repeated timed rounds.
 *
 *   npx tsx bench/augment.ts [rounds=20]
 */
import type { Augment } from '../src-main/contract/training';
import { type ImageStore, augmentInto, normalizeInto } from '../src-main/core/train/data/augment';
import { createBatchProvider } from '../src-main/core/train/data/batches';
import { streamRng } from '../src-main/core/train/data/rng';
import type { Group } from '../src-main/core/train/data/samples';

const SIZE = [64, 64] as const;
const COUNT = 256;
const ROUNDS = Number(process.argv[2] ?? 20);
const AUGMENT: Augment = { cropScale: [0.6, 1], colorJitter: 0.4, blur: 0.2, flip: true };

function syntheticStore(): ImageStore {
  const [h, w] = SIZE;
  const rng = streamRng(1, 2);
  const pixels = new Uint8Array(COUNT * h * w * 3);
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = rng.int(256);
  const keypoints = new Float32Array(COUNT * 51);
  for (let i = 0; i < COUNT * 17; i += 1) keypoints.set([rng.range(0, w), rng.range(0, h), 2], i * 3);
  return { height: h, width: w, count: COUNT, pixels, keypoints };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median and minimum of `rounds` timed calls after `rounds / 2` untimed ones (JIT warm-up). */
function timeIt(rounds: number, body: () => void): { median: number; min: number } {
  for (let r = 0; r < Math.ceil(rounds / 2); r += 1) body();
  const times: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    const t = performance.now();
    body();
    times.push(performance.now() - t);
  }
  return { median: median(times), min: Math.min(...times) };
}

const store = syntheticStore();
const per = 3 * SIZE[0] * SIZE[1];
const out = new Float32Array(COUNT * per);
const views = (fn: (i: number) => void) => () => {
  for (let i = 0; i < COUNT; i += 1) fn(i);
};
const rng = streamRng(7, 1);
timeIt(
  3,
  views((i) => augmentInto(out, i * per, store, i, SIZE, AUGMENT, rng.next, i % 2 === 0)),
); // warm-up
const augMs = timeIt(
  ROUNDS,
  views((i) => augmentInto(out, i * per, store, i, SIZE, AUGMENT, rng.next, i % 2 === 0)),
);
const normMs = timeIt(
  ROUNDS,
  views((i) => normalizeInto(out, i * per, store, i, SIZE)),
);

const groups: Group[] = Array.from({ length: COUNT / 4 }, (_, g) => ({
  key: String(g),
  members: [4 * g, 4 * g + 1, 4 * g + 2, 4 * g + 3],
}));
const provider = createBatchProvider({
  store,
  trainGroups: groups,
  recipe: 'genpoccl',
  batch: { groups: 8, members: 4 },
  imageSize: SIZE,
  augment: AUGMENT,
});
let step = 0;
const batchMs = timeIt(ROUNDS, () => provider(step++, 0));

const us = (ms: number) => ((ms * 1000) / COUNT).toFixed(1);
console.log(
  `augmentInto 64x64:   ${us(augMs.median)} us/view median, ${us(augMs.min)} min (${ROUNDS} rounds x ${COUNT})`,
);
console.log(`normalizeInto 64x64: ${us(normMs.median)} us/view median, ${us(normMs.min)} min`);
console.log(
  `batch 32 images x 2 views (genpoccl 8x4): ${batchMs.median.toFixed(2)} ms median, ${batchMs.min.toFixed(2)} ms min`,
);
