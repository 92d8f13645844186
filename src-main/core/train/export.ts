/**
 * @file Encoder export: a trained flat `theta` becomes named tensors (paramsFromFlat), a
 * standalone ONNX inference model of the ViT encoder with a symbolic batch (buildEncoderOnnx),
 * or a timm-loadable safetensors file (encoderTimmSafetensors). Projection heads (`heads.*`)
 * belong to training only and are left out of both files.
 *
 * Why the symbolic batch is done by rewriting: the graph builder is static-shape on purpose (the
 * backward pass decides its broadcast reductions at build time), and vitForward bakes the batch
 * into two kinds of int64 constants only: Reshape targets ([B, ...]) and the Expand target that
 * broadcasts [CLS]/[POSE] to [B, 1, D]. Rather than teach every op about unknown dimensions, the
 * export builds the exact training forward pass with a placeholder batch far above any real
 * dimension, then rewrites the model data: Reshape targets get -1 for dim 0 (correct whatever
 * the input layout, since every other dim is explicit), Expand targets become
 * Concat(Shape(images)[0:1], rest), and the input/output dims become dim_param "batch". A final
 * scan refuses the model if any int64 constant still carries the placeholder (or a multiple of
 * it), so a future batch-dependent constant in vit.ts fails loudly here instead of exporting a
 * model that only runs at one batch size. The math is therefore the training graph's own.
 */
import { type ModelData, type NodeData, type TensorData, encodeModel, rawBytes } from '../onnx/proto';
import { concatBytes } from '../shared/bytes';
import { type Float16Initializer, float16GraphFragment, float16Weight } from './exportFp16';
import { Graph } from './graph';
import type { Tensor } from './graph';
import { type NamedTensor, encodeSafetensors } from './safetensors';
import { numel } from './shape';
import type { ParamLayout } from './step';
import { TIMM_CONFIG_KEY, toTimm } from './timmNames';
import { type VitConfig, patchDim, tokenCount, vitForward, vitParams } from './vit';

/** Metadata key (ONNX metadata_props and safetensors __metadata__) holding the VitConfig JSON. */
export const VIT_CONFIG_KEY = 'pose_studio.vit_config';

/** Named float32 tensors of the encoder (and heads) from a flat theta and its layout. */
export function paramsFromFlat(layout: ParamLayout, theta: Float32Array | Float64Array): NamedTensor[] {
  if (theta.length !== layout.total)
    throw new Error(`paramsFromFlat: theta has ${theta.length} values, the layout needs ${layout.total}`);
  return layout.entries.map((e) => {
    const view = theta.subarray(e.offset, e.offset + e.size);
    return { name: e.name, dtype: 'F32', shape: [...e.shape], data: Float32Array.from(view) };
  });
}

/**
 * The encoder's parameters in vitParams order, checked against the config: every one present,
 * float, with the expected shape. Anything else (`heads.*`) is dropped.
 */
function encoderParams(config: VitConfig, params: readonly NamedTensor[]): NamedTensor[] {
  const byName = new Map<string, NamedTensor>();
  for (const t of params) {
    if (byName.has(t.name)) throw new Error(`export: duplicate parameter ${t.name}`);
    byName.set(t.name, t);
  }
  // vitParams draws initial values too; at export time that is a one-off cost of milliseconds.
  return vitParams(config).specs.map((spec) => {
    const t = byName.get(spec.name);
    const want = `[${spec.shape.join(',')}]`;
    if (!t) throw new Error(`export: missing parameter ${spec.name} ${want}`);
    if (t.shape.length !== spec.shape.length || t.shape.some((d, i) => d !== spec.shape[i]))
      throw new Error(`export: parameter ${spec.name} has shape [${t.shape.join(',')}], expected ${want}`);
    if (
      !(t.data instanceof Float32Array || t.data instanceof Float64Array) ||
      t.data.length !== numel(t.shape)
    )
      throw new Error(`export: parameter ${spec.name} must hold ${numel(t.shape)} F32/F64 values`);
    const data = t.data instanceof Float32Array ? t.data : Float32Array.from(t.data);
    return { name: spec.name, dtype: 'F32', shape: [...spec.shape], data };
  });
}

