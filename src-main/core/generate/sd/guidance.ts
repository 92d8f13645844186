/**
 * @file The per-step and per-image tensor arithmetic around the ONNX graphs (research note §2.5,
 * §2.7): classifier-free guidance on [uncond; cond] batches, batch duplication, ControlNet residual
 * scaling for exports without a `conditioning_scale` input, the control image tensor, VAE latent
 * scaling, VAE output to RGBA8, and a cheap latent preview. Plain loops over typed arrays; every
 * per-step function takes an optional output buffer so the denoising loop allocates nothing.
 */
import { outBuffer, scaleInto } from './schedulers/types';

/** SD 1.x VAE `scaling_factor` (vae/config.json; SDXL uses 0.13025). */
export const SD15_VAE_SCALING_FACTOR = 0.18215;

/**
 * Classifier-free guidance: `batched` holds the unconditional half then the conditional half
 * ([uncond; cond], each `length/2`); returns ε = u + g·(c − u) (length/2).
 */
export function applyGuidance(
  batched: Float32Array,
  guidanceScale: number,
  out?: Float32Array,
): Float32Array {
  if (batched.length % 2 !== 0) throw new RangeError('guidance input must hold two equal halves');
  const half = batched.length / 2;
  const target = outBuffer(half, out);
  for (let i = 0; i < half; i++) {
    const u = batched[i]!;
    target[i] = u + guidanceScale * (batched[half + i]! - u);
  }
  return target;
}

/** `times` copies of `x` one after another (the latent or control image batch for CFG: times 2). */
export function repeatBatch(x: Float32Array, times = 2, out?: Float32Array): Float32Array {
  const target = outBuffer(x.length * times, out);
  for (let t = 0; t < times; t++) target.set(x, t * x.length);
  return target;
}

/** x ← s·x, in place; returns x. */
export function scaleInPlace(x: Float32Array, s: number): Float32Array {
  return s === 1 ? x : scaleInto(s, x, x);
}

/**
 * Multiplies every ControlNet residual (12 down + 1 mid) by the conditioning scale, in place: what
 * diffusers' ControlNetModel does inside, needed for exports that lack a `conditioning_scale` input.
 */
export function scaleResiduals(residuals: readonly Float32Array[], scale: number): void {
  for (const r of residuals) scaleInPlace(r, scale);
}

/**
 * diffusers' control_guidance_start/end: the ControlNet counts at step i of n only if
 * start ≤ i/n and (i+1)/n ≤ end. Returns the effective conditioning scale for that step.
 */
export function controlScaleAt(stepIndex: number, steps: number, scale: number, start = 0, end = 1): number {
  const off = stepIndex / steps < start || (stepIndex + 1) / steps > end;
  return off ? 0 : scale;
}

/**
 * The ControlNet's `controlnet_cond`: an RGBA8 condition map (row-major HWC, alpha ignored) as
 * float32 NCHW RGB in [0, 1] (x/255, diffusers VaeImageProcessor without normalisation), repeated
 * `repeat` times along the batch (2 with CFG). Length repeat·3·H·W.
 */
export function controlImageTensor(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  repeat = 1,
  out?: Float32Array,
): Float32Array {
  const plane = width * height;
  if (rgba.length !== plane * 4) throw new RangeError(`RGBA length ${rgba.length}, expected ${plane * 4}`);
  const target = outBuffer(plane * 3 * repeat, out);
  for (let p = 0; p < plane; p++) {
    target[p] = rgba[p * 4]! / 255;
    target[plane + p] = rgba[p * 4 + 1]! / 255;
    target[2 * plane + p] = rgba[p * 4 + 2]! / 255;
  }
  for (let r = 1; r < repeat; r++) target.copyWithin(r * plane * 3, 0, plane * 3);
  return target;
}

/** out = x·factor: latents from the VAE encoder into model space (factor 0.18215 for SD 1.x). */
export function scaleLatents(
  x: Float32Array,
  factor = SD15_VAE_SCALING_FACTOR,
  out?: Float32Array,
): Float32Array {
  return scaleInto(factor, x, outBuffer(x.length, out));
}

/** out = x / factor: model-space latents for the VAE decoder's `latent_sample`. */
export function latentsForDecoder(
  x: Float32Array,
  factor = SD15_VAE_SCALING_FACTOR,
  out?: Float32Array,
): Float32Array {
  // Times the reciprocal: for 0.18215 and 0.13025 the float32 results equal x / factor's (2e7 values).
  return scaleInto(1 / factor, x, outBuffer(x.length, out));
}

