/**
 * @file The options of the `sd-controlnet` generator as a form fills them in (zod, defaults as in
 * diffusers: 20 steps, guidance 7.5, ControlNet scale 1 over the whole schedule), and the resolved
 * model the main thread adds when a run starts (sdGeneratorHost.ts). The resolved model travels in
 * the run's stored options, so every item and a resumed job use the same folder, report and provider;
 * a user cannot set it (the options schema strips unknown keys, the host replaces it). Titles and
 * descriptions (.meta) reach the JSON Schema that the Generate form and `generators list` show.
 */
import { z } from 'zod';
import { DiffusionModelSchema, OPTION_HINT_KEY } from '../../../../contract';
import { SCHEDULER_NAMES } from '../schedulers/index';
import type { SchedulerName } from '../schedulers/types';

export const SD_GENERATOR_ID = 'sd-controlnet';
/** Key of the resolved model in a run's stored options. */
export const RESOLVED_MODEL_KEY = 'resolvedModel';
export const LCM_MAX_STEPS = 50;
/** JSON Schema key of a hint for forms (the contract's): 'model' asks for a models.list id. */
export const STUDIO_HINT = OPTION_HINT_KEY;

export const SdOptionsSchema = z
  .object({
    /**
     * A cataloged model (models.list); absent: the project's default model. `x-studio: 'model'`
     * lands in the JSON Schema (z.toJSONSchema keeps .meta keys): the Generate form offers the
     * project's models for it (src-renderer/features/generate/model/optionsSchema.ts).
     */
    modelId: z
      .number()
      .int()
      .positive()
      .optional()
      .meta({
        [STUDIO_HINT]: 'model',
        title: 'Model',
        description: "one of the project's models; unset: the default model",
      }),
    negativePrompt: z
      .string()
      .max(2000)
      .default('')
      .meta({ title: 'Negative prompt', description: 'what the image should not show' }),
    steps: z.number().int().min(1).max(150).default(20).meta({ description: 'denoising steps' }),
    guidance: z
      .number()
      .min(0)
      .max(30)
      .default(7.5)
      .meta({ description: 'classifier-free guidance; 1 or less skips the negative pass' }),
    scheduler: z
      .enum(SCHEDULER_NAMES as [SchedulerName, ...SchedulerName[]])
      .default('euler-a')
      .meta({ description: `sampler; lcm needs an LCM model and at most ${LCM_MAX_STEPS} steps` }),
    controlnetScale: z
      .number()
      .min(0)
      .max(2)
      .default(1)
      .meta({ title: 'ControlNet scale', description: 'how strongly the pose steers' }),
    /** The part of the schedule where the ControlNet steers (diffusers control_guidance_start/end). */
    controlStart: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .meta({ title: 'ControlNet start', description: 'share of the schedule before the pose steers' }),
    controlEnd: z
      .number()
      .min(0)
      .max(1)
      .default(1)
      .meta({ title: 'ControlNet end', description: 'share of the schedule after which it stops' }),
    previewEvery: z
      .number()
      .int()
      .min(0)
      .max(150)
      .default(5)
      .meta({ title: 'Preview every', description: 'steps between latent previews; 0: none' }),
  })
  .superRefine((o, ctx) => {
    if (o.controlStart > o.controlEnd)
      ctx.addIssue({
        code: 'custom',
        path: ['controlEnd'],
        message: 'controlEnd must be at least controlStart',
      });
    if (o.scheduler === 'lcm' && o.steps > LCM_MAX_STEPS)
      ctx.addIssue({ code: 'custom', path: ['steps'], message: `LCM takes at most ${LCM_MAX_STEPS} steps` });
  });
export type SdOptions = z.output<typeof SdOptionsSchema>;

/** The model a run uses, as resolved at start (the provider is the one asked for; the one used is
 * recorded per variant). */
export const ResolvedSdModelSchema = DiffusionModelSchema.pick({
  id: true,
  name: true,
  path: true,
  controlnetPath: true,
  hash: true,
  provider: true,
  report: true,
});
export type ResolvedSdModel = z.infer<typeof ResolvedSdModelSchema>;

/** The resolved model in a run's options, or an error saying the run did not go through generate.start. */
export function resolvedModelOf(options: Record<string, unknown>): ResolvedSdModel {
  const parsed = ResolvedSdModelSchema.safeParse(options[RESOLVED_MODEL_KEY]);
  if (!parsed.success)
    throw new Error(
      `${SD_GENERATOR_ID}: the run names no usable model (${RESOLVED_MODEL_KEY} is missing or invalid); start it with generate.start`,
    );
  return parsed.data;
}

/** The short model hash A1111 writes ("Model hash"). */
export function shortHash(hash: string): string {
  return hash.slice(0, 10);
}