export interface EncoderExportOptions {
  weights?: 'float32' | 'float16';
  opset?: number;
}

export const BATCH_DIM = 'batch';

/** Far above any real dimension, so a constant holding it (or a multiple) is batch-dependent. */
const PLACEHOLDER = 1_000_003;

function configBound(c: VitConfig): number {
  return Math.max(...c.imageSize, c.channels, 3 * c.dim, c.mlpDim, patchDim(c), tokenCount(c));
}

const int64Values = (t: TensorData): bigint[] =>
  Array.from(new BigInt64Array(t.raw.slice().buffer, 0, t.raw.byteLength / 8));

/** Rewrites the batch-carrying int64 inputs of Reshape and Expand nodes (see the file header). */
function rewriteBatchConstants(model: ModelData, images: string): { nodes: NodeData[]; added: TensorData[] } {
  const init = new Map(model.initializers.map((t) => [t.name, t]));
  const added: TensorData[] = [];
  const nodes: NodeData[] = [];
  const rewritten = new Map<string, string>();
  const constant = (name: string, values: readonly number[]): string => {
    added.push({ name, dtype: 'int64', dims: [values.length], raw: rawBytes('int64', values) });
    return name;
  };
  // Shape(images)[0:1]: the batch as a 1-element int64 vector, built once, before its users.
  const batch = 'export.batch';
  nodes.push({ opType: 'Shape', inputs: [images], outputs: ['export.images_shape'] });
  const sliceArgs = [
    constant('export.zero', [0]),
    constant('export.one', [1]),
    constant('export.axis0', [0]),
  ];
  nodes.push({ opType: 'Slice', inputs: ['export.images_shape', ...sliceArgs], outputs: [batch] });
  for (const node of model.nodes) {
    const target = node.inputs[1];
    const t =
      (node.opType === 'Reshape' || node.opType === 'Expand') && target ? init.get(target) : undefined;
    const values = t?.dtype === 'int64' ? int64Values(t).map(Number) : [];
    if (!t || values[0] !== PLACEHOLDER) {
      nodes.push(node);
      continue;
    }
    // Small constants are shared between nodes (Graph caches them), so rewrite each one once.
    const key = `${node.opType}:${t.name}`;
    let replaced = rewritten.get(key);
    if (replaced === undefined) {
      replaced = `${t.name}.${node.opType === 'Reshape' ? 'flex' : 'dyn'}`;
      if (node.opType === 'Reshape') constant(replaced, [-1, ...values.slice(1)]);
      else {
        const rest = constant(`${t.name}.rest`, values.slice(1));
        nodes.push({ opType: 'Concat', inputs: [batch, rest], outputs: [replaced], attrs: { axis: 0 } });
      }
      rewritten.set(key, replaced);
    }
    nodes.push({ ...node, inputs: [node.inputs[0] ?? '', replaced, ...node.inputs.slice(2)] });
  }
  return { nodes, added };
}

/** Keeps the initializers the nodes use and refuses any int64 one that still depends on the batch. */
function liveInitializers(nodes: readonly NodeData[], initializers: readonly TensorData[]): TensorData[] {
  const used = new Set(nodes.flatMap((n) => n.inputs));
  const live = initializers.filter((t) => used.has(t.name));
  for (const t of live)
    if (t.dtype === 'int64' && int64Values(t).some((v) => v >= BigInt(PLACEHOLDER)))
      throw new Error(`export: constant ${t.name} depends on the batch size; cannot make it symbolic`);
  return live;
}

function symbolicDims(dims: readonly (number | string)[], what: string): (number | string)[] {
  return dims.map((d, i) => {
    if (typeof d === 'number' && d >= PLACEHOLDER) {
      if (i !== 0 || d !== PLACEHOLDER) throw new Error(`export: ${what} has a batch-dependent dim ${i}`);
      return BATCH_DIM;
    }
    return d;
  });
}

