/**
 * @file The `sd-controlnet` generator: Stable Diffusion 1.5 steered by ControlNet-OpenPose, on
 * onnxruntime-node, behind the same Generator interface as the mannequin. It runs in a generation
 * worker: the pose is fitted into the output (fit.ts, as every generator places it), drawn as the
 * OpenPose condition map (conditionMap.ts, what the editor previews), and each variant is one
 * pipeline run (pipeline.ts) with its own seed and prompt. The model comes resolved in the run's
 * options (sdGeneratorHost.ts); its sessions are cached per worker (runtimeSessions.ts) and reused by
 * every image of the job. Variants carry no depth or part masks; their params and PNG text chunks
 * record everything that made them (prompt, negative prompt, seed, steps, guidance, scheduler,
 * ControlNet scale and range, model hash and name, the provider actually used, the pose id), and
 * the condition map the ControlNet saw goes with each variant (stored as its `condition` media).
 * An LCM-distilled UNet run with another scheduler than lcm is run as asked (it is a valid, if
 * poor, combination) and its variants' params carry a `note` saying so. When what every image needs
 * fails (the options, the model's files, tokenizer or sessions) the generator throws
 * GeneratorUnavailableError: the run stops and its items stay pending for a resume.
 */
import { renderConditionMap } from '../../conditionMap';
import { fitCanvas, fitKeypoints } from '../../fit';
import { parsePrompt } from '../../mannequin/promptAttributes';
import {
  GeneratorUnavailableError,
  type GeneratedVariant,
  type GenerateParams,
  type Generator,
  type GeneratorPose,
  type GeneratorProgress,
} from '../../types';
import { generationTextEntries } from '../pngText';
import { checkSdSize, generateSdImage, type SdImageResult } from '../pipeline';
import type { SchedulerName } from '../schedulers/types';
import { OrtSdRuntime } from './runtime';
import { modelSchedulerConfig, modelTokenizer } from './runtimeFiles';
import { SdSessionCache, type SdModelRef, type SdSessions } from './runtimeSessions';
import {
  resolvedModelOf,
  SD_GENERATOR_ID,
  SdOptionsSchema,
  shortHash,
  type ResolvedSdModel,
  type SdOptions,
} from './sdGeneratorOptions';
import { describeSignatures, type SdSignatures } from './signatures';

export const SD_GENERATOR_VERSION = 1;

/** This worker thread's sessions: one model's graphs stay loaded across the images of a job. */
export const workerSessionCache = new SdSessionCache();

/** Why the model and the scheduler do not go well together (kept in the variant's params), or null. */
export function schedulerNote(signatures: SdSignatures, scheduler: SchedulerName): string | null {
  const cond = signatures.unet.timestepCond;
  if (!cond || scheduler === 'lcm') return null;
  return (
    `the UNet is LCM-distilled (${cond.name} [batch, ${cond.dim}]) and was run with ${scheduler}; ` +
    'it is made for the lcm scheduler with 2-8 steps'
  );
}

function modelRef(model: ResolvedSdModel): SdModelRef {
  return { path: model.path, hash: model.hash, signatures: describeSignatures(model.report) };
}

interface VariantInput {
  params: GenerateParams;
  options: SdOptions;
  model: ResolvedSdModel;
  sessions: SdSessions;
  /** schedulerNote of the run, if any. */
  note: string | null;
  keypoints: GeneratedVariant['keypoints'];
  /** The OpenPose condition map at the output size, as fed to the ControlNet. */
  controlImage: Uint8Array;
  prompt: string;
  seed: number;
}

function variantOf(v: VariantInput, image: SdImageResult): GeneratedVariant {
  const { options: o, model, params } = v;
  const record = {
    generator: SD_GENERATOR_ID,
    version: SD_GENERATOR_VERSION,
    prompt: v.prompt,
    negativePrompt: o.negativePrompt,
    seed: v.seed,
    steps: o.steps,
    guidance: o.guidance,
    scheduler: o.scheduler,
    controlnetScale: o.controlnetScale,
    controlStart: o.controlStart,
    controlEnd: o.controlEnd,
    width: image.width,
    height: image.height,
    modelId: model.id,
    modelName: model.name,
    modelHash: model.hash,
    providerRequested: model.provider,
    provider: v.sessions.providerUsed,
    providerWarnings: [...v.sessions.warnings],
    poseId: params.poseId ?? null,
    ...(v.note ? { note: v.note } : {}),
  };
  return {
    width: image.width,
    height: image.height,
    rgba: new Uint8Array(image.rgba.buffer, image.rgba.byteOffset, image.rgba.length),
    depth: null,
    parts: null,
    keypoints: v.keypoints,
    prompt: v.prompt,
    seed: v.seed,
    attributes: { source: 'prompt', ...parsePrompt(v.prompt) },
    faceDefect: null,
    condition: v.controlImage,
    params: record,
    pngText: generationTextEntries({
      prompt: v.prompt,
      negativePrompt: o.negativePrompt,
      steps: o.steps,
      scheduler: o.scheduler,
      guidance: o.guidance,
      seed: v.seed,
      width: image.width,
      height: image.height,
      modelName: model.name,
      modelHash: shortHash(model.hash),
      controlnetScale: o.controlnetScale,
      ...(params.poseId === undefined ? {} : { poseId: String(params.poseId) }),
    }),
  };
}

