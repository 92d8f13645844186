/**
 * @file Feeds for the tiny SD graphs, built from a session's inputMetadata the way the pipeline must
 * (research §0.1): symbolic dims resolved from the fixture's sizes, values seeded, float16 as
 * Uint16Array bits, int64 as BigInt64Array. Also output comparison helpers for the "every input
 * matters" checks.
 */
import * as ort from 'onnxruntime-node';
import { createRng } from '../../../src-main/core/generate/prng';
import { fromFloat16, toFloat16 } from '../../../src-main/core/shared/float16';
import type { FixtureConfig } from './options';

export interface FeedSizes {
  batch: number;
  latent: number;
  sequence: number;
}

export function sizesOf(cfg: FixtureConfig, batch = 2): FeedSizes {
  return { batch, latent: cfg.latentSize, sequence: 77 };
}

/** A symbolic dim of the fixtures -> its size. */
export function resolveDim(d: number | string, s: FeedSizes): number {
  if (typeof d === 'number') return d;
  if (d === 'sequence_length') return s.sequence;
  if (/batch|steps/.test(d)) return s.batch;
  if (/_image$/.test(d)) return s.latent * 8;
  const level = /_latent_(\d+)$/.exec(d);
  if (level) return s.latent >> Number(level[1]);
  if (/_latent$/.test(d)) return s.latent;
  throw new Error(`unknown symbolic dim ${d}`);
}

/** A tensor of `type` and `dims` holding the float `values` (rounded for integer types). */
export function makeTensor(type: string, values: ArrayLike<number>, dims: readonly number[]): ort.Tensor {
  const f32 = Float32Array.from(values);
  const shape = [...dims];
  if (type === 'float32') return new ort.Tensor('float32', f32, shape);
  if (type === 'float16') return new ort.Tensor('float16', toFloat16(f32), shape);
  if (type === 'float64') return new ort.Tensor('float64', Float64Array.from(f32), shape);
  if (type === 'int32') return new ort.Tensor('int32', Int32Array.from(f32, Math.round), shape);
  if (type === 'int64')
    return new ort.Tensor(
      'int64',
      BigInt64Array.from(f32, (v) => BigInt(Math.round(v))),
      shape,
    );
  throw new Error(`no feed for dtype ${type}`);
}

function valuesFor(name: string, size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  if (name === 'input_ids') return Float32Array.from({ length: size }, () => rng.int(500));
  if (name === 'timestep') return new Float32Array(size).fill(500);
  if (name === 'conditioning_scale') return new Float32Array(size).fill(0.8);
  return Float32Array.from({ length: size }, () => rng.range(-1, 1));
}

/** Seeded feeds for every input of the session. */
export function feedsFor(
  session: ort.InferenceSession,
  sizes: FeedSizes,
  seed = 7,
): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  session.inputMetadata.forEach((m, i) => {
    if (!m.isTensor) throw new Error(`${m.name} is not a tensor`);
    const dims = m.shape.map((d) => resolveDim(d, sizes));
    const size = dims.reduce((a, b) => a * b, 1);
    feeds[m.name] = makeTensor(m.type, valuesFor(m.name, size, seed + i), dims);
  });
  return feeds;
}

/** A copy of the tensor with every element changed (ids +1, timestep +1, floats +0.25). */
export function perturbed(t: ort.Tensor): ort.Tensor {
  const values = Float32Array.from(
    toFloat32(t),
    (v) => v + (t.type.startsWith('int') || t.type === 'float64' ? 1 : 0.25),
  );
  return makeTensor(t.type, values, t.dims);
}

/** The tensor's values as float32 (float16 bits decoded). */
export function toFloat32(t: ort.Tensor): Float32Array {
  if (t.type === 'float16') return fromFloat16(t.data as Uint16Array);
  if (t.type === 'int64') return Float32Array.from(t.data as BigInt64Array, Number);
  return Float32Array.from(t.data as ArrayLike<number>);
}

/** Largest absolute difference between two same-shaped tensors. */
export function maxDiff(a: ort.Tensor, b: ort.Tensor): number {
  const x = toFloat32(a);
  const y = toFloat32(b);
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i]! - y[i]!));
  return max;
}
