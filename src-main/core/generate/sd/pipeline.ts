/**
 * @file The SD 1.5 + ControlNet denoising loop for one image (research note sd-controlnet-onnx.md
 * §2.5-§2.7), over an abstract runtime so it stays platform-free and testable with a spy: tokenize
 * [negative; prompt] (classifier-free guidance only when guidance > 1, so guidance 1 runs no
 * unconditional pass), seeded initial latents, then per step: scale the model input, run the
 * ControlNet on the pose image with its effective scale (skipped when the scale is 0 for that step),
 * the UNet with the residuals, guidance, the scheduler update; an abort is honoured between steps
 * and before decoding; progress after every step and a cheap latent preview every N steps; the VAE
 * decodes batch 1 (§1.5).
 *
 * The runtime owns everything graph-specific: dtypes, timestep rank, residual names, fp16. Inputs
 * that are constant for the image (text embeddings, control image) and per step (the scaled sample
 * and timestep) go through it once as opaque handles, so a runtime converts each once (fp16
 * conversion of the control image per step would cost milliseconds at 512 px). Every buffer the
 * loop writes is allocated before the first step.
 */
import {
  applyGuidance,
  controlImageTensor,
  controlScaleAt,
  latentPreviewRgba,
  latentsForDecoder,
  repeatBatch,
  SD15_VAE_SCALING_FACTOR,
  vaeOutputToRgba,
} from './guidance';
import { createNoise } from './noise';
import { createScheduler } from './schedulers/index';
import type { SchedulerConfig } from './schedulers/schedule';
import type { SchedulerName } from './schedulers/types';

/** One denoising batch: batch 2 with guidance ([uncond; cond]), else 1; latent = pixels / 8. */
export interface LatentShape {
  batch: number;
  height: number;
  width: number;
}

/**
 * What the loop needs from the graphs. `Text`, `Control`, `Step` and `Residuals` are the runtime's
 * own handles (tensors in the graphs' dtypes); the loop only passes them back.
 */
export interface SdRuntime<Text = unknown, Control = unknown, Step = unknown, Residuals = unknown> {
  /** The UNet takes LCM's guidance embedding (timestep_cond): guidance without an unconditional pass. */
  readonly embedsGuidance: boolean;
  /** Hidden states of each prompt's token ids, stacked in this order (batch = ids.length). */
  encodeText(ids: readonly Int32Array[]): Promise<Text>;
  /** The ControlNet's image input from NCHW RGB in [0, 1], [batch, 3, 8h, 8w]. */
  controlImage(pixels: Float32Array, shape: LatentShape): Control;
  /** The step's shared inputs: the scaled latent batch [batch, 4, h, w] and the timestep. */
  stepInput(sample: Float32Array, timestep: number, shape: LatentShape): Step;
  /** The 12 + 1 residuals at conditioning scale `scale` (> 0). */
  controlnet(step: Step, text: Text, control: Control, scale: number): Promise<Residuals>;
  /** The noise prediction [batch, 4, h, w]; null residuals: the ControlNet is off this step (zeros). */
  unet(step: Step, text: Text, residuals: Residuals | null, guidance: number): Promise<Float32Array>;
  /** The VAE decoder's sample [1, 3, 8h, 8w] of a latent already divided by the scaling factor. */
  decode(latent: Float32Array, height: number, width: number): Promise<Float32Array>;
}

export interface SdImageRequest {
  prompt: string;
  negativePrompt: string;
  seed: number;
  /** Output pixels; multiples of 8. */
  width: number;
  height: number;
  steps: number;
  guidance: number;
  scheduler: SchedulerName;
  /** The model folder's scheduler_config.json (omitted: SD 1.5's). */
  schedulerConfig?: SchedulerConfig;
  /** The pose condition map, RGBA8 width × height. */
  controlImage: Uint8Array | Uint8ClampedArray;
  controlnetScale: number;
  /** Fractions of the schedule during which the ControlNet counts (diffusers control_guidance_start/end). */
  controlStart: number;
  controlEnd: number;
  vaeScalingFactor?: number;
}

export interface SdPreview {
  /** Steps done (1-based). */
  step: number;
  steps: number;
  /** Latent resolution (pixels / 8). */
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

export interface SdImageHooks {
  signal?: AbortSignal;
  /** After each step: steps done (1..steps) of steps. */
  onStep?(step: number, steps: number): void;
  /** Latent preview every this many steps (0 or absent: none; never after the last step). */
  previewEvery?: number;
  /** `preview.rgba` is reused by the next preview: copy it to keep it. */
  onPreview?(preview: SdPreview): void;
}

export interface SdImageResult {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  /** The timesteps fed to the graphs. */
  timesteps: readonly number[];
  /** Wall time (ms) before the loop (schedule, text, control image, latents), of the loop, of the decode. */
  timing: { prepareMs: number; loopMs: number; decodeMs: number };
}

/** The output size the SD graphs accept, or an error that says why not. */
export function checkSdSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 8 || height < 8)
    throw new RangeError(`output size ${width}x${height} is not a positive size in pixels`);
  if (width % 8 !== 0 || height % 8 !== 0)
    throw new RangeError(
      `output size ${width}x${height}: SD needs width and height that are multiples of 8 (the latent is 1/8 of the image)`,
    );
}