/** What every image of the run shares; a failure here is the run's, not the item's. */
function setUp(params: GenerateParams) {
  try {
    const options = SdOptionsSchema.parse(params.options);
    const model = resolvedModelOf(params.options);
    checkSdSize(params.width, params.height);
    const ref = modelRef(model);
    const tokenizer = modelTokenizer(ref);
    const schedulerConfig = modelSchedulerConfig(ref);
    return { options, model, ref, tokenizer, schedulerConfig };
  } catch (error) {
    throw new GeneratorUnavailableError(error instanceof Error ? error.message : String(error));
  }
}

/** The runtime over the leased sessions (it refuses float16 graphs where ORT cannot feed them). */
function runtimeOf(sessions: SdSessions): OrtSdRuntime {
  try {
    return new OrtSdRuntime(sessions);
  } catch (error) {
    throw new GeneratorUnavailableError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Every variant asked for. What the run's items share (options, model, tokenizer, sessions) failing
 * throws GeneratorUnavailableError, so the run stops and its items stay pending.
 */
async function generateAll(
  pose: GeneratorPose,
  params: GenerateParams,
  signal: AbortSignal,
  progress: GeneratorProgress | undefined,
): Promise<GeneratedVariant[]> {
  const { options, model, ref, tokenizer, schedulerConfig } = setUp(params);
  const keypoints = fitKeypoints(
    pose.keypoints,
    fitCanvas(pose.width, pose.height, params.width, params.height),
  );
  const controlImage = renderConditionMap(keypoints, params.width, params.height);
  const lease = workerSessionCache.lease(ref, model.provider);
  try {
    const runtime = runtimeOf(lease.sessions);
    const note = schedulerNote(ref.signatures, options.scheduler);
    const variants: GeneratedVariant[] = [];
    for (let i = 0; i < params.count; i++) {
      signal.throwIfAborted();
      const seed = params.seeds?.[i] ?? params.seed + i;
      const prompt = params.prompts?.[i] ?? params.prompt;
      const done = (step: number, steps: number) => (i + step / steps) / params.count;
      const image = await generateSdImage(
        runtime,
        tokenizer,
        {
          ...{ prompt, negativePrompt: options.negativePrompt, seed, steps: options.steps },
          ...{ width: params.width, height: params.height, guidance: options.guidance },
          ...{ scheduler: options.scheduler, controlImage, controlnetScale: options.controlnetScale },
          ...{ controlStart: options.controlStart, controlEnd: options.controlEnd },
          vaeScalingFactor: model.report.vaeScalingFactor,
          ...(schedulerConfig ? { schedulerConfig } : {}),
        },
        {
          signal,
          onStep: (step, steps) => progress?.(done(step, steps)),
          previewEvery: options.previewEvery,
          onPreview: (p) => progress?.(done(p.step, p.steps), { ...p, rgba: Uint8Array.from(p.rgba) }),
        },
      );
      variants.push(
        variantOf(
          { params, options, model, sessions: lease.sessions, note, keypoints, controlImage, prompt, seed },
          image,
        ),
      );
    }
    return variants;
  } finally {
    lease.done();
  }
}

export const sdControlnetGenerator: Generator = {
  id: SD_GENERATOR_ID,
  name: 'SD 1.5 + ControlNet',
  description:
    'Stable Diffusion 1.5 steered by ControlNet-OpenPose from a model folder (ONNX, onnxruntime-node): ' +
    'photographic variants of each pose from the prompt. RGB and keypoints only (no depth or part masks).',
  optionsSchema: SdOptionsSchema,
  // One worker of its own: an SD model's sessions take gigabytes per worker.
  dedicatedWorkers: 1,
  generate: generateAll,
};
