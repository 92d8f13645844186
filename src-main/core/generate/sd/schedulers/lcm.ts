/**
 * @file LCM (diffusers LCMScheduler, research note §2.4) and the guidance-scale embedding that
 * LCM-distilled UNets take as `timestep_cond` (§2.6). Timesteps come from the distillation
 * schedule [1..50]·20 − 1 reversed, sampled at floor(linspace(0, 50, n, endpoint=false)); each step
 * predicts x̂0, applies the boundary scalings c_skip/c_out and, except at the last step, re-noises
 * to the next timestep with fresh noise. `strength` shortens the distillation schedule as
 * LCMScheduler.set_timesteps does (origin steps = int(50·strength)).
 */
import {
  buildNoiseSchedule,
  numpyLinspace,
  resolveSchedulerConfig,
  SD15_SCHEDULER_CONFIG,
  type ResolvedSchedulerConfig,
  type SchedulerConfig,
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

export interface LcmOptions {
  steps: number;
  /** scheduler_config.json contents; omitted: SD15_SCHEDULER_CONFIG. Missing keys: LCM defaults. */
  config?: SchedulerConfig;
  /** img2img strength in (0, 1]. */
  strength?: number;
}

/** LCMScheduler's constructor defaults. */
export const LCM_DEFAULTS: Readonly<ResolvedSchedulerConfig> = Object.freeze({
  numTrainTimesteps: 1000,
  betaStart: 0.00085,
  betaEnd: 0.012,
  betaSchedule: 'scaled_linear',
  trainedBetas: null,
  stepsOffset: 0,
  setAlphaToOne: true,
  timestepSpacing: 'leading',
  predictionType: 'epsilon',
  clipSample: false,
  clipSampleRange: 1,
  originalInferenceSteps: 50,
  timestepScaling: 10,
});

/** The LCM inference timesteps (§2.4). */
export function lcmTimesteps(
  steps: number,
  originalSteps: number,
  numTrainTimesteps: number,
  strength = 1,
): number[] {
  if (!Number.isInteger(steps) || steps < 1) throw new Error('steps must be >= 1');
  if (steps > originalSteps) throw new Error(`LCM steps ${steps} exceed original_inference_steps`);
  const k = Math.floor(numTrainTimesteps / originalSteps);
  const origin: number[] = [];
  for (let i = Math.floor(originalSteps * strength); i >= 1; i--) origin.push(i * k - 1);
  if (Math.floor(origin.length / steps) < 1) {
    throw new Error(`LCM: int(${originalSteps}·strength) = ${origin.length} origin steps < ${steps} steps`);
  }
  return numpyLinspace(0, origin.length, steps, false).map((v) => origin[Math.floor(v)]!);
}

/** c_skip and c_out at timestep t (σ_data = 0.5, s = t·timestep_scaling). */
export function lcmBoundaryScalings(t: number, timestepScaling = 10): { cSkip: number; cOut: number } {
  const s = t * timestepScaling;
  return { cSkip: 0.25 / (s * s + 0.25), cOut: s / Math.sqrt(s * s + 0.25) };
}

interface LcmStep {
  /** denoised = a·x + b·m */
  a: number;
  b: number;
  /** x_prev = sqrt(ᾱ_prev)·denoised + sqrt(1 − ᾱ_prev)·z, unless last. */
  keep: number;
  noise: number;
  last: boolean;
}

export function createLcmScheduler(options: LcmOptions): Scheduler {
  const cfg = resolveSchedulerConfig(LCM_DEFAULTS, options.config ?? SD15_SCHEDULER_CONFIG);
  const { alphasCumprod } = buildNoiseSchedule(cfg);
  const strength = options.strength ?? 1;
  if (!(strength > 0 && strength <= 1)) throw new Error('strength must be in (0, 1]');
  const timesteps = lcmTimesteps(options.steps, cfg.originalInferenceSteps, cfg.numTrainTimesteps, strength);
  const finalAlpha = cfg.setAlphaToOne ? 1 : alphasCumprod[0]!;
  const coeffs: LcmStep[] = timesteps.map((t, i) => {
    const prevT = i + 1 < timesteps.length ? timesteps[i + 1]! : t;
    const alpha = alphasCumprod[t]!;
    const alphaPrev = prevT >= 0 ? alphasCumprod[prevT]! : finalAlpha;
    const p = linearPrediction(cfg.predictionType, Math.sqrt(alpha), Math.sqrt(1 - alpha));
    const { cSkip, cOut } = lcmBoundaryScalings(t, cfg.timestepScaling);
    return {
      a: cOut * p.x0x + cSkip,
      b: cOut * p.x0m,
      keep: Math.sqrt(alphaPrev),
      noise: Math.sqrt(1 - alphaPrev),
      last: i === timesteps.length - 1,
    };
  });
  const noiseBuf = { buf: new Float32Array(0) };

  const step: Scheduler['step'] = (m, stepIndex, x, noise, out, denoisedOut) => {
    checkStep(stepIndex, timesteps.length);
    const k = coeffs[stepIndex]!;
    const target = outBuffer(x.length, out);
    if (denoisedOut) combine2(k.a, x, k.b, m, denoisedOut);
    if (k.last) {
      combine2(k.a, x, k.b, m, target);
      return target;
    }
    const z = scratch(noiseBuf, x.length);
    noise.fill(z);
    combine3(k.keep * k.a, x, k.keep * k.b, m, k.noise, z, target);
    return target;
  };

  return {
    name: 'lcm',
    steps: timesteps.length,
    timesteps,
    initNoiseSigma: 1,
    inputScale: () => 1,
    scaleModelInput: identityScaleModelInput(timesteps.length),
    step,
    addNoise: alphaAddNoise(alphasCumprod, timesteps),
  };
}

/**
 * diffusers `get_guidance_scale_embedding(w, dim)`: w·1000 times dim/2 frequencies
 * exp(−k·ln(10000)/(half − 1)), then [sin…, cos…] (zero-padded to an odd dim), computed in float32
 * like torch. Returns `batch` identical rows, [batch, dim] row-major.
 */
export function guidanceScaleEmbedding(w: number, dim: number, batch = 1): Float32Array {
  if (!Number.isInteger(dim) || dim < 4) throw new Error('embedding dim must be an integer >= 4');
  const half = Math.floor(dim / 2);
  const scaled = Math.fround(Math.fround(w) * 1000);
  const rate = Math.fround(Math.fround(Math.log(10000)) / (half - 1));
  const row = new Float32Array(dim);
  for (let k = 0; k < half; k++) {
    const f = Math.fround(scaled * Math.fround(Math.exp(Math.fround(k * -rate))));
    row[k] = Math.sin(f);
    row[half + k] = Math.cos(f);
  }
  const out = new Float32Array(batch * dim);
  for (let b = 0; b < batch; b++) out.set(row, b * dim);
  return out;
}

/**
 * The `timestep_cond` feed of an LCM-distilled UNet: the pipeline embeds w = guidanceScale − 1
 * (LCM pipeline default guidance 8.5) with the UNet's `time_cond_proj_dim` (256 for
 * LCM_Dreamshaper_v7). Such UNets run without CFG.
 */
export function lcmGuidanceEmbedding(guidanceScale: number, dim = 256, batch = 1): Float32Array {
  return guidanceScaleEmbedding(guidanceScale - 1, dim, batch);
}
