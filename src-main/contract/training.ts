/**
 * @file DTOs of pre-training (issue 4): recipes, the training request, runs, their metrics,
 * checkpoints, evaluation results and exports. The recipe schemas live here (not in core/train)
 * so every front door validates the same config; core/train/recipes.ts re-exports them.
 * Isomorphic: imports zod only.
 */
import { z } from 'zod';

const positive = z.number().positive();
const count = z.number().int().positive();

/** Linear-GELU-Linear projection head widths (methods.md Sec. 5.2: 512 hidden, 128 out). */
export const HeadConfigSchema = z.strictObject({ hidden: count.max(8192), out: count.max(8192) });
export type HeadConfig = z.infer<typeof HeadConfigSchema>;
const HEAD_DEFAULT: HeadConfig = { hidden: 512, out: 128 };

export const SimclrRecipeSchema = z.strictObject({
  recipe: z.literal('simclr'),
  temperature: positive.default(0.1),
  head: HeadConfigSchema.default(HEAD_DEFAULT),
});

export const StablerepRecipeSchema = z.strictObject({
  recipe: z.literal('stablerep'),
  temperature: positive.default(0.1),
  head: HeadConfigSchema.default(HEAD_DEFAULT),
});

export const GenpocclRecipeSchema = z.strictObject({
  recipe: z.literal('genpoccl'),
  /** L_mp on [POSE]: temperature and weight (gamma2). */
  mpTemperature: positive.default(0.1),
  mpWeight: z.number().nonnegative().default(0.05),
  /** HAP's L_align on [CLS]: temperature and weight (gamma1). */
  alignTemperature: positive.default(0.2),
  alignWeight: z.number().nonnegative().default(0.05),
  head: HeadConfigSchema.default(HEAD_DEFAULT),
});

export const RecipeConfigSchema = z.discriminatedUnion('recipe', [
  SimclrRecipeSchema,
  StablerepRecipeSchema,
  GenpocclRecipeSchema,
]);
export type RecipeConfig = z.infer<typeof RecipeConfigSchema>;
export type RecipeName = RecipeConfig['recipe'];
export const RecipeNameSchema = z.enum(['simclr', 'stablerep', 'genpoccl']);

/** What makes two variants positives of each other (the group key of the P x K sampler). */
export const GroupBySchema = z.enum(['pose', 'prompt', 'identity']);
export type GroupBy = z.infer<typeof GroupBySchema>;

/** The variants a run trains on: accepted ones by default, optionally unreviewed ones too. */
export const TrainDatasetSchema = z.strictObject({
  /** Only variants of these generation runs (all runs when absent). */
  runIds: z.array(z.number().int().positive()).max(1000).optional(),
  /** Also train on variants nobody reviewed yet ('new'); rejected ones never train. */
  includeUnreviewed: z.boolean().default(false),
  /** Positives share this key; defaults to the recipe's (pose for genpoccl, prompt for stablerep). */
  groupBy: GroupBySchema.optional(),
  /** Share of poses held out of training for the evaluation probes (seeded split). */
  evalFraction: z.number().min(0).max(0.5).default(0.15),
});
export type TrainDataset = z.infer<typeof TrainDatasetSchema>;

export const ModelPresetSchema = z.enum(['micro', 'tiny', 'small']);
export type ModelPreset = z.infer<typeof ModelPresetSchema>;

export const TrainModelSchema = z.strictObject({
  preset: ModelPresetSchema.default('tiny'),
  /** Image [height, width]; multiples of patchSize. Defaults to the preset's. */
  imageSize: z.tuple([z.number().int().min(8).max(512), z.number().int().min(8).max(512)]).optional(),
  patchSize: z.number().int().min(2).max(32).optional(),
});
export type TrainModel = z.infer<typeof TrainModelSchema>;

export const AugmentSchema = z.strictObject({
  /** Random-resized-crop area range (pose-preserving: keypoints follow the crop). */
  cropScale: z.tuple([z.number().min(0.05).max(1), z.number().min(0.05).max(1)]).default([0.6, 1]),
  /** Brightness/contrast/saturation jitter strength (0 = off). */
  colorJitter: z.number().min(0).max(1).default(0.4),
  /** Probability of a 3x3 Gaussian blur. */
  blur: z.number().min(0).max(1).default(0.2),
  /** Horizontal flip of a whole group at once, left/right keypoint labels swapped. */
  flip: z.boolean().default(true),
});
export type Augment = z.infer<typeof AugmentSchema>;

export const OptimizerSchema = z.strictObject({
  lr: positive.max(1).default(5e-4),
  weightDecay: z.number().min(0).max(1).default(0.05),
  warmupSteps: z.number().int().min(0).default(20),
  minLrRatio: z.number().min(0).max(1).default(0.01),
  clipNorm: positive.optional(),
  beta1: z.number().min(0).max(0.9999).default(0.9),
  beta2: z.number().min(0).max(0.99999).default(0.95),
});
export type Optimizer = z.infer<typeof OptimizerSchema>;

