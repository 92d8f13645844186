/**
 * @file Data shapes that cross a process boundary (DTOs), as zod schemas.
 * Isomorphic: imports zod only. Types are inferred from the schemas, never written twice.
 * Coordinates are canvas pixels, origin top-left; keypoints follow COCO-17 order with
 * visibility v in {0 unlabeled, 1 labeled but occluded, 2 visible}.
 */
import { z } from 'zod';

export const KEYPOINT_COUNT = 17;

export const VisibilitySchema = z.union([z.literal(0), z.literal(1), z.literal(2)]);
export type Visibility = z.infer<typeof VisibilitySchema>;

const finite = z.number().finite();

/** One COCO keypoint: [x, y, v]. Unlabeled points are stored as [0, 0, 0]. */
export const KeypointSchema = z.tuple([finite, finite, VisibilitySchema]);
export type Keypoint = z.infer<typeof KeypointSchema>;

export const KeypointsSchema = z.array(KeypointSchema).length(KEYPOINT_COUNT);

/** Axis-aligned box [x, y, width, height] in canvas pixels. */
export const BoxSchema = z.tuple([finite, finite, finite.nonnegative(), finite.nonnegative()]);
export type Box = z.infer<typeof BoxSchema>;

export const TagSchema = z
  .string()
  .trim()
  .min(1, 'a tag cannot be empty')
  .max(64, 'a tag has at most 64 characters')
  .regex(/^[^,\n\r\t]+$/, 'a tag cannot contain commas, tabs or line breaks');

export const PoseFormatSchema = z.enum(['coco', 'openpose', 'controlnet', 'alphapose', 'mpii', 'editor']);
export type PoseFormat = z.infer<typeof PoseFormatSchema>;

export const PoseSourceSchema = z.object({
  /** Catalog id of the import batch, null for poses made in the studio. */
  importId: z.number().int().nullable(),
  format: PoseFormatSchema,
  /** File name (not the full path) the pose came from. */
  file: z.string().nullable(),
  /** Record id inside the file: COCO annotation id, `frame:person` index, ... */
  record: z.string().nullable(),
  /** Source image name or id, if the file says. */
  image: z.string().nullable(),
});
export type PoseSource = z.infer<typeof PoseSourceSchema>;

