/**
 * @file Options of the tiny SD + ControlNet fixture folders and their per-layout defaults, which
 * mirror the exporters of research/sd-controlnet-onnx.md §1: tensor names, IO dtypes, timestep
 * kind, external-data file name, where the ControlNet lives. Also the residual plan (§1.4: conv_in
 * + 3 + 3 + 3 + 2 down residuals, then mid), scaled down to a few channels.
 */
import type { IoDtype } from './onnxWriter';

export type FixtureLayout = 'optimum' | 'diffusers-onnx' | 'onnxstack';

/** float32-scalar: Optimum >= 1.24; int64-batch: old Optimum / diffusers script; float16-batch: Axodox. */
export type TimestepKind = 'float32-scalar' | 'int64-batch' | 'float32-batch' | 'float16-batch';

export type BrokenVariant =
  /** vae_decoder/model.onnx is missing. */
  | 'missing-file'
  /** The UNet's external weights file is missing. */
  | 'missing-external-data'
  /** tokenizer/merges.txt is missing. */
  | 'missing-merges'
  /** The ControlNet emits 11 down residuals + mid (down 11 dropped). */
  | 'residual-count'
  /** The UNet's residual input 4 declares one channel more than the ControlNet's output 4. */
  | 'residual-shape'
  /** The text encoder's hidden size is 8 more than the UNet's/ControlNet's. */
  | 'hidden-size'
  /** The text encoder's input_ids is float32. */
  | 'input-dtype'
  /** The UNet uses com.microsoft GroupNorm, which has no CPU kernel. */
  | 'contrib-op'
  /** A plain UNet without ControlNet residual inputs. */
  | 'no-residual-inputs'
  /** controlnet_cond has 4 channels. */
  | 'cond-channels';

export interface SdFixtureOptions {
  layout: FixtureLayout;
  /** Latent height = width (a multiple of 8); the image is 8x that. Default 8. */
  latentSize?: number;
  /** Text hidden size (768 in SD 1.5). Default 16. */
  hiddenSize?: number;
  /** Channels of the four down blocks (320/640/1280/1280 in SD 1.5). Default [4, 6, 8, 8]. */
  blockChannels?: readonly [number, number, number, number];
  /** Float IO dtype of every graph. Default float32. */
  precision?: 'float32' | 'float16';
  inputIds?: 'int32' | 'int64';
  timestep?: TimestepKind;
  /** VAE encoder output, or false for no vae_encoder. */
  vaeEncoder?: 'latent_parameters' | 'latent_sample' | false;
  /** ControlNet scale input, or false for none (then the caller scales residuals). */
  conditioningScale?: 'float64' | 'float32-scalar' | false;
  /** Numeric spatial dims everywhere (so the h/2^k rule can be checked), instead of symbolic ones. */
  staticSpatial?: boolean;
  /** Declare the UNet's residual inputs in string order (down_block_0, _1, _10, _11, _2, ...). */
  residualInputOrder?: 'natural' | 'lexicographic';
  /** Where the ControlNet graph goes, relative to the folder (may start with ../). */
  controlnetAt?: string;
  /** vae_decoder/config.json scaling_factor; null writes no key. Default 0.18215. */
  vaeScalingFactor?: number | null;
  /**
   * An LCM-distilled UNet (§1.3): the UNet takes `timestep_cond` [batch, n] (the guidance-scale
   * embedding, n = time_cond_proj_dim, 256 in LCM_Dreamshaper_v7) and unet/config.json (Optimum)
   * says `time_cond_proj_dim: n`. Default false.
   */
  timestepCond?: number | false;
  broken?: BrokenVariant;
  seed?: number;
}

export type FixtureConfig = Required<Omit<SdFixtureOptions, 'broken'>> & {
  broken: BrokenVariant | null;
  batchDim: string;
  /** External weights file of the UNet graph(s), relative to the graph. */
  externalFile: string;
  /** The ControlNet-aware UNet's path (OnnxStack: controlnet/model.onnx). */
  unetAt: string;
};

