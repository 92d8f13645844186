import { afterAll, describe, expect, it } from 'vitest';
import { type Feed, OnnxSession } from '../onnx/node/session';
import { buildEncoderOnnx, encoderTimmSafetensors, paramsFromFlat, VIT_CONFIG_KEY } from './export';
import { rng } from './gradcheck';
import { Graph } from './graph';
import { fromFloat16, toFloat16 } from '../shared/float16';
import { type NamedTensor, decodeSafetensors } from './safetensors';
import { makeLayout } from './step';
import { TIMM_CONFIG_KEY } from './timmNames';
import {
  type VitConfig,
  flattenParams,
  headParams,
  mergeParams,
  tokenCount,
  vitForward,
  vitParams,
} from './vit';

const CONFIG: VitConfig = {
  imageSize: [16, 16],
  patchSize: 8,
  channels: 3,
  dim: 32,
  depth: 2,
  heads: 2,
  mlpDim: 64,
  poseToken: true,
};
const NO_POSE: VitConfig = { ...CONFIG, poseToken: false };
const sessions: OnnxSession[] = [];

afterAll(async () => {
  for (const s of sessions) await s.dispose();
});

async function session(bytes: Uint8Array): Promise<OnnxSession> {
  const s = await OnnxSession.create(bytes);
  sessions.push(s);
  return s;
}

/**
 * vitParams with every value (LayerNorm scales and biases, tokens included) moved by up to
 * +-0.05, so a swapped or ignored parameter changes the outputs.
 */
function randomParams(config: VitConfig, seed: number): NamedTensor[] {
  const set = vitParams(config, seed);
  const next = rng(seed + 100);
  const theta = flattenParams(set).map((v) => v + 0.1 * (next() - 0.5));
  return paramsFromFlat(makeLayout(set.specs), theta);
}

function randomImages(config: VitConfig, batch: number, seed: number): Feed {
  const [h, w] = config.imageSize;
  const next = rng(seed);
  const data = new Float32Array(batch * config.channels * h * w).map(() => 2 * next() - 1);
  return { data, dims: [batch, config.channels, h, w] };
}

/** The training graph's own forward pass at a static batch, params fed as inputs. */
async function reference(
  config: VitConfig,
  params: readonly NamedTensor[],
  images: Feed,
): Promise<Record<string, Float32Array | Float64Array>> {
  const g = new Graph();
  const x = g.input('images', images.dims);
  const feeds: Record<string, Feed> = { images };
  const inputs = Object.fromEntries(
    params.map((p) => {
      feeds[p.name] = { data: p.data as Float32Array, dims: p.shape };
      return [p.name, g.input(p.name, p.shape)];
    }),
  );
  const out = vitForward(g, inputs, x, config);
  g.output(out.cls, 'cls');
  if (out.pose) g.output(out.pose, 'pose');
  g.output(out.tokens, 'tokens');
  const s = await session(g.toBytes());
  return s.runFloats(feeds);
}

function maxAbsDiff(a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined): number {
  if (!a || !b || a.length !== b.length) throw new Error('output missing or of another size');
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}

/** Largest difference over all outputs of `b`, which must hold exactly the outputs of `a`. */
function worst(a: Record<string, ArrayLike<number>>, b: Record<string, ArrayLike<number>>): number {
  expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  return Math.max(...Object.keys(a).map((k) => maxAbsDiff(a[k], b[k])));
}

