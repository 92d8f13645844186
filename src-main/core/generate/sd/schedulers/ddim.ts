/**
 * @file DDIM (diffusers DDIMScheduler, research note §2.2). Deterministic with eta = 0 (the
 * default): each step is x_prev = A·x + B·m with per-step coefficients computed once here, so the
 * hot loop is one multiply-add per element. Supports epsilon, v_prediction and sample outputs,
 * clip_sample, eta > 0 and the three timestep spacings. Like diffusers, the previous timestep is
 * always t − N//steps (even for linspace/trailing spacing, where that differs from the next listed
 * timestep), and steps past t = 0 use final_alpha_cumprod (ᾱ[0] = 0.99915 for SD 1.5, whose config
 * sets set_alpha_to_one false).
 */
import {
  buildNoiseSchedule,
  resolveSchedulerConfig,
  SD15_SCHEDULER_CONFIG,
  spacedTimesteps,
  strengthStartIndex,
  type ResolvedSchedulerConfig,
  type SchedulerConfig,
  type TimestepSpacing,
} from './schedule';
import {
  alphaAddNoise,
  checkStep,
  combine2,
  combine3,
  identityScaleModelInput,
  linearPrediction,
  outBuffer,
  scratch,
  type Scheduler,
} from './types';

export interface DdimOptions {
  steps: number;
  /** scheduler_config.json contents; omitted: SD15_SCHEDULER_CONFIG. Missing keys: DDIM defaults. */
  config?: SchedulerConfig;
  /** Overrides the config's timestep_spacing. */
  timestepSpacing?: TimestepSpacing;
  /** img2img strength in (0, 1]: the run starts at step n − int(n·strength). */
  strength?: number;
  /** Stochasticity; 0 (default) is plain DDIM. */
  eta?: number;
}

/** DDIMScheduler's constructor defaults (used for keys a config lacks). */
export const DDIM_DEFAULTS: Readonly<ResolvedSchedulerConfig> = Object.freeze({
  numTrainTimesteps: 1000,
  betaStart: 0.0001,
  betaEnd: 0.02,
  betaSchedule: 'linear',
  trainedBetas: null,
  stepsOffset: 0,
  setAlphaToOne: true,
  timestepSpacing: 'leading',
  predictionType: 'epsilon',
  clipSample: true,
  clipSampleRange: 1,
  originalInferenceSteps: 50,
  timestepScaling: 10,
});

/** The per-step coefficients: x_prev = a·x + b·m + c·z (z only when c > 0). */
export interface DdimCoefficients {
  timestep: number;
  prevTimestep: number;
  alphaProd: number;
  alphaProdPrev: number;
  a: number;
  b: number;
  c: number;
  /** x̂0 = x0x·x + x0m·m (before clipping). */
  x0x: number;
  x0m: number;
  /** ε = ex·x + em·m, and x_prev = sqrt(ᾱ_prev)·clip(x̂0) + dir·ε + c·z when clipping. */
  ex: number;
  em: number;
  dir: number;
}

function coefficients(
  cfg: ResolvedSchedulerConfig,
  alphasCumprod: Float64Array,
  t: number,
  prevT: number,
  eta: number,
): DdimCoefficients {
  const finalAlpha = cfg.setAlphaToOne ? 1 : alphasCumprod[0]!;
  const alphaProd = alphasCumprod[t]!;
  const alphaProdPrev = prevT >= 0 ? alphasCumprod[prevT]! : finalAlpha;
  const variance = ((1 - alphaProdPrev) / (1 - alphaProd)) * (1 - alphaProd / alphaProdPrev);
  const std = eta * Math.sqrt(variance);
  const p = linearPrediction(cfg.predictionType, Math.sqrt(alphaProd), Math.sqrt(1 - alphaProd));
  const sqrtPrev = Math.sqrt(alphaProdPrev);
  const dir = Math.sqrt(Math.max(1 - alphaProdPrev - std * std, 0));
  return {
    timestep: t,
    prevTimestep: prevT,
    alphaProd,
    alphaProdPrev,
    a: sqrtPrev * p.x0x + dir * p.ex,
    b: sqrtPrev * p.x0m + dir * p.em,
    c: std,
    ...p,
    dir,
  };
}

/** The clip_sample path: x̂0 is clamped before it is recombined, so it needs its own loop. */
function clippedStep(
  k: DdimCoefficients,
  range: number,
  m: Float32Array,
  x: Float32Array,
  z: Float32Array | null,
  out: Float32Array,
  denoisedOut: Float32Array | undefined,
): void {
  const sqrtPrev = Math.sqrt(k.alphaProdPrev);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const mi = m[i]!;
    const x0 = Math.min(Math.max(k.x0x * xi + k.x0m * mi, -range), range);
    if (denoisedOut) denoisedOut[i] = x0;
    out[i] = sqrtPrev * x0 + k.dir * (k.ex * xi + k.em * mi) + (z ? k.c * z[i]! : 0);
  }
}

export interface DdimScheduler extends Scheduler {
  /** The precomputed update of each step (exposed for tests and diagnostics). */
  readonly coefficients: readonly DdimCoefficients[];
}

export function createDdimScheduler(options: DdimOptions): DdimScheduler {
  const cfg = resolveSchedulerConfig(DDIM_DEFAULTS, options.config ?? SD15_SCHEDULER_CONFIG);
  const eta = options.eta ?? 0;
  if (!(eta >= 0)) throw new Error('eta must be >= 0');
  const { alphasCumprod } = buildNoiseSchedule(cfg);
  const spacing = options.timestepSpacing ?? cfg.timestepSpacing;
  const all = spacedTimesteps(spacing, options.steps, cfg.numTrainTimesteps, cfg.stepsOffset);
  if (all.some((t) => t < 0 || t >= cfg.numTrainTimesteps)) {
    throw new Error(`DDIM timesteps leave 0..${cfg.numTrainTimesteps - 1} (steps_offset too large?)`);
  }
  const ratio = Math.floor(cfg.numTrainTimesteps / options.steps);
  const timesteps = all.slice(strengthStartIndex(options.steps, options.strength ?? 1));
  const coeffs = timesteps.map((t) => coefficients(cfg, alphasCumprod, t, t - ratio, eta));
  const noiseBuf = { buf: new Float32Array(0) };

  const step: Scheduler['step'] = (m, stepIndex, x, noise, out, denoisedOut) => {
    checkStep(stepIndex, timesteps.length);
    const k = coeffs[stepIndex]!;
    const target = outBuffer(x.length, out);
    let z: Float32Array | null = null;
    if (k.c > 0) {
      z = scratch(noiseBuf, x.length);
      noise.fill(z);
    }
    if (cfg.clipSample) {
      clippedStep(k, cfg.clipSampleRange, m, x, z, target, denoisedOut);
      return target;
    }
    if (denoisedOut) combine2(k.x0x, x, k.x0m, m, denoisedOut);
    if (z) combine3(k.a, x, k.b, m, k.c, z, target);
    else combine2(k.a, x, k.b, m, target);
    return target;
  };

  return {
    name: 'ddim',
    steps: timesteps.length,
    timesteps,
    initNoiseSigma: 1,
    coefficients: coeffs,
    inputScale: () => 1,
    scaleModelInput: identityScaleModelInput(timesteps.length),
    step,
    addNoise: alphaAddNoise(alphasCumprod, timesteps),
  };
}