/** The forward pass at the placeholder batch; params are graph inputs named like the params. */
function forwardModel(config: VitConfig, params: readonly NamedTensor[], opset: number): ModelData {
  const g = new Graph({ opset });
  const [h, w] = config.imageSize;
  const images = g.input('images', [PLACEHOLDER, config.channels, h, w]);
  const inputs: Record<string, Tensor> = {};
  for (const p of params) inputs[p.name] = g.input(p.name, p.shape);
  const out = vitForward(g, inputs, images, config);
  g.output(out.cls, 'cls');
  if (out.pose) g.output(out.pose, 'pose');
  g.output(out.tokens, 'tokens');
  return g.toModel();
}

/** The parameters as float32 initializers, or as float16 ones plus a Cast each back to float32. */
function weightInitializers(
  tensors: readonly NamedTensor[],
  weights: 'float32' | 'float16',
): { float32: TensorData[]; float16: Float16Initializer[]; casts: NodeData[] } {
  if (weights === 'float32') {
    const float32 = tensors.map((t): TensorData => ({
      name: t.name,
      dtype: 'float32',
      dims: t.shape,
      raw: rawBytes('float32', t.data),
    }));
    return { float32, float16: [], casts: [] };
  }
  const converted = tensors.map((t) => float16Weight(t.name, t.shape, t.data as Float32Array));
  return { float32: [], float16: converted.map((c) => c.initializer), casts: converted.map((c) => c.cast) };
}

/**
 * A standalone inference model of the encoder: input `images` float32 [batch, C, H, W] with a
 * symbolic batch dimension ("batch"); outputs `cls` [batch, D], `pose` [batch, D] (only when
 * config.poseToken), `tokens` [batch, T, D] (all final-normed tokens, [CLS, POSE, patches]).
 * Heads (`heads.*`) are not part of it. With weights 'float16' the initializers are stored as
 * float16 and Cast to float32 in the graph (compute stays fp32, file ~half size).
 */
export function buildEncoderOnnx(
  config: VitConfig,
  params: readonly NamedTensor[],
  options: EncoderExportOptions = {},
): Uint8Array {
  const weights = options.weights ?? 'float32';
  const tensors = encoderParams(config, params);
  if (configBound(config) >= PLACEHOLDER) throw new Error('export: the model is too wide to export');
  const model = forwardModel(config, tensors, options.opset ?? 17);
  const { nodes, added } = rewriteBatchConstants(model, 'images');
  const paramNames = new Set(tensors.map((t) => t.name));
  const { float32, float16, casts } = weightInitializers(tensors, weights);
  const allNodes = [...casts, ...nodes];
  const encoded = encodeModel({
    ...model,
    graphName: 'pose_studio_encoder',
    nodes: allNodes,
    initializers: [...float32, ...liveInitializers(allNodes, [...model.initializers, ...added])],
    inputs: model.inputs
      .filter((v) => !paramNames.has(v.name))
      .map((v) => ({ ...v, dims: symbolicDims(v.dims, v.name) })),
    outputs: model.outputs.map((v) => ({ ...v, dims: symbolicDims(v.dims, v.name) })),
    metadata: { [VIT_CONFIG_KEY]: JSON.stringify(config), 'pose_studio.weights': weights },
  });
  if (float16.length === 0) return encoded;
  return concatBytes([encoded, float16GraphFragment(float16)]);
}

/**
 * timm-style safetensors of the encoder: timmNames' layouts and names (cls_token, reg_token,
 * pos_embed [1, T, D], patch_embed.proj.weight [D, C, P, P], ...), format 'pt', and in the
 * metadata both timm's VisionTransformer kwargs (TIMM_CONFIG_KEY) and our VitConfig.
 */
export function encoderTimmSafetensors(config: VitConfig, params: readonly NamedTensor[]): Uint8Array {
  const tensors = encoderParams(config, params);
  const [h, w] = config.imageSize;
  const timm = toTimm(tensors, { patchSize: config.patchSize, numHeads: config.heads, imageSize: [h, w] });
  if (timm.skipped.length > 0) throw new Error(`export: no timm name for ${timm.skipped.join(', ')}`);
  return encodeSafetensors(timm.tensors, {
    format: 'pt',
    [TIMM_CONFIG_KEY]: JSON.stringify(timm.config),
    [VIT_CONFIG_KEY]: JSON.stringify(config),
  });
}
