/**
 * @file Our ViT parameter names and layouts, and their mapping to timm's VisionTransformer
 * state dict, so an exported encoder loads with
 * `timm.create_model('vit_...', **config).load_state_dict(safetensors.torch.load_file(path))`.
 *
 * Our layout is chosen for the ONNX training graph (x @ W with MatMul, no Transposes), timm's is
 * PyTorch's (nn.Linear stores [out, in], the patch embedding is a Conv2d). D = width, H = MLP
 * hidden width, P = patch size, C = input channels, T = token count, K = head outputs.
 *
 * | ours                         | shape          | timm                          | shape        |
 * |------------------------------|----------------|-------------------------------|--------------|
 * | cls_token                    | [D]            | cls_token                     | [1, 1, D]    |
 * | pose_token                   | [D]            | reg_token (reg_tokens=1)      | [1, 1, D]    |
 * | pos_embed                    | [T, D]         | pos_embed                     | [1, T, D]    |
 * | patch_embed.weight           | [C*P*P, D]     | patch_embed.proj.weight       | [D, C, P, P] |
 * | patch_embed.bias             | [D]            | patch_embed.proj.bias         | [D]          |
 * | blocks.{i}.norm1.weight/bias | [D]            | same name                     | [D]          |
 * | blocks.{i}.attn.qkv.weight   | [D, 3D]        | same name                     | [3D, D]      |
 * | blocks.{i}.attn.qkv.bias     | [3D]           | same name                     | [3D]         |
 * | blocks.{i}.attn.proj.weight  | [D, D]         | same name                     | [D, D] (T)   |
 * | blocks.{i}.attn.proj.bias    | [D]            | same name                     | [D]          |
 * | blocks.{i}.norm2.weight/bias | [D]            | same name                     | [D]          |
 * | blocks.{i}.mlp.fc1.weight    | [D, H]         | same name                     | [H, D]       |
 * | blocks.{i}.mlp.fc1.bias      | [H]            | same name                     | [H]          |
 * | blocks.{i}.mlp.fc2.weight    | [H, D]         | same name                     | [D, H]       |
 * | blocks.{i}.mlp.fc2.bias      | [D]            | same name                     | [D]          |
 * | norm.weight/bias             | [D]            | same name                     | [D]          |
 * | head.weight (optional)       | [D, K]         | head.weight                   | [K, D]       |
 * | head.bias (optional)         | [K]            | head.bias                     | [K]          |
 *
 * Conventions the model builder must keep for the weights to mean the same thing in timm:
 * - patch vectors are flattened in (c, ky, kx) order (NCHW image reshaped to
 *   [B, C, Gh, P, Gw, P], transposed to [B, Gh, Gw, C, P, P]); patches row-major over the grid;
 * - token order [CLS, POSE, patches]; pos_embed covers all T tokens (timm's default), or only the
 *   patches, which maps to timm's no_embed_class=True;
 * - qkv output columns are [q | k | v], each head-major (head h owns columns h*dh .. h*dh+dh-1);
 * - pre-norm blocks, LayerNorm eps 1e-6, exact (erf) GELU, attention scale dh^-0.5: timm's ViT.
 * Anything else (projection heads, decoders) is not part of timm's encoder and is skipped.
 */
import { encodeSafetensors, type NamedTensor } from './safetensors';

type Kind = 'copy' | 'linear' | 'token' | 'pos' | 'patch';

const RULES: readonly (readonly [ours: string, timm: string, kind: Kind])[] = [
  ['cls_token', 'cls_token', 'token'],
  ['pose_token', 'reg_token', 'token'],
  ['pos_embed', 'pos_embed', 'pos'],
  ['patch_embed.weight', 'patch_embed.proj.weight', 'patch'],
  ['patch_embed.bias', 'patch_embed.proj.bias', 'copy'],
  ['blocks.{i}.norm1.weight', 'blocks.{i}.norm1.weight', 'copy'],
  ['blocks.{i}.norm1.bias', 'blocks.{i}.norm1.bias', 'copy'],
  ['blocks.{i}.attn.qkv.weight', 'blocks.{i}.attn.qkv.weight', 'linear'],
  ['blocks.{i}.attn.qkv.bias', 'blocks.{i}.attn.qkv.bias', 'copy'],
  ['blocks.{i}.attn.proj.weight', 'blocks.{i}.attn.proj.weight', 'linear'],
  ['blocks.{i}.attn.proj.bias', 'blocks.{i}.attn.proj.bias', 'copy'],
  ['blocks.{i}.norm2.weight', 'blocks.{i}.norm2.weight', 'copy'],
  ['blocks.{i}.norm2.bias', 'blocks.{i}.norm2.bias', 'copy'],
  ['blocks.{i}.mlp.fc1.weight', 'blocks.{i}.mlp.fc1.weight', 'linear'],
  ['blocks.{i}.mlp.fc1.bias', 'blocks.{i}.mlp.fc1.bias', 'copy'],
  ['blocks.{i}.mlp.fc2.weight', 'blocks.{i}.mlp.fc2.weight', 'linear'],
  ['blocks.{i}.mlp.fc2.bias', 'blocks.{i}.mlp.fc2.bias', 'copy'],
  ['norm.weight', 'norm.weight', 'copy'],
  ['norm.bias', 'norm.bias', 'copy'],
  ['head.weight', 'head.weight', 'linear'],
  ['head.bias', 'head.bias', 'copy'],
];
const BLOCK_PARAMS = RULES.filter(([ours]) => ours.startsWith('blocks.')).map(([ours]) => ours);
const REQUIRED = ['pos_embed', 'patch_embed.weight', 'patch_embed.bias', 'norm.weight', 'norm.bias'];