export const PoseSchema = z.object({
  id: z.number().int().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  keypoints: KeypointsSchema,
  /** Person box from the source (COCO bbox), canvas pixels; null when the source has none. */
  box: BoxSchema.nullable(),
  /** Derived: tight box around labeled keypoints, null when none is labeled. */
  bbox: BoxSchema.nullable(),
  /** Derived: keypoints with v > 0 (COCO's num_keypoints). */
  labeledCount: z.number().int().min(0).max(KEYPOINT_COUNT),
  /** Derived: keypoints with v = 2. */
  visibleCount: z.number().int().min(0).max(KEYPOINT_COUNT),
  tags: z.array(z.string()),
  source: PoseSourceSchema,
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Pose = z.infer<typeof PoseSchema>;

export const PoseSortSchema = z.object({
  by: z.enum(['id', 'created', 'updated', 'labeled', 'area']).default('id'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
export type PoseSort = z.infer<typeof PoseSortSchema>;

export const PoseFilterSchema = z
  .object({
    /** Poses carrying every one of these tags. */
    tags: z.array(TagSchema).max(16).optional(),
    /** Only poses with no tag at all. */
    untagged: z.boolean().optional(),
    /** Import batch ids (the "source" filter); poses from any of them. */
    importIds: z.array(z.number().int()).max(64).optional(),
    format: PoseFormatSchema.optional(),
    minLabeled: z.number().int().min(0).max(KEYPOINT_COUNT).optional(),
    maxLabeled: z.number().int().min(0).max(KEYPOINT_COUNT).optional(),
    /** Explicit id list (selection). */
    ids: z.array(z.number().int().positive()).max(100_000).optional(),
  })
  .strict();
export type PoseFilter = z.infer<typeof PoseFilterSchema>;

export const PoseImportOptionsSchema = z
  .object({
    /** `auto` sniffs the file. */
    format: z.enum(['auto', 'coco', 'openpose', 'controlnet', 'alphapose', 'mpii']).default('auto'),
    /** COCO/AlphaPose: crop each person to its box plus margin (default) or keep the image canvas. */
    canvas: z.enum(['crop', 'image']).default('crop'),
    /** Margin around the person box when cropping, as a fraction of the box size per side. */
    margin: z.number().min(0).max(4).default(0.25),
    /** OpenPose body layout; `auto` picks by length and warns where 75 values are ambiguous. */
    openposeLayout: z.enum(['auto', 'coco18', 'body25', 'body25b']).default('auto'),
    /** OpenPose/ControlNet: a confidence below this (but above 0) imports as occluded (v=1). */
    occludedBelow: z.number().min(0).max(1).default(0.3),
    /** Skip malformed records (counted) instead of refusing the whole file. */
    skipMalformed: z.boolean().default(false),
    /** Tags applied to every imported pose. */
    tags: z.array(TagSchema).max(16).default([]),
  })
  .strict();
export type PoseImportOptions = z.infer<typeof PoseImportOptionsSchema>;

export const ImportSourceSchema = z.discriminatedUnion('kind', [
  /** A file or a folder of .json files on the machine that runs the studio core. */
  z.object({ kind: z.literal('path'), path: z.string().min(1) }),
  /** A file uploaded to the server beforehand (browser in server mode). */
  z.object({
    kind: z.literal('upload'),
    uploadId: z.string().regex(/^[a-f0-9]{32}$/),
    fileName: z.string().min(1),
  }),
]);
export type ImportSource = z.infer<typeof ImportSourceSchema>;

export const SkipReasonSchema = z.enum(['no-keypoints', 'crowd', 'not-person', 'malformed', 'duplicate']);
export type SkipReason = z.infer<typeof SkipReasonSchema>;

export const SkipCountsSchema = z.partialRecord(SkipReasonSchema, z.number().int().nonnegative());
export type SkipCounts = z.infer<typeof SkipCountsSchema>;

export const FileImportReportSchema = z.object({
  file: z.string(),
  format: PoseFormatSchema.nullable(),
  importId: z.number().int().nullable(),
  imported: z.number().int().nonnegative(),
  skipped: SkipCountsSchema,
  warnings: z.array(z.string()),
  /** Set when the file was refused; nothing from it was imported. */
  error: z
    .object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() })
    .nullable(),
});
export type FileImportReport = z.infer<typeof FileImportReportSchema>;

export const ImportReportSchema = z.object({
  jobId: z.number().int(),
  files: z.array(FileImportReportSchema),
  imported: z.number().int().nonnegative(),
  skipped: SkipCountsSchema,
  failedFiles: z.number().int().nonnegative(),
  seconds: z.number().nonnegative(),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const ExportFormatSchema = z.enum(['coco', 'openpose', 'controlnet']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

export const ExportResultSchema = z.object({
  /** Absolute path of the written file (a .json, or a .zip for multi-file OpenPose). */
  path: z.string(),
  /** Name under the project's exports/ folder; HTTP serves it at /api/exports/<name>. */
  name: z.string(),
  count: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
});
export type ExportResult = z.infer<typeof ExportResultSchema>;

export const ImportBatchSchema = z.object({
  id: z.number().int(),
  file: z.string(),
  format: PoseFormatSchema,
  count: z.number().int().nonnegative(),
  createdAt: z.number().int(),
});
export type ImportBatch = z.infer<typeof ImportBatchSchema>;

export const TagCountSchema = z.object({ tag: z.string(), count: z.number().int().nonnegative() });
export type TagCount = z.infer<typeof TagCountSchema>;

export const ProjectInfoSchema = z.object({
  path: z.string(),
  name: z.string(),
  schemaVersion: z.number().int(),
  poseCount: z.number().int().nonnegative(),
});
export type ProjectInfo = z.infer<typeof ProjectInfoSchema>;

export const JobStateSchema = z.enum(['queued', 'running', 'paused', 'done', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobStateSchema>;

export const JobSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  /** Echo of the id the client passed when it started the job, so it can follow its own job. */
  requestId: z.string().nullable(),
  state: JobStateSchema,
  title: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  unit: z.string(),
  /** Units per second over the recent window. */
  rate: z.number().nonnegative().nullable(),
  etaSeconds: z.number().nonnegative().nullable(),
  message: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Job = z.infer<typeof JobSchema>;

export const DoctorIssueSchema = z.object({
  kind: z.enum([
    'missing-folder',
    'orphan-file',
    'missing-file',
    'temp-file',
    'interrupted-job',
    'integrity',
  ]),
  path: z.string().nullable(),
  message: z.string(),
  repaired: z.boolean(),
});
export type DoctorIssue = z.infer<typeof DoctorIssueSchema>;

export const DoctorReportSchema = z.object({
  ok: z.boolean(),
  checked: z.object({ poses: z.number().int(), files: z.number().int() }),
  issues: z.array(DoctorIssueSchema),
});
export type DoctorReport = z.infer<typeof DoctorReportSchema>;
