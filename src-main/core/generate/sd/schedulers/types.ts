/**
 * @file The scheduler interface the denoising loop calls once per step, the noise source the
 * stochastic schedulers draw from, and the allocation-free element loops they share. A scheduler
 * is stateless between calls (the step index is an argument), so a paused run can resume at any
 * step and the same scheduler can serve several images.
 */

/** Something that fills buffers with independent standard normal float32 samples (see noise.ts). */
export interface NoiseSource {
  fill(out: Float32Array): void;
}

export type SchedulerName = 'ddim' | 'euler-a' | 'lcm';

/**
 * Per step i (0-based, i < steps):
 *   x_in = scaleModelInput(x, i)                      (the UNet and the ControlNet both get x_in)
 *   ε    = unet(x_in, timesteps[i], ...) (+ CFG)
 *   x    = step(ε, i, x, noise)
 * Initial latents are N(0, 1) · initNoiseSigma. Every `out` may be the input buffer itself
 * (elementwise loops), so a loop can update one latent buffer in place without allocating; but
 * scaleModelInput must write to a separate buffer (step needs the unscaled latent), and
 * `denoisedOut` must not alias the latent or the model output.
 */
export interface Scheduler {
  readonly name: SchedulerName;
  /** Number of denoising steps (timesteps.length). */
  readonly steps: number;
  /**
   * The timestep fed to the UNet/ControlNet at each step. Integers, except Euler-A with linspace
   * spacing (float32 values such as 946.4211): round those for int64-timestep graphs.
   */
  readonly timesteps: readonly number[];
  /** Standard deviation of the initial latent noise (1 for DDIM/LCM, σ_max-ish for Euler). */
  readonly initNoiseSigma: number;
  /** The factor scaleModelInput multiplies by at step i (1 for DDIM and LCM). */
  inputScale(stepIndex: number): number;
  scaleModelInput(latent: Float32Array, stepIndex: number, out?: Float32Array): Float32Array;
  /**
   * One update from the (guided) model output. `noise` is drawn from only when the update needs
   * fresh noise (Euler-A, LCM before the last step, DDIM with eta > 0). `denoisedOut`, if given,
   * receives the predicted clean latent x̂0 (what previews should show).
   */
  step(
    modelOutput: Float32Array,
    stepIndex: number,
    latent: Float32Array,
    noise: NoiseSource,
    out?: Float32Array,
    denoisedOut?: Float32Array,
  ): Float32Array;
  /** img2img: the clean latent noised to the level of step i (usually 0). */
  addNoise(original: Float32Array, noise: Float32Array, stepIndex: number, out?: Float32Array): Float32Array;
}

export function checkStep(stepIndex: number, steps: number): void {
  if (!Number.isInteger(stepIndex) || stepIndex < 0 || stepIndex >= steps) {
    throw new RangeError(`step index ${stepIndex} outside 0..${steps - 1}`);
  }
}

/** `out` if given (length checked), else a new buffer of `length`. */
export function outBuffer(length: number, out: Float32Array | undefined): Float32Array {
  if (!out) return new Float32Array(length);
  if (out.length !== length) throw new RangeError(`output length ${out.length}, expected ${length}`);
  return out;
}

function sameLength(a: Float32Array, b: Float32Array): void {
  if (a.length !== b.length) throw new RangeError(`length mismatch: ${a.length} vs ${b.length}`);
}

/** out = a·x + b·m. */
export function combine2(a: number, x: Float32Array, b: number, m: Float32Array, out: Float32Array): void {
  sameLength(x, m);
  for (let i = 0; i < x.length; i++) out[i] = a * x[i]! + b * m[i]!;
}

/** out = a·x + b·m + c·z. */
export function combine3(
  a: number,
  x: Float32Array,
  b: number,
  m: Float32Array,
  c: number,
  z: Float32Array,
  out: Float32Array,
): void {
  sameLength(x, m);
  sameLength(x, z);
  for (let i = 0; i < x.length; i++) out[i] = a * x[i]! + b * m[i]! + c * z[i]!;
}

/** out = s·x. */
export function scaleInto(s: number, x: Float32Array, out: Float32Array): Float32Array {
  for (let i = 0; i < x.length; i++) out[i] = s * x[i]!;
  return out;
}

/** scaleModelInput of schedulers whose model input is the latent itself (DDIM, LCM): a copy. */
export function identityScaleModelInput(steps: number): Scheduler['scaleModelInput'] {
  return (latent, stepIndex, out) => {
    checkStep(stepIndex, steps);
    const target = outBuffer(latent.length, out);
    if (target !== latent) target.set(latent);
    return target;
  };
}

/** addNoise of ᾱ-parameterised schedulers (DDIM, LCM): √ᾱ_t·x0 + √(1−ᾱ_t)·noise at step i. */
export function alphaAddNoise(
  alphasCumprod: Float64Array,
  timesteps: readonly number[],
): Scheduler['addNoise'] {
  return (original, noise, stepIndex, out) => {
    checkStep(stepIndex, timesteps.length);
    const a = alphasCumprod[timesteps[stepIndex]!]!;
    const target = outBuffer(original.length, out);
    combine2(Math.sqrt(a), original, Math.sqrt(1 - a), noise, target);
    return target;
  };
}

/** A scratch buffer kept by a scheduler for the noise it draws, grown to the latent's length once. */
export function scratch(holder: { buf: Float32Array }, length: number): Float32Array {
  if (holder.buf.length !== length) holder.buf = new Float32Array(length);
  return holder.buf;
}

/**
 * x̂0 and ε as linear functions of (x, model output m) for each prediction type (DDIM/LCM forms):
 * x̂0 = x0x·x + x0m·m, ε = ex·x + em·m, with √ᾱ = sa and √(1−ᾱ) = sb.
 */
export interface LinearPrediction {
  x0x: number;
  x0m: number;
  ex: number;
  em: number;
}

export function linearPrediction(
  predictionType: 'epsilon' | 'v_prediction' | 'sample',
  sa: number,
  sb: number,
): LinearPrediction {
  if (predictionType === 'epsilon') return { x0x: 1 / sa, x0m: -sb / sa, ex: 0, em: 1 };
  if (predictionType === 'sample') return { x0x: 0, x0m: 1, ex: 1 / sb, em: -sa / sb };
  return { x0x: sa, x0m: -sb, ex: sb, em: sa };
}