function pattern(template: string): RegExp {
  return new RegExp(`^${template.replace(/\./g, '\\.').replace('{i}', '(\\d+)')}$`);
}
const COMPILED = RULES.map(([ours, timm, kind]) => ({
  ours: pattern(ours),
  timm: pattern(timm),
  kind,
  oursName: ours,
  timmName: timm,
}));

export class TimmMappingError extends Error {
  override name = 'TimmMappingError';
}

/** Row-major [rows, cols] -> [cols, rows]. */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c] ?? 0;
  }
  return out;
}

function need(ok: boolean, name: string, message: string): void {
  if (!ok) throw new TimmMappingError(`'${name}': ${message}`);
}

/** Convert one tensor's layout; `toTimm` picks the direction. Shapes are checked, not trusted. */
function convert(
  t: NamedTensor,
  kind: Kind,
  toTimm: boolean,
  patchSize: number,
): Pick<NamedTensor, 'shape' | 'data'> {
  need(t.dtype === 'F32' && t.data instanceof Float32Array, t.name, `must be F32, got ${t.dtype}`);
  const data = t.data as Float32Array;
  const s = t.shape;
  const rank = (n: number): void => need(s.length === n, t.name, `expected rank ${n}, got [${s.join(', ')}]`);
  switch (kind) {
    case 'copy':
      return { shape: [...s], data: data.slice() };
    case 'linear': {
      rank(2);
      const [rows, cols] = s as [number, number];
      return { shape: [cols, rows], data: transpose2d(data, rows, cols) };
    }
    case 'token':
      rank(toTimm ? 1 : 3);
      if (!toTimm) need(s[0] === 1 && s[1] === 1, t.name, 'expected [1, 1, D] (one token)');
      return { shape: toTimm ? [1, 1, s[0] ?? 0] : [s[2] ?? 0], data: data.slice() };
    case 'pos':
      rank(toTimm ? 2 : 3);
      if (!toTimm) need(s[0] === 1, t.name, 'expected [1, T, D]');
      return { shape: toTimm ? [1, ...s] : s.slice(1), data: data.slice() };
    case 'patch':
      return convertPatch(t.name, data, s, toTimm, patchSize);
  }
}

/** ours [C*P*P, D] (rows in (c, ky, kx) order) <-> Conv2d [D, C, P, P]: a transpose and a reshape. */
function convertPatch(
  name: string,
  data: Float32Array,
  s: readonly number[],
  toTimm: boolean,
  p: number,
): Pick<NamedTensor, 'shape' | 'data'> {
  const area = p * p;
  if (toTimm) {
    need(
      s.length === 2 && (s[0] ?? 0) % area === 0,
      name,
      `expected [C*${p}*${p}, D], got [${s.join(', ')}]`,
    );
    const [k, d] = s as [number, number];
    return { shape: [d, k / area, p, p], data: transpose2d(data, k, d) };
  }
  need(
    s.length === 4 && s[2] === p && s[3] === p,
    name,
    `expected [D, C, ${p}, ${p}], got [${s.join(', ')}]`,
  );
  const [d, c] = s as [number, number];
  return { shape: [c * area, d], data: transpose2d(data, d, c * area) };
}

/** The name on the other side and its kind, or null for parameters timm has no place for. */
function mapName(name: string, toTimm: boolean): { name: string; kind: Kind } | null {
  for (const rule of COMPILED) {
    const match = (toTimm ? rule.ours : rule.timm).exec(name);
    if (match === null) continue;
    const target = toTimm ? rule.timmName : rule.oursName;
    return { name: match[1] === undefined ? target : target.replace('{i}', match[1]), kind: rule.kind };
  }
  return null;
}

