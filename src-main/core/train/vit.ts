/**
 * @file The Vision Transformer encoder for the training graph, with the parameter names, shapes
 * and conventions documented in timmNames.ts (so a trained encoder exports to timm unchanged):
 * token order [CLS, POSE, patches], patch vectors flattened (channel, row, col), qkv columns
 * [q | k | v] head-major, pre-norm blocks, LayerNorm eps 1e-6, attention scale dh^-0.5.
 * GELU is erf in float32 graphs (timm's) and the tanh form in float64 graphs, which only the
 * checks use (Erf has no float64 CPU kernel). Also per-token projection heads (`heads.<name>.*`),
 * which are not part of timm's encoder and are skipped on export.
 */
import type { ParamSpec } from './adamw';
import { rng } from './gradcheck';
import type { Graph, Tensor } from './graph';
import * as nn from './nn';
import * as op from './ops';
import { fmt, numel } from './shape';

export interface VitConfig {
  /** Input image [height, width]; each must be a multiple of patchSize. */
  imageSize: readonly [number, number];
  patchSize: number;
  channels: number;
  /** Token width D. */
  dim: number;
  depth: number;
  heads: number;
  /** MLP hidden width H (timm: dim * mlp_ratio). */
  mlpDim: number;
  /** Adds the [POSE] token after [CLS] (timm: reg_tokens=1). */
  poseToken: boolean;
}

/** 64 x 64, 66 tokens: fast enough for tests and a first run on any laptop. */
export const VIT_TINY: VitConfig = {
  imageSize: [64, 64],
  patchSize: 8,
  channels: 3,
  dim: 96,
  depth: 4,
  heads: 3,
  mlpDim: 384,
  poseToken: true,
};

/** 128 x 64 person crops (HAP's 2:1 aspect), 130 tokens, about 2.7M parameters: a laptop CPU run. */
export const VIT_SMALL: VitConfig = {
  imageSize: [128, 64],
  patchSize: 8,
  channels: 3,
  dim: 192,
  depth: 6,
  heads: 3,
  mlpDim: 768,
  poseToken: true,
};

export const VIT_PRESETS = { tiny: VIT_TINY, small: VIT_SMALL } as const;

/** Initial values keyed by parameter name, plus the specs buildTrainStep takes (same order). */
export interface ParamSet {
  specs: ParamSpec[];
  values: Record<string, Float32Array>;
}

export const gridSize = (c: VitConfig): [number, number] => [
  c.imageSize[0] / c.patchSize,
  c.imageSize[1] / c.patchSize,
];
export const patchDim = (c: VitConfig): number => c.channels * c.patchSize * c.patchSize;
export const prefixTokens = (c: VitConfig): number => (c.poseToken ? 2 : 1);
export const tokenCount = (c: VitConfig): number => {
  const [gh, gw] = gridSize(c);
  return prefixTokens(c) + gh * gw;
};

function validate(c: VitConfig): void {
  const [h, w] = c.imageSize;
  if (h % c.patchSize !== 0 || w % c.patchSize !== 0)
    throw new Error(`vit: image ${h}x${w} is not a multiple of patch ${c.patchSize}`);
  if (c.dim % c.heads !== 0) throw new Error(`vit: dim ${c.dim} not divisible by ${c.heads} heads`);
}

type Init = 'normal' | 'tiny' | 'zeros' | 'ones';

/** Accumulates specs and values; weights use timm's trunc_normal(std 0.02, cut at 2 std). */
class ParamBuilder {
  readonly set: ParamSet = { specs: [], values: {} };
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = rng(seed);
  }

  private normal(): number {
    // Box-Muller with rejection outside 2 std, i.e. a truncated normal.
    for (;;) {
      const u = Math.max(this.next(), 1e-12);
      const v = this.next();
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      if (Math.abs(z) <= 2) return z;
    }
  }

  add(name: string, shape: number[], init: Init, decay = false): void {
    const n = numel(shape);
    const data = new Float32Array(n);
    // timm: cls/reg tokens start at std 1e-6 (near zero but not symmetric), weights at 0.02.
    const std = init === 'tiny' ? 1e-6 : 0.02;
    if (init === 'ones') data.fill(1);
    else if (init !== 'zeros') for (let i = 0; i < n; i++) data[i] = std * this.normal();
    this.set.specs.push({ name, shape, decay });
    this.set.values[name] = data;
  }

  linear(prefix: string, inDim: number, outDim: number): void {
    this.add(`${prefix}.weight`, [inDim, outDim], 'normal', true);
    this.add(`${prefix}.bias`, [outDim], 'zeros');
  }

  norm(prefix: string, dim: number): void {
    this.add(`${prefix}.weight`, [dim], 'ones');
    this.add(`${prefix}.bias`, [dim], 'zeros');
  }
}