function checkRequest(r: SdImageRequest): void {
  checkSdSize(r.width, r.height);
  if (r.controlImage.length !== r.width * r.height * 4)
    throw new RangeError(
      `control image has ${r.controlImage.length} bytes, expected ${r.width * r.height * 4}`,
    );
  if (!Number.isInteger(r.steps) || r.steps < 1) throw new RangeError(`steps must be >= 1, got ${r.steps}`);
  if (!(r.controlStart >= 0 && r.controlEnd <= 1 && r.controlStart <= r.controlEnd))
    throw new RangeError(`control start/end must satisfy 0 <= start <= end <= 1`);
}

/** Buffers the loop writes, made once per image. */
interface LoopBuffers {
  latent: Float32Array;
  scaled: Float32Array;
  /** The model input batch: `scaled` itself without guidance, else [scaled; scaled]. */
  batched: Float32Array;
  guided: Float32Array | null;
  denoised: Float32Array;
  preview: Uint8ClampedArray;
}

function allocate(shape: LatentShape): LoopBuffers {
  const n = 4 * shape.height * shape.width;
  const scaled = new Float32Array(n);
  return {
    latent: new Float32Array(n),
    scaled,
    batched: shape.batch === 1 ? scaled : new Float32Array(n * shape.batch),
    guided: shape.batch === 1 ? null : new Float32Array(n),
    denoised: new Float32Array(n),
    preview: new Uint8ClampedArray(shape.height * shape.width * 4),
  };
}

const now = (): number => performance.now();

/** Everything the loop needs, made before the first step: schedule, text, control image, latents. */
async function prepare<T, C, S, R>(
  runtime: SdRuntime<T, C, S, R>,
  tokenizer: { encode(text: string): Int32Array },
  request: SdImageRequest,
) {
  const cfg = !runtime.embedsGuidance && request.guidance > 1;
  const shape: LatentShape = { batch: cfg ? 2 : 1, height: request.height / 8, width: request.width / 8 };
  const scheduler = createScheduler(request.scheduler, {
    steps: request.steps,
    ...(request.schedulerConfig ? { config: request.schedulerConfig } : {}),
  });
  const ids = cfg
    ? [tokenizer.encode(request.negativePrompt), tokenizer.encode(request.prompt)]
    : [tokenizer.encode(request.prompt)];
  const text = await runtime.encodeText(ids);
  const control = runtime.controlImage(
    controlImageTensor(request.controlImage, request.width, request.height, shape.batch),
    shape,
  );
  const buffers = allocate(shape);
  // One numpy-compatible stream: the initial latents, then the stochastic schedulers' step noise.
  const noise = createNoise(request.seed);
  noise.fill(buffers.latent);
  const sigma = scheduler.initNoiseSigma;
  if (sigma !== 1)
    for (let i = 0; i < buffers.latent.length; i++) buffers.latent[i] = buffers.latent[i]! * sigma;
  return { shape, scheduler, text, control, buffers, noise };
}

/** Runs the whole pipeline for one image. Rejects with the signal's reason when aborted. */
export async function generateSdImage<T, C, S, R>(
  runtime: SdRuntime<T, C, S, R>,
  tokenizer: { encode(text: string): Int32Array },
  request: SdImageRequest,
  hooks: SdImageHooks = {},
): Promise<SdImageResult> {
  checkRequest(request);
  const { signal } = hooks;
  signal?.throwIfAborted();
  const t0 = now();
  const { shape, scheduler, text, control, buffers: b, noise } = await prepare(runtime, tokenizer, request);
  const t1 = now();
  const steps = scheduler.steps;
  const every = hooks.previewEvery ?? 0;
  for (let i = 0; i < steps; i++) {
    signal?.throwIfAborted();
    scheduler.scaleModelInput(b.latent, i, b.scaled);
    if (shape.batch > 1) repeatBatch(b.scaled, shape.batch, b.batched);
    const step = runtime.stepInput(b.batched, scheduler.timesteps[i]!, shape);
    const scale = controlScaleAt(i, steps, request.controlnetScale, request.controlStart, request.controlEnd);
    const residuals = scale === 0 ? null : await runtime.controlnet(step, text, control, scale);
    const prediction = await runtime.unet(step, text, residuals, request.guidance);
    const eps = b.guided ? applyGuidance(prediction, request.guidance, b.guided) : prediction;
    scheduler.step(eps, i, b.latent, noise, b.latent, b.denoised);
    hooks.onStep?.(i + 1, steps);
    if (hooks.onPreview && every > 0 && (i + 1) % every === 0 && i + 1 < steps) {
      latentPreviewRgba(b.denoised, shape.width, shape.height, 0, b.preview);
      hooks.onPreview({ step: i + 1, steps, width: shape.width, height: shape.height, rgba: b.preview });
    }
  }
  signal?.throwIfAborted();
  const t2 = now();
  const factor = request.vaeScalingFactor ?? SD15_VAE_SCALING_FACTOR;
  const sample = await runtime.decode(latentsForDecoder(b.latent, factor), shape.height, shape.width);
  return {
    width: request.width,
    height: request.height,
    rgba: vaeOutputToRgba(sample, request.width, request.height),
    timesteps: scheduler.timesteps,
    timing: { prepareMs: t1 - t0, loopMs: t2 - t1, decodeMs: now() - t2 },
  };
}