export interface TimmVitConfig {
  img_size: [number, number];
  patch_size: number;
  in_chans: number;
  embed_dim: number;
  depth: number;
  num_heads: number;
  mlp_ratio: number;
  class_token: boolean;
  reg_tokens: number;
  no_embed_class: boolean;
  num_classes: number;
  global_pool: 'token' | 'avg';
}

export interface TimmOptions {
  patchSize: number;
  numHeads: number;
  /** [height, width] in pixels; when omitted the patch grid is assumed square. */
  imageSize?: [number, number];
}

export interface TimmExport {
  /** timm state-dict tensors, in our parameter order. */
  tensors: NamedTensor[];
  /** Our parameters with no timm counterpart (projection heads and the like). */
  skipped: string[];
  /** Keyword arguments for timm's VisionTransformer that this state dict loads into strictly. */
  config: TimmVitConfig;
}

function inferConfig(params: Map<string, NamedTensor>, options: TimmOptions): TimmVitConfig {
  const get = (name: string): NamedTensor => {
    const t = params.get(name);
    if (t === undefined) throw new TimmMappingError(`missing parameter '${name}'`);
    return t;
  };
  for (const name of REQUIRED) get(name);
  const [k, d] = get('patch_embed.weight').shape as [number, number];
  const p = options.patchSize;
  const indices = [...params.keys()]
    .map((n) => /^blocks\.(\d+)\./.exec(n)?.[1])
    .filter((i) => i !== undefined);
  const depth = new Set(indices).size;
  for (let i = 0; i < depth; i++) for (const name of BLOCK_PARAMS) get(name.replace('{i}', String(i)));
  need(depth > 0, 'blocks', 'the encoder has no blocks');
  need(d % options.numHeads === 0, 'numHeads', `width ${d} is not divisible by ${options.numHeads} heads`);
  const hidden = get('blocks.0.mlp.fc1.weight').shape[1] ?? 0;
  const classToken = params.has('cls_token');
  const regTokens = params.has('pose_token') ? 1 : 0;
  const prefix = (classToken ? 1 : 0) + regTokens;
  const tokens = get('pos_embed').shape[0] ?? 0;
  let grid: [number, number];
  if (options.imageSize === undefined) {
    const side = Math.round(Math.sqrt(tokens - prefix));
    grid = [side, side];
  } else {
    grid = [options.imageSize[0] / p, options.imageSize[1] / p];
    need(grid.every(Number.isInteger), 'imageSize', `not a multiple of the patch size ${p}`);
  }
  const patches = grid[0] * grid[1];
  need(
    tokens === patches + prefix || tokens === patches,
    'pos_embed',
    `${tokens} rows fit no ${grid.join('x')} grid`,
  );
  const head = params.get('head.weight');
  return {
    img_size: [grid[0] * p, grid[1] * p],
    patch_size: p,
    in_chans: k / (p * p),
    embed_dim: d,
    depth,
    num_heads: options.numHeads,
    mlp_ratio: hidden / d,
    class_token: classToken,
    reg_tokens: regTokens,
    no_embed_class: tokens === patches && prefix > 0,
    num_classes: head === undefined ? 0 : (head.shape[1] ?? 0),
    global_pool: classToken ? 'token' : 'avg',
  };
}

/** Our ViT parameters -> timm state dict (layouts converted) plus the matching timm config. */
export function toTimm(params: readonly NamedTensor[], options: TimmOptions): TimmExport {
  const byName = new Map(params.map((t) => [t.name, t]));
  const config = inferConfig(byName, options);
  const tensors: NamedTensor[] = [];
  const skipped: string[] = [];
  for (const t of params) {
    const mapped = mapName(t.name, true);
    if (mapped === null) {
      skipped.push(t.name);
      continue;
    }
    tensors.push({ name: mapped.name, dtype: 'F32', ...convert(t, mapped.kind, true, options.patchSize) });
  }
  return { tensors, skipped, config };
}

/** timm state dict -> our names and layouts (e.g. to start from a timm checkpoint). */
export function fromTimm(tensors: readonly NamedTensor[], patchSize: number): NamedTensor[] {
  return tensors.map((t) => {
    const mapped = mapName(t.name, false);
    if (mapped === null) throw new TimmMappingError(`'${t.name}': no counterpart in our ViT`);
    return { name: mapped.name, dtype: 'F32', ...convert(t, mapped.kind, false, patchSize) };
  });
}

export const TIMM_CONFIG_KEY = 'pose_studio.timm_config';

/** A timm-loadable safetensors file: format 'pt' and the VisionTransformer kwargs in metadata. */
export function timmSafetensors(params: readonly NamedTensor[], options: TimmOptions): Uint8Array {
  const { tensors, config } = toTimm(params, options);
  return encodeSafetensors(tensors, { format: 'pt', [TIMM_CONFIG_KEY]: JSON.stringify(config) });
}