/** The encoder's parameters in timmNames order; deterministic for a given seed. */
export function vitParams(config: VitConfig, seed = 0): ParamSet {
  validate(config);
  const { dim: d, mlpDim: h } = config;
  const b = new ParamBuilder(seed);
  b.add('cls_token', [d], 'tiny');
  if (config.poseToken) b.add('pose_token', [d], 'tiny');
  b.add('pos_embed', [tokenCount(config), d], 'normal');
  b.linear('patch_embed', patchDim(config), d);
  for (let i = 0; i < config.depth; i++) {
    const p = `blocks.${i}`;
    b.norm(`${p}.norm1`, d);
    b.linear(`${p}.attn.qkv`, d, 3 * d);
    b.linear(`${p}.attn.proj`, d, d);
    b.norm(`${p}.norm2`, d);
    b.linear(`${p}.mlp.fc1`, d, h);
    b.linear(`${p}.mlp.fc2`, h, d);
  }
  b.norm('norm', d);
  return b.set;
}

/**
 * A Linear-BN-GELU-Linear head's parameters, named `heads.<name>.fc1/bn/fc2.weight/bias`. The
 * batch norm is why a head does not collapse under a single-view multi-positive loss (StableRep):
 * without it every embedding drifted to one point within ten steps (loss stuck at log(B - 1)),
 * a stationary point of any loss on L2-normalised embeddings. SimCLR and StableRep's heads
 * carry it for the same reason.
 */
export function headParams(name: string, inDim: number, hidden: number, outDim: number, seed = 0): ParamSet {
  const b = new ParamBuilder(seed);
  b.linear(`heads.${name}.fc1`, inDim, hidden);
  b.norm(`heads.${name}.bn`, hidden);
  b.linear(`heads.${name}.fc2`, hidden, outDim);
  return b.set;
}

/** Concatenates parameter sets (e.g. encoder + heads), refusing duplicate names. */
export function mergeParams(...sets: readonly ParamSet[]): ParamSet {
  const out: ParamSet = { specs: [], values: {} };
  for (const s of sets)
    for (const spec of s.specs) {
      if (spec.name in out.values) throw new Error(`mergeParams: duplicate ${spec.name}`);
      out.specs.push(spec);
      out.values[spec.name] = s.values[spec.name] as Float32Array;
    }
  return out;
}

/** Values in spec order, i.e. the flat `theta` of buildTrainStep's layout for these specs. */
export function flattenParams(set: ParamSet): Float32Array {
  const out = new Float32Array(set.specs.reduce((n, s) => n + numel(s.shape), 0));
  let offset = 0;
  for (const s of set.specs) {
    out.set(set.values[s.name] ?? new Float32Array(numel(s.shape)), offset);
    offset += numel(s.shape);
  }
  return out;
}

function param(params: Readonly<Record<string, Tensor>>, name: string): Tensor {
  const t = params[name];
  if (!t) throw new Error(`vit: missing parameter ${name}`);
  return t;
}

/** [B, C, H, W] -> [B, N, C*P*P] in (c, ky, kx) order, patches row-major over the grid. */
export function patchify(images: Tensor, config: VitConfig): Tensor {
  const [b, c, h, w] = images.shape as [number, number, number, number];
  const p = config.patchSize;
  if (c !== config.channels || h !== config.imageSize[0] || w !== config.imageSize[1])
    throw new Error(`patchify: images ${fmt(images.shape)} do not match the config`);
  const grid = op.reshape(images, [b, c, h / p, p, w / p, p]);
  const moved = op.transpose(grid, [0, 2, 4, 1, 3, 5]); // [B, Gh, Gw, C, P, P]
  return op.reshape(moved, [b, (h / p) * (w / p), c * p * p]);
}

/** A learned [D] token broadcast to [B, 1, D] for the concat in front of the patches. */
function tokenRow(t: Tensor, batch: number): Tensor {
  const d = t.shape[0] as number;
  return op.expand(op.reshape(t, [1, 1, d]), [batch, 1, d]);
}

/** Multi-head self-attention on pre-normed x [B, T, D]; heads own contiguous qkv columns. */
export function attention(
  x: Tensor,
  params: Readonly<Record<string, Tensor>>,
  prefix: string,
  heads: number,
): Tensor {
  const [b, t, d] = x.shape as [number, number, number];
  const dh = d / heads;
  const pr = (n: string) => param(params, `${prefix}.${n}`);
  const qkv = nn.linear(x, pr('qkv.weight'), pr('qkv.bias'));
  const split = (i: number) =>
    op.transpose(op.reshape(op.slice(qkv, [i * d], [(i + 1) * d], [-1]), [b, t, heads, dh]), [0, 2, 1, 3]);
  const scores = op.mul(
    op.matmul(split(0), op.transpose(split(1), [0, 1, 3, 2])),
    x.graph.scalar(dh ** -0.5),
  );
  const ctx = op.matmul(nn.softmax(scores), split(2)); // [B, heads, T, dh]
  const merged = op.reshape(op.transpose(ctx, [0, 2, 1, 3]), [b, t, d]);
  return nn.linear(merged, pr('proj.weight'), pr('proj.bias'));
}

