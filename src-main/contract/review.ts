/**
 * @file DTOs of quality scoring and review (issue 5): the checks the studio runs on each variant
 * (face and image checks, listed by the server so clients render whatever it offers), per-variant
 * scores, threshold rules with their preview, the review grid's pose-grouped pages and filters,
 * and the decision log that makes every decision undoable. Isomorphic: imports zod only.
 */
import { z } from 'zod';
import { VariantSchema } from './generation';

export const CheckGroupSchema = z.enum(['face', 'image']);

export const CheckInfoSchema = z.object({
  /** Stable id, e.g. `face_landmarks`, `blur`; the key of scores, rules and filters. */
  id: z.string(),
  label: z.string(),
  group: CheckGroupSchema,
  /** Unit of the value, e.g. 'px', 'face widths', '' for a plain score. */
  unit: z.string(),
  /** Which side of the threshold fails: low values (blur, sharpness) or high ones (landmark error). */
  direction: z.enum(['low-is-bad', 'high-is-bad']),
  defaultThreshold: z.number(),
  /** A sensible slider range for the value. */
  min: z.number(),
  max: z.number(),
  description: z.string(),
});
export type CheckInfo = z.infer<typeof CheckInfoSchema>;

/** Scores of one variant: check id -> value, null where the check does not apply (back view). */
export const VariantScoresSchema = z.object({
  variantId: z.number().int(),
  scores: z.record(z.string(), z.number().nullable()),
  /** Faces the detector found (variant pixels), for the overlay. */
  faces: z.array(
    z.object({
      box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
      score: z.number(),
      keypoints: z.array(z.tuple([z.number(), z.number()])),
    }),
  ),
  scoredAt: z.number().int(),
});
export type VariantScores = z.infer<typeof VariantScoresSchema>;

/** Where a variant stands: not reviewed, accepted, rejected by a person, rejected by a rule. */
export const ReviewStateSchema = z.enum(['unreviewed', 'accepted', 'rejected-hand', 'rejected-auto']);
export type ReviewState = z.infer<typeof ReviewStateSchema>;

export const ScoreRangeSchema = z.strictObject({
  check: z.string().min(1),
  min: z.number().optional(),
  max: z.number().optional(),
});
export type ScoreRange = z.infer<typeof ScoreRangeSchema>;

/** The review grid's filter; every part narrows (AND). */
export const ReviewFilterSchema = z.strictObject({
  runId: z.number().int().positive().optional(),
  /** Any of these states (all when absent or empty). */
  states: z.array(ReviewStateSchema).max(4).optional(),
  generator: z.string().min(1).max(100).optional(),
  /** Case-insensitive substring of the prompt. */
  promptContains: z.string().min(1).max(200).optional(),
  /** Variants of poses carrying this tag. */
  tag: z.string().min(1).max(100).optional(),
  /** Score ranges (inclusive); a variant without a score for the check does not match. */
  scores: z.array(ScoreRangeSchema).max(16).optional(),
  /** Only variants scored (true) or not yet scored (false). */
  scored: z.boolean().optional(),
});
export type ReviewFilter = z.infer<typeof ReviewFilterSchema>;

/**
 * Order of the pose rows: by pose id, or by a check's worst value among the row's matching
 * variants (lowest first for low-is-bad checks, highest first for high-is-bad ones, unless
 * `dir` says otherwise).
 */
export const ReviewSortSchema = z.strictObject({
  by: z.string().min(1).default('pose'),
  dir: z.enum(['worst-first', 'best-first']).default('worst-first'),
});
export type ReviewSort = z.infer<typeof ReviewSortSchema>;

export const ReviewCountsSchema = z.object({
  unreviewed: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  rejectedHand: z.number().int().nonnegative(),
  rejectedAuto: z.number().int().nonnegative(),
});
export type ReviewCounts = z.infer<typeof ReviewCountsSchema>;

export const ReviewVariantSchema = VariantSchema.extend({
  state: ReviewStateSchema,
  /** Scores when scored (null before). */
  scores: z.record(z.string(), z.number().nullable()).nullable(),
});
export type ReviewVariant = z.infer<typeof ReviewVariantSchema>;

export const ReviewRowSchema = z.object({
  poseId: z.number().int(),
  /** The pose's keypoints and canvas, for the skeleton overlay. */
  pose: z.object({
    width: z.number(),
    height: z.number(),
    keypoints: z.array(z.tuple([z.number(), z.number(), z.number()])),
  }),
  variants: z.array(ReviewVariantSchema),
});
export type ReviewRow = z.infer<typeof ReviewRowSchema>;

export const ReviewPageSchema = z.object({
  rows: z.array(ReviewRowSchema),
  /** Pose rows matching the filter. */
  totalRows: z.number().int().nonnegative(),
  /** Variants matching the filter. */
  totalVariants: z.number().int().nonnegative(),
  /** Counts per state over the filter without its `states` part (always visible in the UI). */
  counts: ReviewCountsSchema,
});
export type ReviewPage = z.infer<typeof ReviewPageSchema>;

/** A threshold rule: reject when the check's value is on the bad side of the threshold. */
export const QualityRuleSchema = z.strictObject({
  check: z.string().min(1),
  threshold: z.number(),
  enabled: z.boolean().default(true),
});
export type QualityRule = z.infer<typeof QualityRuleSchema>;

export const RulePreviewSchema = z.object({
  perRule: z.array(
    z.object({
      check: z.string(),
      /** Variants this rule alone would reject. */
      count: z.number().int().nonnegative(),
      /** A few of them, to look at before applying. */
      sample: z.array(ReviewVariantSchema),
    }),
  ),
  /** Variants any enabled rule would reject (each counted once). */
  total: z.number().int().nonnegative(),
  /** Scored variants the rules looked at (unreviewed and auto-rejected ones only: decisions by hand stand). */
  considered: z.number().int().nonnegative(),
  /** Variants rejected by a rule before that no enabled rule catches now: apply sets them back to unreviewed. */
  released: z.number().int().nonnegative().optional(),
});
export type RulePreview = z.infer<typeof RulePreviewSchema>;

/** One undoable batch of decisions (a key press, a bulk action, a rules apply). */
export const DecisionBatchSchema = z.object({
  id: z.number().int(),
  /** 'hand' for decisions by a person, 'auto' for rules. */
  by: z.enum(['hand', 'auto']),
  label: z.string(),
  count: z.number().int().nonnegative(),
  undone: z.boolean(),
  at: z.number().int(),
});
export type DecisionBatch = z.infer<typeof DecisionBatchSchema>;
