/**
 * @file THE api: every method the studio offers, as `domain.verbNoun` with zod input/output.
 * The same table is bound to Electron IPC, HTTP + WebSocket, the CLI and the in-memory transport.
 * Isomorphic: imports zod only.
 */
import { z } from 'zod';
import {
  DoctorReportSchema,
  ExportFormatSchema,
  ExportResultSchema,
  ImportBatchSchema,
  ImportReportSchema,
  ImportSourceSchema,
  JobSchema,
  KeypointsSchema,
  PoseFilterSchema,
  PoseImportOptionsSchema,
  PoseSchema,
  PoseSortSchema,
  ProjectInfoSchema,
  TagCountSchema,
  TagSchema,
} from './dto';
import {
  GenerateRequestSchema,
  GenerationRunSchema,
  GeneratorInfoSchema,
  VariantFilterSchema,
  VariantSchema,
  VariantStatusSchema,
} from './generation';
import {
  DatasetSummarySchema,
  EvalResultSchema,
  ExportFormatTrainSchema,
  RecipeNameSchema,
  TrainDatasetSchema,
  TrainExportResultSchema,
  TrainRequestSchema,
  TrainRunDetailSchema,
  TrainRunSchema,
} from './training';
import {
  CheckInfoSchema,
  DecisionBatchSchema,
  QualityRuleSchema,
  ReviewFilterSchema,
  ReviewPageSchema,
  ReviewSortSchema,
  RulePreviewSchema,
  VariantScoresSchema,
} from './review';

import { Empty, Id, method } from './methodDef';
import { poseEditMethods } from './poseEditMethods';
import { modelMethods } from './modelMethods';
const RequestIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only (at most 64)');

export const PickPurposeSchema = z.enum([
  'open-project',
  'create-project',
  'import-file',
  'import-folder',
  'model-folder',
  'controlnet-file',
]);
export type PickPurpose = z.infer<typeof PickPurposeSchema>;

export const MAX_PAGE = 500;
export const MAX_IDS_PAGE = 50_000;

