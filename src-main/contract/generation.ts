/**
 * @file DTOs of variant generation: generators, generation runs, variants and their media.
 * Isomorphic: imports zod only.
 */
import { z } from 'zod';
import { KeypointsSchema, PoseFilterSchema } from './dto';

export const SeedModeSchema = z.enum(['fixed', 'increment', 'random']);
export type SeedMode = z.infer<typeof SeedModeSchema>;

/**
 * Key of a hint in a generator's options JSON Schema (a zod `.meta()` key, which z.toJSONSchema
 * keeps): the field needs app data to be edited. `'model'`: an id from models.list.
 */
export const OPTION_HINT_KEY = 'x-studio';

export const GeneratorInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  /** JSON Schema of the generator's options (from its zod schema), for forms. */
  optionsSchema: z.record(z.string(), z.unknown()),
  /** Whether it can run now (a model-backed generator needs its model folder). */
  available: z.boolean(),
  unavailableReason: z.string().nullable(),
});
export type GeneratorInfo = z.infer<typeof GeneratorInfoSchema>;

export const GenerateRequestSchema = z
  .object({
    /** Which poses: a library selection (ids), a tag, or all (`{}`). */
    poses: PoseFilterSchema.default({}),
    variantsPerPose: z.number().int().min(1).max(64).default(5),
    generator: z.string().min(1).default('mannequin'),
    width: z.number().int().min(64).max(2048).default(256),
    height: z.number().int().min(64).max(2048).default(256),
    /** A prompt, or a template with {slot|choice|choice} groups sampled per variant. */
    promptTemplate: z.string().max(2000).default(''),
    seedMode: SeedModeSchema.default('increment'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(0),
    options: z.record(z.string(), z.unknown()).default({}),
    /** Queue a scoring job (face and image checks) over the run's variants when it finishes. */
    scoreAfter: z.boolean().optional(),
  })
  .strict();
export type GenerateRequest = z.infer<typeof GenerateRequestSchema>;

export const RunStateSchema = z.enum(['queued', 'running', 'paused', 'done', 'failed', 'cancelled']);

export const GenerationRunSchema = z.object({
  id: z.number().int(),
  jobId: z.number().int(),
  state: RunStateSchema,
  generator: z.string(),
  request: GenerateRequestSchema,
  poseCount: z.number().int().nonnegative(),
  /** Items = poses x variants per pose. */
  total: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  createdAt: z.number().int(),
});
export type GenerationRun = z.infer<typeof GenerationRunSchema>;

export const VariantStatusSchema = z.enum(['new', 'accepted', 'rejected']);
export type VariantStatus = z.infer<typeof VariantStatusSchema>;

/** Media of a variant: paths relative to the project's media/ folder (served at /media/<path>). */
export const VariantMediaSchema = z.object({
  rgb: z.string(),
  thumb: z.string(),
  depth: z.string().nullable(),
  parts: z.string().nullable(),
  condition: z.string().nullable(),
});
export type VariantMedia = z.infer<typeof VariantMediaSchema>;

export const VariantSchema = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  poseId: z.number().int(),
  index: z.number().int().nonnegative(),
  generator: z.string(),
  prompt: z.string(),
  seed: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  /** Exactly what made it: generator options after defaults, resolved appearance, versions. */
  params: z.record(z.string(), z.unknown()),
  media: VariantMediaSchema,
  /** Keypoints in the variant's pixels, with visibility after self-occlusion. */
  keypoints: KeypointsSchema,
  /** Identity / attribute record (ground truth for re-ID and attribute probes). */
  attributes: z.record(z.string(), z.unknown()),
  /** Ground truth of the face-defect factor, null when none was applied. */
  faceDefect: z.string().nullable(),
  status: VariantStatusSchema,
  reason: z.string().nullable(),
  createdAt: z.number().int(),
});
export type Variant = z.infer<typeof VariantSchema>;

export const VariantFilterSchema = z
  .object({
    runId: z.number().int().optional(),
    poseId: z.number().int().optional(),
    status: VariantStatusSchema.optional(),
  })
  .strict();
export type VariantFilter = z.infer<typeof VariantFilterSchema>;
