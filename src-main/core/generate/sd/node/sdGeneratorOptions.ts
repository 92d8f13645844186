/**
 * @file The options of the `sd-controlnet` generator as a form fills them in (zod, defaults as in
 * diffusers: 20 steps, guidance 7.5, ControlNet scale 1 over the whole schedule), and the resolved
 * model the main thread adds when a run starts (sdGeneratorHost.ts). The resolved model travels in
 * the run's stored options, so every item and a resumed job use the same folder, report and provider;
 * a user cannot set it (the options schema strips unknown keys, the host replaces it).
 */
import { z } from 'zod';
import { ExecutionProviderSchema, ModelReportSchema } from '../../../../contract';
import { SCHEDULER_NAMES } from '../schedulers/index';
import type { SchedulerName } from '../schedulers/types';

export const SD_GENERATOR_ID = 'sd-controlnet';
/** Key of the resolved model in a run's stored options. */
export const RESOLVED_MODEL_KEY = 'resolvedModel';
export const LCM_MAX_STEPS = 50;

export const SdOptionsSchema = z
  .object({
    /** A cataloged model (models.list); absent: the project's default model. */
    modelId: z.number().int().positive().optional(),
    negativePrompt: z.string().max(2000).default(''),
    steps: z.number().int().min(1).max(150).default(20),
    /** Classifier-free guidance; 1 or less runs no unconditional pass. */
    guidance: z.number().min(0).max(30).default(7.5),
    scheduler: z.enum(SCHEDULER_NAMES as [SchedulerName, ...SchedulerName[]]).default('euler-a'),
    controlnetScale: z.number().min(0).max(2).default(1),
    /** The part of the schedule where the ControlNet steers (diffusers control_guidance_start/end). */
    controlStart: z.number().min(0).max(1).default(0),
    controlEnd: z.number().min(0).max(1).default(1),
    /** Send a latent preview every this many steps (0: none). */
    previewEvery: z.number().int().min(0).max(150).default(5),
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

export const ResolvedSdModelSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  /** Absolute model folder. */
  path: z.string(),
  controlnetPath: z.string().nullable(),
  hash: z.string(),
  /** The provider asked for (the model's setting); the one used is recorded per variant. */
  provider: ExecutionProviderSchema,
  report: ModelReportSchema,
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
