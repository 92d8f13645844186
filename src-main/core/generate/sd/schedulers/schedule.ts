/**
 * @file The noise schedule every SD 1.5 scheduler shares (diffusers `schedulers/*`, research note
 * sd-controlnet-onnx.md §2.1): betas, alphas_cumprod (ᾱ), the training sigmas and the timestep
 * spacings, plus the scheduler_config.json keys and their per-class defaults as diffusers'
 * `from_config` applies them. Values are computed the way diffusers computes them (torch float32
 * tensors, numpy float64 index math), so timestep lists match exactly and values to ~1e-7 relative.
 * Runs once per scheduler creation, never per step.
 */

export type BetaSchedule = 'linear' | 'scaled_linear' | 'squaredcos_cap_v2';
export type TimestepSpacing = 'leading' | 'linspace' | 'trailing';
export type PredictionType = 'epsilon' | 'v_prediction' | 'sample';

/** The scheduler_config.json keys the schedulers read (snake_case, as in the file). */
export interface SchedulerConfig {
  num_train_timesteps?: number;
  beta_start?: number;
  beta_end?: number;
  beta_schedule?: string;
  trained_betas?: readonly number[] | null;
  steps_offset?: number;
  set_alpha_to_one?: boolean;
  timestep_spacing?: string;
  prediction_type?: string;
  clip_sample?: boolean;
  clip_sample_range?: number;
  /** LCM only. */
  original_inference_steps?: number;
  /** LCM only. */
  timestep_scaling?: number;
}

/** A config with every key decided. */
export interface ResolvedSchedulerConfig {
  numTrainTimesteps: number;
  betaStart: number;
  betaEnd: number;
  betaSchedule: BetaSchedule;
  trainedBetas: readonly number[] | null;
  stepsOffset: number;
  setAlphaToOne: boolean;
  timestepSpacing: TimestepSpacing;
  predictionType: PredictionType;
  clipSample: boolean;
  clipSampleRange: number;
  originalInferenceSteps: number;
  timestepScaling: number;
}

/**
 * runwayml/stable-diffusion-v1-5 `scheduler/scheduler_config.json` (PNDMScheduler). It has no
 * `timestep_spacing`, so each scheduler class falls back to its own default, as in diffusers.
 */
export const SD15_SCHEDULER_CONFIG: Readonly<SchedulerConfig> = Object.freeze({
  beta_start: 0.00085,
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  num_train_timesteps: 1000,
  steps_offset: 1,
  set_alpha_to_one: false,
  clip_sample: false,
  prediction_type: 'epsilon',
});

const BETA_SCHEDULES: readonly BetaSchedule[] = ['linear', 'scaled_linear', 'squaredcos_cap_v2'];
const SPACINGS: readonly TimestepSpacing[] = ['leading', 'linspace', 'trailing'];
const PREDICTIONS: readonly PredictionType[] = ['epsilon', 'v_prediction', 'sample'];

function oneOf<T extends string>(key: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`scheduler config: ${key} "${value}" is not supported (${allowed.join(', ')})`);
  }
  return value as T;
}

function positiveInt(key: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`scheduler config: ${key} must be >= 1`);
  return value;
}

/**
 * Merges a scheduler_config.json object over a class's defaults: keys present win, keys absent take
 * the class default (diffusers `from_config`), unknown keys are ignored.
 */
export function resolveSchedulerConfig(
  defaults: ResolvedSchedulerConfig,
  config: SchedulerConfig | undefined,
): ResolvedSchedulerConfig {
  const c = config ?? {};
  return {
    numTrainTimesteps: positiveInt(
      'num_train_timesteps',
      c.num_train_timesteps ?? defaults.numTrainTimesteps,
    ),
    betaStart: c.beta_start ?? defaults.betaStart,
    betaEnd: c.beta_end ?? defaults.betaEnd,
    betaSchedule: oneOf('beta_schedule', c.beta_schedule ?? defaults.betaSchedule, BETA_SCHEDULES),
    trainedBetas: c.trained_betas ?? defaults.trainedBetas,
    stepsOffset: c.steps_offset ?? defaults.stepsOffset,
    setAlphaToOne: c.set_alpha_to_one ?? defaults.setAlphaToOne,
    timestepSpacing: oneOf('timestep_spacing', c.timestep_spacing ?? defaults.timestepSpacing, SPACINGS),
    predictionType: oneOf('prediction_type', c.prediction_type ?? defaults.predictionType, PREDICTIONS),
    clipSample: c.clip_sample ?? defaults.clipSample,
    clipSampleRange: c.clip_sample_range ?? defaults.clipSampleRange,
    originalInferenceSteps: positiveInt(
      'original_inference_steps',
      c.original_inference_steps ?? defaults.originalInferenceSteps,
    ),
    timestepScaling: c.timestep_scaling ?? defaults.timestepScaling,
  };
}

/** torch.linspace(start, end, steps, dtype=float32): the CPU kernel fills from both ends. */
export function linspaceFloat32(start: number, end: number, steps: number): Float32Array {
  const out = new Float32Array(steps);
  if (steps === 1) {
    out[0] = start;
    return out;
  }
  const s = Math.fround(start);
  const e = Math.fround(end);
  const step = Math.fround((e - s) / (steps - 1));
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) {
    out[i] =
      i < half
        ? Math.fround(s + Math.fround(step * i))
        : Math.fround(e - Math.fround(step * (steps - i - 1)));
  }
  return out;
}

