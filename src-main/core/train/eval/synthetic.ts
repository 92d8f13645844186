/**
 * @file Seeded synthetic feature sets for the probes' tests and benchmark: poses (random joints),
 * identities rendered in several poses, mannequin-like attribute records, and features whose
 * information content is chosen: `signal` features carry the pose in [POSE] and the patches, the
 * identity and its attributes in [CLS] (linearly, plus noise); `noise` features carry nothing.
 * Keeping it here (platform-free, no test framework) lets the tests and bench/probes.ts share it.
 */
import { createRng } from '../../generate/prng';
import type { FeatureSet } from './featureSet';

export interface SyntheticOptions {
  poses: number;
  variantsPerPose: number;
  identities: number;
  dim: number;
  grid: readonly [number, number];
  seed: number;
  /** What the features carry. */
  content: 'signal' | 'noise';
  /** Standard deviation of the noise added to every feature. */
  noise?: number;
  /** Share of joints left unlabelled (v = 0). */
  missing?: number;
  /** Added to pose ids and identity numbers, so train and test sets can be disjoint. */
  offset?: number;
  aspect?: number;
}

const TOP_COLORS = ['red', 'blue', 'green', 'black'];
const HATS = ['cap', 'beanie'];

/** The attribute record of identity k (as the mannequin generator shapes it). */
function attributesOf(k: number): Record<string, unknown> {
  const rng = createRng(9000 + k);
  return {
    identity: `id${k}`,
    build: rng.range(0.85, 1.2),
    top: { color: rng.pick(TOP_COLORS), pattern: rng.chance(0.5) ? 'solid' : 'stripes' },
    hat: rng.chance(0.35) ? { kind: rng.pick(HATS) } : null,
    bag: rng.chance(0.4) ? { kind: 'backpack' } : null,
    background: rng.pick(['studio', 'street']),
  };
}

function gaussian(rng: ReturnType<typeof createRng>): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** A fixed random unit-variance vector per key (same key, same vector, in every set). */
function embedding(key: number, dim: number): Float64Array {
  const rng = createRng(key);
  return Float64Array.from({ length: dim }, () => gaussian(rng));
}

/** Attribute part of [CLS]: one fixed direction per attribute value that is switched on. */
function attributeVector(record: Record<string, unknown>, dim: number): Float64Array {
  const top = record.top as { color: string; pattern: string };
  const on = [
    100 + TOP_COLORS.indexOf(top.color),
    top.pattern === 'solid' ? 110 : 111,
    record.hat ? 120 + HATS.indexOf((record.hat as { kind: string }).kind) : 125,
    record.bag ? 130 : 131,
  ];
  const v = new Float64Array(dim);
  for (const key of on) embedding(key, dim).forEach((x, j) => (v[j] = v[j]! + 2 * x));
  return v;
}

function randomPose(p: number): Float32Array {
  const rng = createRng(50_000 + p);
  const kp = new Float32Array(51);
  for (let j = 0; j < 17; j += 1) {
    kp[j * 3] = rng.range(0.1, 0.9);
    kp[j * 3 + 1] = rng.range(0.1, 0.9);
    kp[j * 3 + 2] = 2;
  }
  return kp;
}

/**
 * Patch tokens of one image: channel 2j / 2j+1 of every patch hold joint j's x / y (weighted by
 * the patch's distance to the joint, so the pooled cells keep the layout), the rest noise.
 */
function patchTokens(kp: Float32Array, grid: readonly [number, number], dim: number, signal: boolean) {
  const [gh, gw] = grid;
  const out = new Float64Array(gh * gw * dim);
  if (!signal) return out;
  for (let r = 0; r < gh; r += 1)
    for (let c = 0; c < gw; c += 1) {
      const o = (r * gw + c) * dim;
      for (let j = 0; j < 17 && 2 * j + 1 < dim; j += 1) {
        const dx = (c + 0.5) / gw - kp[j * 3]!;
        const dy = (r + 0.5) / gh - kp[j * 3 + 1]!;
        const w = 1 + 0.2 * Math.exp(-(dx * dx + dy * dy) * 20);
        out[o + 2 * j] = kp[j * 3]! * w;
        out[o + 2 * j + 1] = kp[j * 3 + 1]! * w;
      }
    }
  return out;
}

export function syntheticFeatures(options: SyntheticOptions): FeatureSet {
  const { poses, variantsPerPose, identities, dim, grid, seed } = options;
  const offset = options.offset ?? 0;
  const noise = options.noise ?? 0.1;
  const signal = options.content === 'signal';
  const count = poses * variantsPerPose;
  const patchDim = grid[0] * grid[1] * dim;
  const set: FeatureSet = {
    count,
    dim,
    cls: new Float32Array(count * dim),
    pose: new Float32Array(count * dim),
    patches: new Float32Array(count * patchDim),
    patchDim,
    patchGrid: [grid[0], grid[1]],
    aspect: options.aspect ?? 1,
    keypoints: new Float32Array(count * 51),
    poseIds: [],
    identities: [],
    attributes: [],
  };
  const rng = createRng(seed);
  const drop = createRng(seed + 1);
  const poseIds: number[] = [];
  const ids: string[] = [];
  const records: Record<string, unknown>[] = [];
  for (let p = 0; p < poses; p += 1) {
    const kp = randomPose(offset + p);
    const poseVec = embedding(70_000 + offset + p, dim);
    for (let v = 0; v < variantsPerPose; v += 1) {
      const i = p * variantsPerPose + v;
      const k = offset + (i % identities);
      const record = attributesOf(k);
      const look = attributeVector(record, dim);
      const cls = embedding(20_000 + k, dim).map((x, j) => x + look[j]!);
      const patches = patchTokens(kp, grid, dim, signal);
      for (let j = 0; j < dim; j += 1) {
        set.cls[i * dim + j] = (signal ? cls[j]! : 0) + noise * gaussian(rng);
        set.pose![i * dim + j] = (signal ? poseVec[j]! : 0) + noise * gaussian(rng);
      }
      for (let j = 0; j < patchDim; j += 1)
        set.patches[i * patchDim + j] = patches[j]! + noise * gaussian(rng);
      set.keypoints.set(kp, i * 51);
      for (let j = 0; j < 17; j += 1)
        if (drop.chance(options.missing ?? 0)) set.keypoints.fill(0, i * 51 + j * 3, i * 51 + j * 3 + 3);
      poseIds.push(offset + p);
      ids.push(`id${k}`);
      records.push(record);
    }
  }
  return { ...set, poseIds, identities: ids, attributes: records };
}