export const methods = {
  'app.info': method(
    Empty,
    z.object({
      version: z.string(),
      transport: z.enum(['ipc', 'http', 'memory', 'cli']),
      /** Native file dialogs exist (Electron); otherwise the UI asks for a path or uploads. */
      nativeDialogs: z.boolean(),
      project: ProjectInfoSchema.nullable(),
    }),
    'Version, transport capabilities and the open project.',
  ),
  'project.open': method(
    z.object({ path: z.string().min(1), create: z.boolean().default(false) }).strict(),
    ProjectInfoSchema,
    'Open a project folder; with create, make it first if it does not exist.',
  ),
  'project.create': method(
    z.object({ path: z.string().min(1) }).strict(),
    ProjectInfoSchema,
    'Create a new project folder (studio.sqlite, media/, runs/) and open it.',
  ),
  'project.close': method(Empty, z.object({ closed: z.boolean() }), 'Close the open project.'),
  'app.pickPath': method(
    z.object({ purpose: PickPurposeSchema }).strict(),
    z.object({ path: z.string().nullable() }),
    'Native file or folder dialog (Electron only; other transports answer null: ask for a path).',
  ),
  'poses.list': method(
    z
      .object({
        filter: PoseFilterSchema.default({}),
        sort: PoseSortSchema.default({ by: 'id', dir: 'asc' }),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(MAX_PAGE).default(100),
      })
      .strict(),
    z.object({ items: z.array(PoseSchema), total: z.number().int().nonnegative() }),
    'One page of poses, filtered and sorted in SQL.',
  ),
  'poses.count': method(
    z.object({ filter: PoseFilterSchema.default({}) }).strict(),
    z.object({ count: z.number().int().nonnegative() }),
    'Count poses matching a filter.',
  ),
  'poses.ids': method(
    z
      .object({
        filter: PoseFilterSchema.default({}),
        /** Keyset: ids greater than this, in id order. */
        afterId: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(MAX_IDS_PAGE).default(MAX_IDS_PAGE),
      })
      .strict(),
    z.object({ ids: z.array(Id) }),
    'Ids matching a filter, in id order, a page at a time (for acting on a whole filter result).',
  ),
  'poses.get': method(z.object({ id: Id }).strict(), PoseSchema, 'One pose with its keypoints.'),
  'poses.update': method(
    z
      .object({
        id: Id,
        keypoints: KeypointsSchema.optional(),
        width: z.number().int().positive().max(16384).optional(),
        height: z.number().int().positive().max(16384).optional(),
        tags: z.array(TagSchema).max(64).optional(),
      })
      .strict(),
    PoseSchema,
    'Edit a pose: keypoints, canvas size, tags.',
  ),
  'poses.mirror': method(
    z.object({ ids: z.array(Id).min(1).max(100_000) }).strict(),
    z.object({ updated: z.number().int() }),
    'Mirror poses horizontally within their canvas, swapping left and right.',
  ),
  'poses.delete': method(
    z.object({ ids: z.array(Id).min(1).max(100_000) }).strict(),
    z.object({ deleted: z.number().int() }),
    'Delete poses.',
  ),
  'poses.tag': method(
    z
      .object({
        ids: z.array(Id).min(1).max(100_000),
        add: z.array(TagSchema).max(16).default([]),
        remove: z.array(TagSchema).max(16).default([]),
      })
      .strict(),
    z.object({ updated: z.number().int() }),
    'Add and remove tags on many poses.',
  ),
  'poses.import': method(
    z
      .object({
        source: ImportSourceSchema,
        options: PoseImportOptionsSchema.default(PoseImportOptionsSchema.parse({})),
        /** Client-chosen id echoed in the job's `requestId`, to follow this import's progress. */
        requestId: RequestIdSchema.optional(),
      })
      .strict(),
    ImportReportSchema,
    'Import poses from a file or a folder of files; one transaction per file. Reports jobs.progress.',
  ),
  'poses.export': method(
    z
      .object({
        filter: PoseFilterSchema.default({}),
        format: ExportFormatSchema,
        /** Absolute output path; default: the project's exports/ folder. */
        path: z.string().min(1).optional(),
      })
      .strict(),
    ExportResultSchema,
    'Export the poses matching a filter (or an id selection) to COCO, OpenPose or ControlNet JSON.',
  ),
  'poses.sources': method(
    Empty,
    z.object({ items: z.array(ImportBatchSchema) }),
    'Import batches, newest first.',
  ),
  'tags.list': method(Empty, z.object({ items: z.array(TagCountSchema) }), 'Tags with pose counts.'),
  'jobs.list': method(
    z.object({ limit: z.number().int().min(1).max(200).default(50) }).strict(),
    z.object({ items: z.array(JobSchema) }),
    'Recent jobs, newest first.',
  ),
  'jobs.cancel': method(
    z.object({ id: Id }).strict(),
    z.object({ cancelled: z.boolean() }),
    'Cancel a running job.',
  ),
  'jobs.pause': method(
    z.object({ id: Id }).strict(),
    z.object({ paused: z.boolean() }),
    'Pause a resumable job.',
  ),
  'jobs.resume': method(
    z.object({ id: Id }).strict(),
    z.object({ resumed: z.boolean() }),
    'Resume a paused job.',
  ),
  'generators.list': method(
    Empty,
    z.object({ items: z.array(GeneratorInfoSchema) }),
    'Generators and their options.',
  ),
  'generate.start': method(
    GenerateRequestSchema,
    GenerationRunSchema,
    'Queue a generation run: variants per pose for the chosen poses. Returns at once; progress is jobs.progress.',
  ),
  'generate.runs': method(
    z.object({ limit: z.number().int().min(1).max(200).default(50) }).strict(),
    z.object({ items: z.array(GenerationRunSchema) }),
    'Generation runs, newest first.',
  ),
  'variants.list': method(
    z
      .object({
        filter: VariantFilterSchema.default({}),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(MAX_PAGE).default(100),
        newestFirst: z.boolean().default(true),
      })
      .strict(),
    z.object({ items: z.array(VariantSchema), total: z.number().int().nonnegative() }),
    'One page of variants.',
  ),
  'variants.review': method(
    z
      .object({
        ids: z.array(Id).min(1).max(MAX_IDS_PAGE),
        status: VariantStatusSchema,
        /** Why (shown in the review grid); cleared when absent. */
        reason: z.string().max(500).optional(),
      })
      .strict(),
    z.object({ updated: z.number().int().nonnegative(), batch: DecisionBatchSchema.nullable() }),
    'Accept, reject or reset variants by id; every decision is saved at once and can be undone.',
  ),
  'review.page': method(
    z
      .object({
        filter: ReviewFilterSchema.default({}),
        sort: ReviewSortSchema.default({ by: 'pose', dir: 'worst-first' }),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(200).default(50),
        /** Variants shown per pose row at most. */
        variantsPerRow: z.number().int().min(1).max(64).default(16),
      })
      .strict(),
    ReviewPageSchema,
    'One page of the review grid: pose rows with their matching variants, totals and state counts.',
  ),
  'review.undo': method(
    z.object({ batchId: Id.optional() }).strict(),
    z.object({ restored: z.number().int().nonnegative(), batch: DecisionBatchSchema.nullable() }),
    'Undo a batch of decisions (the latest not yet undone when no id is given).',
  ),
  'review.batches': method(
    z.object({ limit: z.number().int().min(1).max(200).default(20) }).strict(),
    z.object({ items: z.array(DecisionBatchSchema) }),
    'Recent decision batches, newest first.',
  ),
  'quality.checks': method(
    Empty,
    z.object({ items: z.array(CheckInfoSchema) }),
    'The face and image checks with their units, directions and default thresholds.',
  ),
  'quality.score': method(
    z
      .object({
        filter: ReviewFilterSchema.default({}),
        /** Score again variants that already have scores. */
        rescore: z.boolean().default(false),
      })
      .strict(),
    z.object({ jobId: z.number().int(), count: z.number().int().nonnegative() }),
    'Queue a scoring job (face and image checks) over the variants matching the filter.',
  ),
  'quality.scores': method(
    z.object({ ids: z.array(Id).min(1).max(MAX_PAGE) }).strict(),
    z.object({ items: z.array(VariantScoresSchema) }),
    'Scores and detected faces of the given variants (those scored).',
  ),
  'quality.preview': method(
    z
      .object({
        rules: z.array(QualityRuleSchema).max(32),
        filter: ReviewFilterSchema.default({}),
        sample: z.number().int().min(0).max(48).default(8),
      })
      .strict(),
    RulePreviewSchema,
    'How many variants each rule would reject, with a sample of them, before applying.',
  ),
  'quality.apply': method(
    z.object({ rules: z.array(QualityRuleSchema).max(32), filter: ReviewFilterSchema.default({}) }).strict(),
    z.object({
      rejected: z.number().int().nonnegative(),
      /** Earlier rule rejections no enabled rule catches now, set back to unreviewed (same batch). */
      released: z.number().int().nonnegative().optional(),
      batch: DecisionBatchSchema.nullable(),
    }),
    'Reject the variants the rules catch (reason names the check and value); undoable as one batch.',
  ),
  'train.dataset': method(
    z
      .object({
        recipe: RecipeNameSchema,
        dataset: TrainDatasetSchema.default({ includeUnreviewed: false, evalFraction: 0.15 }),
        batch: z.object({ groups: Id.max(512), members: Id.max(64) }).strict(),
        seed: z.number().int().min(0).default(0),
      })
      .strict(),
    DatasetSummarySchema,
    'What a training run would train on: variants, groups, held-out split and batch shape.',
  ),
  'train.start': method(
    TrainRequestSchema,
    TrainRunSchema,
    'Queue a pre-training run (a persisted job: pause, resume, cancel).',
  ),
  'train.runs': method(
    z.object({ limit: z.number().int().min(1).max(200).default(50) }).strict(),
    z.object({ items: z.array(TrainRunSchema) }),
    'Training runs, newest first.',
  ),
  'train.get': method(
    z.object({ id: Id, maxPoints: z.number().int().min(10).max(20_000).default(600) }).strict(),
    TrainRunDetailSchema,
    'One training run: metrics, checkpoints and evaluation results.',
  ),
  'train.eval': method(
    z.object({ id: Id, step: z.number().int().min(0).optional() }).strict(),
    z.object({ jobId: z.number().int() }),
    'Queue the four evaluation probes on a checkpoint (the latest when no step is given).',
  ),
  'train.evals': method(
    z.object({ runIds: z.array(Id).max(50).optional() }).strict(),
    z.object({ items: z.array(EvalResultSchema) }),
    'Evaluation results of several runs, for side-by-side comparison.',
  ),
  'train.export': method(
    z.object({ id: Id, step: z.number().int().min(0).optional(), format: ExportFormatTrainSchema }).strict(),
    TrainExportResultSchema,
    'Export the encoder of a checkpoint as ONNX (dynamic batch, fp32 or fp16) or timm safetensors.',
  ),
  'doctor.check': method(
    z.object({ repair: z.boolean().default(false) }).strict(),
    DoctorReportSchema,
    'Check the catalog against the media folder; with repair, fix what can be fixed.',
  ),
  ...poseEditMethods,
  ...modelMethods,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