export function resolveOptions(o: SdFixtureOptions): FixtureConfig {
  const base = {
    latentSize: o.latentSize ?? 8,
    hiddenSize: o.hiddenSize ?? 16,
    blockChannels: o.blockChannels ?? ([4, 6, 8, 8] as const),
    precision: o.precision ?? 'float32',
    staticSpatial: o.staticSpatial ?? false,
    residualInputOrder: o.residualInputOrder ?? 'natural',
    vaeScalingFactor: o.vaeScalingFactor === undefined ? 0.18215 : o.vaeScalingFactor,
    timestepCond: o.timestepCond ?? false,
    broken: o.broken ?? null,
    seed: o.seed ?? 1,
    layout: o.layout,
  };
  if (base.latentSize % 8 !== 0) throw new Error('latentSize must be a multiple of 8');
  if (base.timestepCond !== false && !(Number.isInteger(base.timestepCond) && base.timestepCond >= 4))
    throw new Error('timestepCond must be an integer >= 4 (the guidance embedding size) or false');
  const fp16 = base.precision === 'float16';
  if (o.layout === 'optimum')
    return {
      ...base,
      inputIds: o.inputIds ?? 'int64',
      timestep: o.timestep ?? 'float32-scalar',
      vaeEncoder: o.vaeEncoder ?? 'latent_parameters',
      conditioningScale: o.conditioningScale ?? 'float32-scalar',
      controlnetAt: o.controlnetAt ?? 'controlnet/model.onnx',
      batchDim: 'batch_size',
      externalFile: 'model.onnx_data',
      unetAt: 'unet/model.onnx',
    };
  if (o.layout === 'diffusers-onnx')
    return {
      ...base,
      inputIds: o.inputIds ?? 'int32',
      timestep: o.timestep ?? (fp16 ? 'float16-batch' : 'int64-batch'),
      vaeEncoder: o.vaeEncoder ?? 'latent_sample',
      conditioningScale: o.conditioningScale ?? false,
      controlnetAt: o.controlnetAt ?? 'controlnet/model.onnx',
      batchDim: 'batch',
      externalFile: 'weights.pb',
      unetAt: 'unet/model.onnx',
    };
  return {
    ...base,
    inputIds: o.inputIds ?? 'int32',
    timestep: o.timestep ?? (fp16 ? 'float16-batch' : 'float32-batch'),
    vaeEncoder: o.vaeEncoder ?? 'latent_sample',
    conditioningScale: o.conditioningScale ?? 'float64',
    controlnetAt: o.controlnetAt ?? 'controlnet_onnx/controlnet/openpose.onnx',
    batchDim: 'unet_sample_batch',
    externalFile: 'model.onnx.data',
    unetAt: 'controlnet/model.onnx',
  };
}

export interface ResidualSlot {
  /** Position in the ControlNet's outputs: 0..11 down, 12 mid. */
  index: number;
  channels: number;
  /** Spatial level k: the residual is latent / 2^k. */
  level: number;
}

/** The 12 down + 1 mid residuals of §1.4 for the given block channels. */
export function residualPlan(blocks: readonly number[]): ResidualSlot[] {
  const slots: { channels: number; level: number }[] = [{ channels: blocks[0]!, level: 0 }];
  blocks.forEach((channels, level) => {
    slots.push({ channels, level }, { channels, level });
    if (level < blocks.length - 1) slots.push({ channels, level: level + 1 });
  });
  const last = blocks.length - 1;
  slots.push({ channels: blocks[last]!, level: last });
  return slots.map((s, index) => ({ index, ...s }));
}

/** ControlNet output names by position (Amblyopius: two real names, then auto-numbered ones). */
export function controlnetOutputName(layout: FixtureLayout, index: number): string {
  if (layout === 'diffusers-onnx') {
    if (index === 0) return 'down_block_res_samples';
    if (index === 1) return 'mid_block_res_sample';
    return String(2773 + 2 * (index - 2));
  }
  return index === 12 ? 'mid_block_additional_residual' : `down_block_${index}_additional_residual`;
}

/** UNet residual input names by residual position. */
export function unetResidualName(layout: FixtureLayout, index: number): string {
  if (index === 12) return 'mid_block_additional_residual';
  return layout === 'diffusers-onnx' ? `down_block_${index}` : `down_block_${index}_additional_residual`;
}

export function timestepIo(kind: TimestepKind): { dtype: IoDtype; dims: (number | string)[] } {
  if (kind === 'float32-scalar') return { dtype: 'float32', dims: [] };
  if (kind === 'int64-batch') return { dtype: 'int64', dims: ['steps'] };
  if (kind === 'float32-batch') return { dtype: 'float32', dims: ['steps'] };
  return { dtype: 'float16', dims: [1] };
}