/** diffusers `betas_for_alpha_bar` with the cosine transform (squaredcos_cap_v2), max beta 0.999. */
function cosineBetas(n: number): Float32Array {
  const alphaBar = (t: number): number => Math.cos(((t + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.min(1 - alphaBar((i + 1) / n) / alphaBar(i / n), 0.999);
  return out;
}

/** The training betas as float32 (scaled_linear: linspace(√b0, √b1, N)², §2.1). */
export function computeBetas(cfg: ResolvedSchedulerConfig): Float32Array {
  const n = cfg.numTrainTimesteps;
  if (cfg.trainedBetas) {
    if (cfg.trainedBetas.length !== n) throw new Error('scheduler config: trained_betas length mismatch');
    return Float32Array.from(cfg.trainedBetas);
  }
  if (cfg.betaSchedule === 'linear') return linspaceFloat32(cfg.betaStart, cfg.betaEnd, n);
  if (cfg.betaSchedule === 'squaredcos_cap_v2') return cosineBetas(n);
  const roots = linspaceFloat32(Math.sqrt(cfg.betaStart), Math.sqrt(cfg.betaEnd), n);
  for (let i = 0; i < n; i++) roots[i] = Math.fround(roots[i]! * roots[i]!);
  return roots;
}

/**
 * ᾱ_t = Π (1 − β_i): torch.cumprod over float32 alphas accumulates in double on CPU and rounds
 * each output to float32; the float32 values are kept (in a Float64Array) for later float64 math.
 */
export function computeAlphasCumprod(betas: Float32Array): Float64Array {
  const out = new Float64Array(betas.length);
  let acc = 1;
  for (let i = 0; i < betas.length; i++) {
    acc *= Math.fround(1 - betas[i]!);
    out[i] = Math.fround(acc);
  }
  return out;
}

/** σ_t = sqrt((1 − ᾱ_t)/ᾱ_t), float32 like the torch expression diffusers evaluates. */
export function computeTrainingSigmas(alphasCumprod: Float64Array): Float64Array {
  const out = new Float64Array(alphasCumprod.length);
  for (let i = 0; i < out.length; i++) {
    const a = alphasCumprod[i]!;
    out[i] = Math.fround(Math.sqrt(Math.fround(Math.fround(1 - a) / a)));
  }
  return out;
}

/** np.interp(x, arange(len(fp)), fp) for x inside [0, len − 1] (clamped outside, as numpy does). */
export function interpAtTimestep(fp: Float64Array, x: number): number {
  const last = fp.length - 1;
  if (x <= 0) return fp[0]!;
  if (x >= last) return fp[last]!;
  const j = Math.floor(x);
  const slope = fp[j + 1]! - fp[j]!;
  return slope * (x - j) + fp[j]!;
}

/** numpy's round(): half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** np.linspace(start, stop, num, endpoint): i·step + start, the last value exactly `stop`. */
export function numpyLinspace(start: number, stop: number, num: number, endpoint = true): number[] {
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : NaN;
  const out: number[] = [];
  for (let i = 0; i < num; i++) out.push(div > 0 ? i * step + start : start);
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}

/**
 * Inference timesteps, descending (§2.2/§2.3). `fractional` keeps linspace values as float32
 * (Euler) instead of rounding them half-to-even to integers (DDIM).
 */
export function spacedTimesteps(
  spacing: TimestepSpacing,
  steps: number,
  numTrainTimesteps: number,
  stepsOffset: number,
  fractional = false,
): number[] {
  positiveInt('steps', steps);
  if (steps > numTrainTimesteps) throw new Error(`steps ${steps} exceed num_train_timesteps`);
  if (spacing === 'linspace') {
    const values = numpyLinspace(0, numTrainTimesteps - 1, steps);
    return values.map((v) => (fractional ? Math.fround(v) : roundHalfEven(v))).reverse();
  }
  if (spacing === 'leading') {
    const ratio = Math.floor(numTrainTimesteps / steps);
    const out: number[] = [];
    for (let i = steps - 1; i >= 0; i--) out.push(i * ratio + stepsOffset);
    return out;
  }
  // trailing: np.round(np.arange(N, 0, -N/steps)) - 1. numpy's arange yields steps + 1 values for
  // some counts (61, 103, ...: float rounding in ceil(N / ratio)), the extra one being -1; keep `steps`.
  const ratio = numTrainTimesteps / steps;
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push(roundHalfEven(numTrainTimesteps + i * -ratio) - 1);
  return out;
}

/**
 * §2.5 img2img: keep the last `min(int(n·s), n)` timesteps of `n`; returns the first index kept.
 * strength 1 keeps all.
 */
export function strengthStartIndex(steps: number, strength: number): number {
  if (!(strength > 0 && strength <= 1)) throw new Error('strength must be in (0, 1]');
  const init = Math.min(Math.floor(steps * strength), steps);
  return Math.max(steps - init, 0);
}

/** What every scheduler precomputes from its config. */
export interface NoiseSchedule {
  betas: Float32Array;
  alphasCumprod: Float64Array;
}

export function buildNoiseSchedule(cfg: ResolvedSchedulerConfig): NoiseSchedule {
  const betas = computeBetas(cfg);
  return { betas, alphasCumprod: computeAlphasCumprod(betas) };
}
