/**
 * @file The platform-free math of Stable Diffusion 1.5 + ControlNet generation (research note
 * sd-controlnet-onnx.md): CLIP tokenizer, DDIM / Euler-A / LCM schedulers, numpy-compatible seeded
 * noise, guidance and tensor conversions, float16 conversion and PNG text metadata. No ONNX, no
 * Node APIs: the pipeline in node/ feeds these into onnxruntime sessions.
 */
export {
  createClipTokenizer,
  clipTokenizerFromFiles,
  normalizeClipText,
  type ClipTokenizer,
  type ClipTokenizerFiles,
  type ClipTokenizerOptions,
} from './tokenizer';
export { createScheduler, SCHEDULER_NAMES, type CreateSchedulerOptions } from './schedulers/index';
export type { NoiseSource, Scheduler, SchedulerName } from './schedulers/types';
export {
  SD15_SCHEDULER_CONFIG,
  type PredictionType,
  type SchedulerConfig,
  type TimestepSpacing,
} from './schedulers/schedule';
export { createDdimScheduler, type DdimOptions, type DdimScheduler } from './schedulers/ddim';
export {
  createEulerAncestralScheduler,
  type EulerAncestralOptions,
  type EulerAncestralScheduler,
} from './schedulers/eulerAncestral';
export {
  createLcmScheduler,
  guidanceScaleEmbedding,
  lcmGuidanceEmbedding,
  type LcmOptions,
} from './schedulers/lcm';
export { createNoise, initialLatents, type SeededNoise } from './noise';
export {
  applyGuidance,
  controlImageTensor,
  controlScaleAt,
  latentPreviewRgba,
  latentsForDecoder,
  repeatBatch,
  scaleInPlace,
  scaleLatents,
  scaleResiduals,
  SD15_LATENT_RGB,
  SD15_VAE_SCALING_FACTOR,
  vaeOutputToRgba,
} from './guidance';
export { float32ToFloat16Bits, float16BitsToNumber, fromFloat16, toFloat16 } from '../../shared/float16';
export {
  formatParameters,
  generationTextEntries,
  insertPngText,
  readPngText,
  readPngTextEntries,
  type GenerationParameters,
} from './pngText';