describe('buildEncoderOnnx', () => {
  const params = randomParams(CONFIG, 1);
  const fp32 = buildEncoderOnnx(CONFIG, params);

  it('matches the training forward pass at batch 1, 3 and 5 from one model (symbolic batch)', async () => {
    const s = await session(fp32);
    expect(s.inputNames).toEqual(['images']);
    expect(s.outputNames).toEqual(['cls', 'pose', 'tokens']);
    for (const batch of [1, 3, 5]) {
      const images = randomImages(CONFIG, batch, batch);
      const want = await reference(CONFIG, params, images);
      const got = await s.runFloats({ images });
      expect(got.tokens?.length).toBe(batch * tokenCount(CONFIG) * CONFIG.dim);
      expect(got.cls?.length).toBe(batch * CONFIG.dim);
      expect(worst(want, got), `batch ${batch}`).toBeLessThan(1e-5);
    }
  });

  it('declares the batch as dim_param "batch" on the input and on every output', () => {
    // TensorShapeProto.Dimension.dim_param (field 2, length 5) = "batch": images, cls, pose, tokens.
    const needle = [0x12, 0x05, ...new TextEncoder().encode('batch')];
    let count = 0;
    for (let i = 0; i + needle.length <= fp32.length; i++)
      if (needle.every((b, j) => fp32[i + j] === b)) count++;
    expect(count).toBe(4);
  });

  it('puts [CLS] and [POSE] first in tokens and treats batch rows independently', async () => {
    const s = await session(fp32);
    const images = randomImages(CONFIG, 3, 9);
    const all = await s.runFloats({ images });
    const d = CONFIG.dim;
    const t = tokenCount(CONFIG) * d;
    expect(maxAbsDiff(all.tokens?.subarray(t, t + d), all.cls?.subarray(d, 2 * d))).toBe(0);
    expect(maxAbsDiff(all.tokens?.subarray(t + d, t + 2 * d), all.pose?.subarray(d, 2 * d))).toBe(0);
    const row = images.data.length / 3;
    const second = { data: images.data.subarray(row, 2 * row), dims: [1, ...images.dims.slice(1)] };
    const alone = await s.runFloats({ images: second });
    expect(maxAbsDiff(alone.tokens, all.tokens?.subarray(t, 2 * t))).toBeLessThan(1e-5);
  });

  it('stores float16 weights in about half the bytes and casts them back exactly', async () => {
    const fp16 = buildEncoderOnnx(CONFIG, params, { weights: 'float16' });
    expect(fp16.length).toBeLessThan(0.6 * fp32.length);
    // The same weights rounded to float16 in JS and exported as float32: the in-graph Cast is exact.
    const rounded = params.map((p) => ({
      ...p,
      data: fromFloat16(toFloat16(p.data as Float32Array)),
    }));
    const s16 = await session(fp16);
    const sRounded = await session(buildEncoderOnnx(CONFIG, rounded));
    for (const batch of [1, 4]) {
      const images = randomImages(CONFIG, batch, 20 + batch);
      const got = await s16.runFloats({ images });
      expect(worst(await sRounded.runFloats({ images }), got)).toBeLessThan(1e-5);
      // Against the unrounded weights: float16 keeps 11 significant bits, so each weight moves by at
      // most 2^-12 relative (2.4e-4). Summed over a fan-in of 32..64 with random signs and through 2
      // blocks, the LayerNorm-scaled (order 1) outputs move by about sqrt(64) * 2.4e-4 * a few = 1e-2
      // at worst; measured here ~1e-3. A bound of 1e-2 still catches a wrong conversion (errors of 0.1+).
      const fromFp32 = worst(await reference(CONFIG, params, images), got);
      expect(fromFp32).toBeGreaterThan(0);
      expect(fromFp32).toBeLessThan(1e-2);
    }
  });

  it('has no pose output without a [POSE] token', async () => {
    const p = randomParams(NO_POSE, 2);
    const s = await session(buildEncoderOnnx(NO_POSE, p));
    expect(s.outputNames).toEqual(['cls', 'tokens']);
    const images = randomImages(NO_POSE, 2, 5);
    expect(worst(await reference(NO_POSE, p, images), await s.runFloats({ images }))).toBeLessThan(1e-5);
  });

  it('builds under opset 18 (ReduceMean axes as an input) with the same outputs', async () => {
    const s = await session(buildEncoderOnnx(CONFIG, params, { opset: 18 }));
    const images = randomImages(CONFIG, 2, 7);
    expect(worst(await reference(CONFIG, params, images), await s.runFloats({ images }))).toBeLessThan(1e-5);
  });

  it('leaves the heads out: encoder + heads exports the same bytes as the encoder alone', () => {
    const set = headParams('pose', 32, 16, 8);
    const heads = paramsFromFlat(makeLayout(set.specs), flattenParams(set));
    expect(buildEncoderOnnx(CONFIG, [...params, ...heads])).toEqual(fp32);
  });

  it('names a missing, misshapen or duplicated parameter', () => {
    const without = params.filter((p) => p.name !== 'blocks.1.mlp.fc2.bias');
    expect(() => buildEncoderOnnx(CONFIG, without)).toThrow(/missing parameter blocks\.1\.mlp\.fc2\.bias/);
    const bent = params.map((p) =>
      p.name === 'blocks.0.attn.qkv.weight' ? { ...p, shape: [96, 32], data: new Float32Array(96 * 32) } : p,
    );
    expect(() => buildEncoderOnnx(CONFIG, bent)).toThrow(/blocks\.0\.attn\.qkv\.weight has shape \[96,32\]/);
    expect(() => encoderTimmSafetensors(CONFIG, bent)).toThrow(/blocks\.0\.attn\.qkv\.weight/);
    expect(() => buildEncoderOnnx(CONFIG, [...params, params[0] as NamedTensor])).toThrow(/duplicate/);
    expect(() => buildEncoderOnnx(NO_POSE, params)).toThrow(
      /pos_embed has shape \[6,32\], expected \[5,32\]/,
    );
  });
});

