/**
 * @file The five tiny SD graphs with each exporter's exact IO names, dtypes and ranks. They compute
 * something cheap, deterministic and shape-correct in which every input matters, so a feed wired to
 * the wrong input (or a residual to the wrong index) changes the result:
 * - text encoder: last_hidden_state = tanh(ids * 0.01 * w + b), pooler_output = its mean over tokens;
 * - ControlNet: x = conv(sample) + conv(pool8(controlnet_cond)) + f(timestep) + g(text); residual i =
 *   conv_i(pool_{2^k}(x)) [* conditioning_scale];
 * - UNet: out_sample = conv(sample) + f(timestep) + g(text) + sum_i c_i * upsample(channel-mean(res_i)),
 *   with a distinct c_i per residual index, plus (LCM) a projection of timestep_cond [B, n];
 * - VAE decoder: tanh(upsample8(conv(latent))); VAE encoder: conv(pool8(image)).
 */
import { GraphBuilder } from './builder';
import type { GraphSpec, IoDtype } from './onnxWriter';
import {
  controlnetOutputName,
  residualPlan,
  timestepIo,
  unetResidualName,
  type FixtureConfig,
  type ResidualSlot,
} from './options';

const SEQUENCE = 77;

interface Dims {
  float: IoDtype;
  batch: string;
  /** Latent spatial dim at level k (numeric or symbolic). */
  latent(k: number, axis: 'h' | 'w'): number | string;
  image(axis: 'h' | 'w'): number | string;
  sequence: number | string;
}

function dimsOf(cfg: FixtureConfig): Dims {
  const stat = cfg.staticSpatial;
  return {
    float: cfg.precision,
    batch: cfg.batchDim,
    latent: (k, axis) => (stat ? cfg.latentSize >> k : k === 0 ? `${axis}_latent` : `${axis}_latent_${k}`),
    image: (axis) => (stat ? cfg.latentSize * 8 : `${axis}_image`),
    sequence: cfg.layout === 'onnxstack' ? SEQUENCE : 'sequence_length',
  };
}

/** f(timestep): reshaped to [T,1,1,1] (T = 1 for a scalar) and scaled. */
function timeTerm(g: GraphBuilder, t: string): string {
  return g.op('Mul', [g.op('Reshape', [t, g.ints([-1, 1, 1, 1])]), g.scalar(0.01)]);
}

/** g(text): [B,S,H] x [H,C] -> mean over tokens -> [B,C,1,1]. */
function textTerm(g: GraphBuilder, ehs: string, hidden: number, channels: number): string {
  const projected = g.op('MatMul', [ehs, g.weight([hidden, channels])]);
  const mean = g.op('ReduceMean', [projected], { axes: [1], keepdims: 1 });
  return g.op('Unsqueeze', [g.op('Transpose', [mean], { perm: [0, 2, 1] }), g.ints([3])]);
}

/** LCM's timestep_cond [B, n] projected to [B, 4, 1, 1] (diffusers adds it to the time embedding). */
function timestepCondTerm(g: GraphBuilder, d: Dims, n: number): string {
  const cond = g.input({ name: 'timestep_cond', dtype: d.float, dims: [d.batch, n] });
  // Scaled so the embedding (sin/cos of guidance·1000·freq) moves the output without swamping it.
  const projected = g.op('MatMul', [cond, g.weight([n, 4], 1 / Math.sqrt(n))]);
  return g.op('Unsqueeze', [projected, g.ints([2, 3])]);
}

/** sample, timestep and encoder_hidden_states, shared by the UNet and the ControlNet. */
function denoiserInputs(g: GraphBuilder, cfg: FixtureConfig, d: Dims) {
  const sample = g.input({
    name: 'sample',
    dtype: d.float,
    dims: [d.batch, 4, d.latent(0, 'h'), d.latent(0, 'w')],
  });
  const timestep = g.input({ name: 'timestep', ...timestepIo(cfg.timestep) });
  const ehs = g.input({
    name: 'encoder_hidden_states',
    dtype: d.float,
    dims: [d.batch, d.sequence, cfg.hiddenSize],
  });
  return { sample, timestep, ehs };
}

export function textEncoderGraph(cfg: FixtureConfig): GraphSpec {
  const g = new GraphBuilder(cfg.seed * 100 + 1);
  const d = dimsOf(cfg);
  const hidden = cfg.broken === 'hidden-size' ? cfg.hiddenSize + 8 : cfg.hiddenSize;
  const idsDtype = cfg.broken === 'input-dtype' ? 'float32' : cfg.inputIds;
  const ids = g.input({ name: 'input_ids', dtype: idsDtype, dims: [d.batch, d.sequence] });
  const column = g.op('Mul', [g.op('Unsqueeze', [ids, g.ints([2])]), g.scalar(0.01)]);
  const h = g.op('Tanh', [g.op('Add', [g.op('Mul', [column, g.weight([hidden])]), g.weight([hidden])])]);
  g.output(h, { name: 'last_hidden_state', dtype: d.float, dims: [d.batch, d.sequence, hidden] });
  const pooled = g.op('ReduceMean', [h], { axes: [1], keepdims: 0 });
  g.output(pooled, { name: 'pooler_output', dtype: d.float, dims: [d.batch, hidden] });
  return g.spec();
}