const LN_EPS = 1e-6;

/** One pre-norm block: x + attn(norm1 x), then x + mlp(norm2 x). */
export function vitBlock(
  x: Tensor,
  params: Readonly<Record<string, Tensor>>,
  index: number,
  heads: number,
): Tensor {
  const p = (n: string) => param(params, `blocks.${index}.${n}`);
  const h1 = nn.layerNorm(x, p('norm1.weight'), p('norm1.bias'), LN_EPS);
  const x1 = op.add(x, attention(h1, params, `blocks.${index}.attn`, heads));
  const h2 = nn.layerNorm(x1, p('norm2.weight'), p('norm2.bias'), LN_EPS);
  const hidden = nn.gelu(nn.linear(h2, p('mlp.fc1.weight'), p('mlp.fc1.bias')));
  return op.add(x1, nn.linear(hidden, p('mlp.fc2.weight'), p('mlp.fc2.bias')));
}

export interface VitOutput {
  /** Final-normed [CLS] token, [B, D]. */
  cls: Tensor;
  /** Final-normed [POSE] token, [B, D], when the config has one. */
  pose: Tensor | null;
  /** All final-normed tokens [B, T, D] in [CLS, POSE, patches] order. */
  tokens: Tensor;
}

/** Row `i` of the token axis as [B, D]. */
const tokenAt = (tokens: Tensor, i: number): Tensor => op.squeeze(op.slice(tokens, [i], [i + 1], [1]), [1]);

/**
 * The encoder on images [B, C, H, W] or pre-patchified [B, N, C*P*P] (e.g. patches cached or
 * augmented outside the graph). `graph` is where the tensors live; it must own all inputs.
 */
export function vitForward(
  graph: Graph,
  params: Readonly<Record<string, Tensor>>,
  images: Tensor,
  config: VitConfig,
): VitOutput {
  validate(config);
  if (images.graph !== graph) throw new Error('vitForward: images belong to another graph');
  const patches = images.shape.length === 4 ? patchify(images, config) : images;
  const [gh, gw] = gridSize(config);
  if (patches.shape.length !== 3 || patches.shape[1] !== gh * gw || patches.shape[2] !== patchDim(config))
    throw new Error(`vitForward: input ${fmt(images.shape)} does not match the config`);
  const batch = patches.shape[0] as number;
  const embedded = nn.linear(patches, param(params, 'patch_embed.weight'), param(params, 'patch_embed.bias'));
  const prefix = [tokenRow(param(params, 'cls_token'), batch)];
  if (config.poseToken) prefix.push(tokenRow(param(params, 'pose_token'), batch));
  let x = op.add(op.concat([...prefix, embedded], 1), param(params, 'pos_embed'));
  for (let i = 0; i < config.depth; i++) x = vitBlock(x, params, i, config.heads);
  const tokens = nn.layerNorm(x, param(params, 'norm.weight'), param(params, 'norm.bias'), LN_EPS);
  return { cls: tokenAt(tokens, 0), pose: config.poseToken ? tokenAt(tokens, 1) : null, tokens };
}

const BN_EPS = 1e-5;

/** Batch norm in training mode over every axis but the last (statistics of this batch only). */
function batchNorm(x: Tensor, scale: Tensor, bias: Tensor): Tensor {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const centred = op.sub(x, op.reduceMean(x, axes, true));
  const variance = op.reduceMean(op.mul(centred, centred), axes, true);
  const normed = op.div(centred, op.sqrt(op.add(variance, x.graph.scalar(BN_EPS))));
  return op.add(op.mul(normed, scale), bias);
}

/**
 * Linear-BN-GELU-Linear over the rows of x [N, D] (or any leading shape) with `heads.<name>.*`
 * params; the batch norm uses the statistics of the rows given, so call it on a whole batch.
 */
export function projectionHead(
  graph: Graph,
  params: Readonly<Record<string, Tensor>>,
  x: Tensor,
  name: string,
): Tensor {
  if (x.graph !== graph) throw new Error('projectionHead: x belongs to another graph');
  const p = (n: string) => param(params, `heads.${name}.${n}`);
  const hidden = batchNorm(nn.linear(x, p('fc1.weight'), p('fc1.bias')), p('bn.weight'), p('bn.bias'));
  return nn.linear(nn.gelu(hidden), p('fc2.weight'), p('fc2.bias'));
}