/** numpy-style round half to even of a non-negative value. */
function roundEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && (r & 1) === 1 ? r - 1 : r;
}

/**
 * Where image `batchIndex` of a [B, channels, H, W] tensor starts, and the RGBA8 buffer to draw it
 * into (`out`, or a new one); throws when the tensor is too short or `out` has the wrong length.
 */
function imageToRgba(
  what: string,
  input: Float32Array,
  channels: number,
  width: number,
  height: number,
  batchIndex: number,
  out: Uint8ClampedArray | undefined,
): { plane: number; base: number; target: Uint8ClampedArray } {
  const plane = width * height;
  const base = batchIndex * plane * channels;
  if (input.length < base + plane * channels) throw new RangeError(`${what} too short for this image`);
  const target = out ?? new Uint8ClampedArray(plane * 4);
  if (target.length !== plane * 4) throw new RangeError('RGBA output length mismatch');
  return { plane, base, target };
}

/**
 * The VAE decoder's `sample` [B, 3, H, W] (about [-1, 1]) as RGBA8 for image `batchIndex`:
 * clip(x/2 + 0.5, 0, 1)·255 rounded half-to-even, in float32 steps like the numpy pipeline.
 */
export function vaeOutputToRgba(
  sample: Float32Array,
  width: number,
  height: number,
  batchIndex = 0,
  out?: Uint8ClampedArray,
): Uint8ClampedArray {
  const { plane, base, target } = imageToRgba('VAE output', sample, 3, width, height, batchIndex, out);
  for (let c = 0; c < 3; c++) {
    const offset = base + c * plane;
    for (let p = 0; p < plane; p++) {
      const v = Math.min(Math.max(Math.fround(sample[offset + p]! * 0.5 + 0.5), 0), 1);
      target[p * 4 + c] = roundEven(Math.fround(v * 255));
    }
  }
  for (let p = 0; p < plane; p++) target[p * 4 + 3] = 255;
  return target;
}

/**
 * Latent channel -> RGB weights for SD 1.x (rows: latent channels 0..3; columns: R, G, B). From
 * AUTOMATIC1111 stable-diffusion-webui `modules/sd_vae_approx.py` `cheap_approximation`, derived
 * in https://discuss.huggingface.co/t/decoding-latents-to-rgb-without-upscaling/23204/2. They map
 * model-space latents (as the sampler holds them) to roughly [-1, 1].
 */
type Rgb = readonly [number, number, number];

export const SD15_LATENT_RGB: readonly [Rgb, Rgb, Rgb, Rgb] = [
  [0.298, 0.207, 0.208],
  [0.187, 0.286, 0.173],
  [-0.158, 0.189, 0.264],
  [-0.184, -0.271, -0.473],
];

/**
 * A cheap preview at latent resolution (w×h = H/8×W/8): RGB = Σ latent_c·SD15_LATENT_RGB[c], then
 * clamp(x/2 + 0.5)·255 (A1111 "Approx cheap"). `latent` is [B, 4, h, w]; image `batchIndex`.
 * Pass the scheduler's x̂0 (`denoisedOut`) for a cleaner picture than the noisy latent.
 */
export function latentPreviewRgba(
  latent: Float32Array,
  width: number,
  height: number,
  batchIndex = 0,
  out?: Uint8ClampedArray,
): Uint8ClampedArray {
  const { plane, base, target } = imageToRgba('latent', latent, 4, width, height, batchIndex, out);
  const [w0, w1, w2, w3] = SD15_LATENT_RGB;
  for (let p = 0; p < plane; p++) {
    const l0 = latent[base + p]!;
    const l1 = latent[base + plane + p]!;
    const l2 = latent[base + 2 * plane + p]!;
    const l3 = latent[base + 3 * plane + p]!;
    for (let c = 0; c < 3; c++) {
      const v = l0 * w0[c]! + l1 * w1[c]! + l2 * w2[c]! + l3 * w3[c]!;
      target[p * 4 + c] = Math.round(Math.min(Math.max(v * 0.5 + 0.5, 0), 1) * 255);
    }
    target[p * 4 + 3] = 255;
  }
  return target;
}