/** The UNet; with `residuals` it is the ControlNet-aware one (inputs after the first three). */
export function unetGraph(cfg: FixtureConfig, residuals: boolean): GraphSpec {
  const g = new GraphBuilder(cfg.seed * 100 + 2);
  const d = dimsOf(cfg);
  const { sample, timestep, ehs } = denoiserInputs(g, cfg, d);
  let x = g.conv1x1(sample, 4, 4);
  x = g.op('Add', [x, timeTerm(g, timestep)]);
  x = g.op('Add', [x, textTerm(g, ehs, cfg.hiddenSize, 4)]);
  if (cfg.timestepCond !== false) x = g.op('Add', [x, timestepCondTerm(g, d, cfg.timestepCond)]);
  if (residuals) {
    const slots = residualPlan(cfg.blockChannels).map((s) => ({
      ...s,
      name: unetResidualName(cfg.layout, s.index),
    }));
    if (cfg.residualInputOrder === 'lexicographic') slots.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const slot of slots) {
      const channels =
        cfg.broken === 'residual-shape' && slot.index === 4 ? slot.channels + 1 : slot.channels;
      const r = g.input({
        name: slot.name,
        dtype: d.float,
        dims: [d.batch, channels, d.latent(slot.level, 'h'), d.latent(slot.level, 'w')],
      });
      const mean = g.op('ReduceMean', [r], { axes: [1], keepdims: 1 });
      const up = g.upsample(mean, 2 ** slot.level);
      x = g.op('Add', [x, g.op('Mul', [up, g.scalar(0.05 * (slot.index + 1))])]);
    }
  }
  if (cfg.broken === 'contrib-op') {
    // com.microsoft GroupNorm is NHWC with gamma/beta; ORT has CUDA/DML kernels only.
    const nhwc = g.op('Transpose', [x], { perm: [0, 2, 3, 1] });
    const normed = g.op(
      'GroupNorm',
      [nhwc, g.weight([4]), g.weight([4])],
      { epsilon: { float: 1e-5 }, groups: 2, activation: 0 },
      'com.microsoft',
    );
    x = g.op('Transpose', [normed], { perm: [0, 3, 1, 2] });
  }
  g.output(x, { name: 'out_sample', dtype: d.float, dims: [d.batch, 4, d.latent(0, 'h'), d.latent(0, 'w')] });
  return g.spec();
}

function controlnetScale(g: GraphBuilder, cfg: FixtureConfig): string | null {
  if (cfg.conditioningScale === false) return null;
  if (cfg.conditioningScale === 'float64')
    return g.input({ name: 'conditioning_scale', dtype: 'float64', dims: [1] });
  return g.input({ name: 'conditioning_scale', dtype: 'float32', dims: [] });
}

export function controlnetGraph(cfg: FixtureConfig): GraphSpec {
  const g = new GraphBuilder(cfg.seed * 100 + 3);
  const d = dimsOf(cfg);
  const [c0] = cfg.blockChannels;
  const { sample, timestep, ehs } = denoiserInputs(g, cfg, d);
  const condChannels = cfg.broken === 'cond-channels' ? 4 : 3;
  const cond = g.input({
    name: 'controlnet_cond',
    dtype: d.float,
    dims: [d.batch, condChannels, d.image('h'), d.image('w')],
  });
  const scale = controlnetScale(g, cfg);
  let x = g.conv1x1(sample, 4, c0);
  x = g.op('Add', [x, g.conv1x1(g.pool(cond, 8), condChannels, c0)]);
  x = g.op('Add', [x, timeTerm(g, timestep)]);
  x = g.op('Add', [x, textTerm(g, ehs, cfg.hiddenSize, c0)]);
  const pooled = new Map<number, string>();
  const emit = (slot: ResidualSlot) => {
    if (!pooled.has(slot.level)) pooled.set(slot.level, g.pool(x, 2 ** slot.level));
    let r = g.conv1x1(pooled.get(slot.level)!, c0, slot.channels);
    if (scale) r = g.op('Mul', [r, scale]);
    g.output(r, {
      name: controlnetOutputName(cfg.layout, slot.index),
      dtype: d.float,
      dims: [d.batch, slot.channels, d.latent(slot.level, 'h'), d.latent(slot.level, 'w')],
    });
  };
  for (const slot of residualPlan(cfg.blockChannels))
    if (!(cfg.broken === 'residual-count' && slot.index === 11)) emit(slot);
  return g.spec();
}

export function vaeDecoderGraph(cfg: FixtureConfig): GraphSpec {
  const g = new GraphBuilder(cfg.seed * 100 + 4);
  const d = dimsOf(cfg);
  const latent = g.input({
    name: 'latent_sample',
    dtype: d.float,
    dims: [d.batch, 4, d.latent(0, 'h'), d.latent(0, 'w')],
  });
  const image = g.op('Tanh', [g.upsample(g.conv1x1(latent, 4, 3), 8)]);
  g.output(image, { name: 'sample', dtype: d.float, dims: [d.batch, 3, d.image('h'), d.image('w')] });
  return g.spec();
}

export function vaeEncoderGraph(
  cfg: FixtureConfig,
  output: 'latent_parameters' | 'latent_sample',
): GraphSpec {
  const g = new GraphBuilder(cfg.seed * 100 + 5);
  const d = dimsOf(cfg);
  const image = g.input({ name: 'sample', dtype: d.float, dims: [d.batch, 3, d.image('h'), d.image('w')] });
  const channels = output === 'latent_parameters' ? 8 : 4;
  const latent = g.conv1x1(g.pool(image, 8), 3, channels);
  g.output(latent, {
    name: output,
    dtype: d.float,
    dims: [d.batch, channels, d.latent(0, 'h'), d.latent(0, 'w')],
  });
  return g.spec();
}