describe('paramsFromFlat', () => {
  it('round-trips a flat theta built by flattenParams, heads included, from float32 or float64', () => {
    const set = mergeParams(vitParams(CONFIG, 3), headParams('pose', 32, 16, 8, 4));
    const layout = makeLayout(set.specs);
    const theta = flattenParams(set);
    for (const flat of [theta, Float64Array.from(theta)]) {
      const out = paramsFromFlat(layout, flat);
      expect(out.map((t) => t.name)).toEqual(set.specs.map((s) => s.name));
      for (const t of out) {
        expect(t.dtype).toBe('F32');
        expect(t.shape).toEqual(set.specs.find((s) => s.name === t.name)?.shape);
        expect(t.data).toEqual(set.values[t.name]);
      }
    }
    expect(() => paramsFromFlat(layout, theta.subarray(1))).toThrow(/layout needs/);
  });
});

describe('encoderTimmSafetensors', () => {
  it('writes timm names and layouts, no heads, and both configs in the metadata', () => {
    const set = mergeParams(vitParams(CONFIG, 5), headParams('pose', 32, 16, 8, 6));
    const params = paramsFromFlat(makeLayout(set.specs), flattenParams(set));
    const file = decodeSafetensors(encoderTimmSafetensors(CONFIG, params));
    const shapes = Object.fromEntries(file.tensors.map((t) => [t.name, t.shape]));
    expect(shapes).toMatchObject({
      cls_token: [1, 1, 32],
      reg_token: [1, 1, 32],
      pos_embed: [1, 6, 32],
      'patch_embed.proj.weight': [32, 3, 8, 8],
      'patch_embed.proj.bias': [32],
      'blocks.0.attn.qkv.weight': [96, 32],
      'blocks.1.mlp.fc1.weight': [64, 32],
      'norm.weight': [32],
    });
    expect(file.tensors.filter((t) => t.name.startsWith('heads.') || t.name.includes('pose'))).toEqual([]);
    expect(file.tensors).toHaveLength(5 + 12 * 2 + 2);
    // qkv is stored [out, in] like nn.Linear: row j of timm's matrix is column j of ours.
    const ours = set.values['blocks.0.attn.qkv.weight'] as Float32Array;
    const timm = file.tensors.find((t) => t.name === 'blocks.0.attn.qkv.weight')?.data as Float32Array;
    expect(timm[1 * 32 + 5]).toBe(ours[5 * 96 + 1]);
    expect(file.metadata.format).toBe('pt');
    expect(JSON.parse(file.metadata[VIT_CONFIG_KEY] ?? '')).toEqual(CONFIG);
    expect(JSON.parse(file.metadata[TIMM_CONFIG_KEY] ?? '')).toMatchObject({ reg_tokens: 1, embed_dim: 32 });
  });
});