export const TrainRequestSchema = z.strictObject({
  name: z.string().max(200).default(''),
  recipe: RecipeConfigSchema,
  dataset: TrainDatasetSchema.default({ includeUnreviewed: false, evalFraction: 0.15 }),
  model: TrainModelSchema.default({ preset: 'tiny' }),
  /** P groups x K members per step (B = P * K images per view). */
  batch: z
    .strictObject({ groups: count.max(512), members: count.max(64) })
    .default({ groups: 8, members: 4 }),
  optimizer: OptimizerSchema.default({
    lr: 5e-4,
    weightDecay: 0.05,
    warmupSteps: 20,
    minLrRatio: 0.01,
    beta1: 0.9,
    beta2: 0.95,
  }),
  augment: AugmentSchema.default({ cropScale: [0.6, 1], colorJitter: 0.4, blur: 0.2, flip: true }),
  steps: count.max(10_000_000).default(500),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
  /** Save a checkpoint every n steps (and always at the end, on pause and on cancel). */
  checkpointEvery: count.default(100),
  /** Checkpoints kept on disk (the newest ones). */
  keepCheckpoints: count.max(1000).default(3),
  /** ORT intra-op threads of the training session (fixed for repeatable runs). */
  threads: z.number().int().min(1).max(64).default(1),
});
export type TrainRequest = z.infer<typeof TrainRequestSchema>;
export type TrainRequestInput = z.input<typeof TrainRequestSchema>;

export const TrainRunStateSchema = z.enum(['queued', 'running', 'paused', 'done', 'failed', 'cancelled']);

export const TrainRunSchema = z.object({
  id: z.number().int(),
  jobId: z.number().int(),
  name: z.string(),
  state: TrainRunStateSchema,
  recipe: RecipeNameSchema,
  request: TrainRequestSchema,
  /** Steps completed (the latest checkpoint's step after a restart). */
  step: z.number().int().nonnegative(),
  steps: z.number().int().positive(),
  /** Last reported values (null before the first step). */
  loss: z.number().nullable(),
  imagesPerSec: z.number().nullable(),
  /** Training / held-out variant counts frozen at start. */
  trainCount: z.number().int().nonnegative(),
  evalCount: z.number().int().nonnegative(),
  error: z.string().nullable(),
  createdAt: z.number().int(),
});
export type TrainRun = z.infer<typeof TrainRunSchema>;

/** One training step's numbers, as charted. */
export const MetricPointSchema = z.object({
  step: z.number().int().nonnegative(),
  loss: z.number(),
  lr: z.number(),
  gradNorm: z.number(),
  imagesPerSec: z.number(),
});
export type MetricPoint = z.infer<typeof MetricPointSchema>;

export const CheckpointSchema = z.object({
  step: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  createdAt: z.number().int(),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

/** The four probes (null where the data has no ground truth for it, e.g. no identities). */
export const ProbeResultsSchema = z.object({
  keypoints: z.object({ pck: z.number(), meanError: z.number() }).nullable(),
  poseRetrieval: z
    .object({ top1Oks: z.number(), mAP: z.number(), token: z.enum(['cls', 'pose']) })
    .nullable(),
  reid: z.object({ rank1: z.number(), mAP: z.number() }).nullable(),
  attributes: z
    .object({ meanAccuracy: z.number(), perAttribute: z.record(z.string(), z.number()) })
    .nullable(),
});
export type ProbeResults = z.infer<typeof ProbeResultsSchema>;

export const EvalResultSchema = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  step: z.number().int().nonnegative(),
  results: ProbeResultsSchema,
  /** Sizes of the probe splits, for reading the figures. */
  counts: z.record(z.string(), z.number().int()),
  createdAt: z.number().int(),
});
export type EvalResult = z.infer<typeof EvalResultSchema>;

export const TrainRunDetailSchema = z.object({
  run: TrainRunSchema,
  /** Loss, lr and throughput per step, downsampled to at most `maxPoints`. */
  metrics: z.array(MetricPointSchema),
  checkpoints: z.array(CheckpointSchema),
  evals: z.array(EvalResultSchema),
});
export type TrainRunDetail = z.infer<typeof TrainRunDetailSchema>;

export const DatasetSummarySchema = z.object({
  variants: z.number().int().nonnegative(),
  poses: z.number().int().nonnegative(),
  prompts: z.number().int().nonnegative(),
  identities: z.number().int().nonnegative(),
  groupBy: GroupBySchema,
  /** Groups with at least `members` variants (the ones the sampler draws from). */
  groups: z.number().int().nonnegative(),
  trainVariants: z.number().int().nonnegative(),
  evalVariants: z.number().int().nonnegative(),
  batch: z.object({ groups: z.number().int(), members: z.number().int(), images: z.number().int() }),
  /** Problems that stop training (empty when it can start). */
  problems: z.array(z.string()),
});
export type DatasetSummary = z.infer<typeof DatasetSummarySchema>;

export const ExportFormatTrainSchema = z.enum(['onnx', 'onnx-fp16', 'timm-safetensors']);
export type ExportFormatTrain = z.infer<typeof ExportFormatTrainSchema>;

export const TrainExportResultSchema = z.object({
  /** File name under the project's exports/ folder (downloadable at /api/exports/<name>). */
  name: z.string(),
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  step: z.number().int().nonnegative(),
});
export type TrainExportResult = z.infer<typeof TrainExportResultSchema>;
