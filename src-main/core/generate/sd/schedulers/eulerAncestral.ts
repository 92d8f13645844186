/**
 * @file Euler ancestral (diffusers EulerAncestralDiscreteScheduler, research note §2.3). Sigmas are
 * the training sigmas interpolated at the (possibly fractional) timesteps with a trailing 0; the
 * model input is scaled by 1/sqrt(σ²+1); each step takes an Euler step to σ_down and adds fresh
 * noise of size σ_up, so the noise source must be seeded for reproducible images. The class default
 * spacing is linspace (fractional float32 timesteps); SD 1.5 configs written by newer diffusers say
 * "leading", which from_config inherits. Supports epsilon and v_prediction.
 */
import {
  buildNoiseSchedule,
  computeTrainingSigmas,
  interpAtTimestep,
  resolveSchedulerConfig,
  SD15_SCHEDULER_CONFIG,
  spacedTimesteps,
  strengthStartIndex,
  type ResolvedSchedulerConfig,
  type SchedulerConfig,
  type TimestepSpacing,
} from './schedule';
import {
  checkStep,
  combine2,
  combine3,
  outBuffer,
  scaleInto,
  scratch,
  type NoiseSource,
  type Scheduler,
} from './types';

export interface EulerAncestralOptions {
  steps: number;
  /** scheduler_config.json contents; omitted: SD15_SCHEDULER_CONFIG. Missing keys: Euler-A defaults. */
  config?: SchedulerConfig;
  /** Overrides the config's timestep_spacing. */
  timestepSpacing?: TimestepSpacing;
  /** img2img strength in (0, 1]. */
  strength?: number;
}

/** EulerAncestralDiscreteScheduler's constructor defaults. */
export const EULER_ANCESTRAL_DEFAULTS: Readonly<ResolvedSchedulerConfig> = Object.freeze({
  numTrainTimesteps: 1000,
  betaStart: 0.0001,
  betaEnd: 0.02,
  betaSchedule: 'linear',
  trainedBetas: null,
  stepsOffset: 0,
  setAlphaToOne: false,
  timestepSpacing: 'linspace',
  predictionType: 'epsilon',
  clipSample: false,
  clipSampleRange: 1,
  originalInferenceSteps: 50,
  timestepScaling: 10,
});

export interface EulerAncestralScheduler extends Scheduler {
  /** σ per step plus a final 0 (length steps + 1), float32 values. */
  readonly sigmas: readonly number[];
}

/** σ_up and σ_down of the step from σ_from to σ_to. */
export function ancestralSigmas(sigmaFrom: number, sigmaTo: number): { up: number; down: number } {
  const up = Math.sqrt(
    (sigmaTo * sigmaTo * (sigmaFrom * sigmaFrom - sigmaTo * sigmaTo)) / (sigmaFrom * sigmaFrom),
  );
  return { up, down: Math.sqrt(Math.max(sigmaTo * sigmaTo - up * up, 0)) };
}

/**
 * The step as out = a·x + b·m + up·z: x̂0 = x − σ·m (epsilon) or m·(−σ/√(σ²+1)) + x/(σ²+1)
 * (v_prediction); d = (x − x̂0)/σ; x + d·(σ_down − σ) + up·z.
 */
function stepCoefficients(
  predictionType: ResolvedSchedulerConfig['predictionType'],
  sigma: number,
  sigmaNext: number,
): { a: number; b: number; up: number; x0x: number; x0m: number } {
  let x0x = 1;
  let x0m = -sigma;
  if (predictionType === 'v_prediction') {
    x0x = 1 / (sigma * sigma + 1);
    x0m = -sigma / Math.sqrt(sigma * sigma + 1);
  } else if (predictionType !== 'epsilon') {
    throw new Error(`Euler ancestral does not support prediction_type ${predictionType}`);
  }
  const { up, down } = ancestralSigmas(sigma, sigmaNext);
  const dt = down - sigma;
  // x + ((1 − x0x)·x − x0m·m)/σ · dt
  return { a: 1 + ((1 - x0x) * dt) / sigma, b: (-x0m * dt) / sigma, up, x0x, x0m };
}

export function createEulerAncestralScheduler(options: EulerAncestralOptions): EulerAncestralScheduler {
  const cfg = resolveSchedulerConfig(EULER_ANCESTRAL_DEFAULTS, options.config ?? SD15_SCHEDULER_CONFIG);
  const { alphasCumprod } = buildNoiseSchedule(cfg);
  const trainSigmas = computeTrainingSigmas(alphasCumprod);
  const spacing = options.timestepSpacing ?? cfg.timestepSpacing;
  const all = spacedTimesteps(spacing, options.steps, cfg.numTrainTimesteps, cfg.stepsOffset, true);
  const allSigmas = all.map((t) => Math.fround(interpAtTimestep(trainSigmas, t)));
  allSigmas.push(0);
  const maxSigma = Math.max(...allSigmas);
  const initNoiseSigma =
    spacing === 'leading' ? Math.fround(Math.sqrt(Math.fround(maxSigma * maxSigma) + 1)) : maxSigma;
  const start = strengthStartIndex(options.steps, options.strength ?? 1);
  const timesteps = all.slice(start);
  const sigmas = allSigmas.slice(start);
  const coeffs = timesteps.map((_, i) => stepCoefficients(cfg.predictionType, sigmas[i]!, sigmas[i + 1]!));
  const noiseBuf = { buf: new Float32Array(0) };

  const step: Scheduler['step'] = (m, stepIndex, x, noise: NoiseSource, out, denoisedOut) => {
    checkStep(stepIndex, timesteps.length);
    const k = coeffs[stepIndex]!;
    const target = outBuffer(x.length, out);
    if (denoisedOut) combine2(k.x0x, x, k.x0m, m, denoisedOut);
    if (k.up > 0) {
      const z = scratch(noiseBuf, x.length);
      noise.fill(z);
      combine3(k.a, x, k.b, m, k.up, z, target);
    } else {
      // The last step (σ_next = 0) adds no noise; diffusers still draws it, we do not.
      combine2(k.a, x, k.b, m, target);
    }
    return target;
  };

  const inputScale = (stepIndex: number): number => {
    checkStep(stepIndex, timesteps.length);
    const s = sigmas[stepIndex]!;
    return 1 / Math.sqrt(s * s + 1);
  };

  return {
    name: 'euler-a',
    steps: timesteps.length,
    timesteps,
    sigmas,
    initNoiseSigma,
    inputScale,
    scaleModelInput: (latent, stepIndex, out) =>
      scaleInto(inputScale(stepIndex), latent, outBuffer(latent.length, out)),
    step,
    addNoise: (original, noise, stepIndex, out) => {
      checkStep(stepIndex, timesteps.length);
      const target = outBuffer(original.length, out);
      combine2(1, original, sigmas[stepIndex]!, noise, target);
      return target;
    },
  };
}
