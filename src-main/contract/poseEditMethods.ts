/**
 * @file Contract methods of the pose editor: create, augment, near-duplicate lookup, and the
 * previous / next pose in the library's filter and sort. Isomorphic: imports zod only.
 *
 * Poses made here are ordinary catalog poses (derived columns as on import) whose source says
 * where they came from: format `editor`, importId null, and `source.record` = `kind` or
 * `kind:ref` (e.g. `preset:t-pose`, `duplicate:12`, `augment:jitter:12`).
 */
import { z } from 'zod';
import { KeypointsSchema, PoseFilterSchema, PoseSchema, PoseSortSchema, TagSchema } from './dto';
import { Id, method } from './methodDef';

const Size = z.number().int().positive().max(16384);

/** Where a pose made in the editor came from; `ref` names the preset or the source pose(s). */
export const PoseOriginSchema = z
  .object({
    kind: z.enum(['preset', 'drawn', 'duplicate', 'augment']),
    ref: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type PoseOrigin = z.infer<typeof PoseOriginSchema>;

export const AugmentModeSchema = z.enum(['jitter', 'mirror', 'interpolate']);
export type AugmentMode = z.infer<typeof AugmentModeSchema>;

export const MAX_AUGMENT = 500;

const AugmentInputSchema = z
  .object({
    id: Id,
    mode: AugmentModeSchema,
    /** Poses to make (jitter, interpolate); mirror always makes one. */
    count: z.number().int().min(1).max(MAX_AUGMENT).default(10),
    /** Jitter: the same seed gives the same poses. */
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    /** Jitter: largest turn of a bone about its parent joint, degrees either way. */
    maxDegrees: z.number().positive().max(90).default(15),
    /** Interpolate: the pose to move towards (in-betweens at 1/(count+1) ... count/(count+1)). */
    otherId: Id.optional(),
    /** Tags added to every new pose besides `aug:<mode>`. */
    tags: z.array(TagSchema).max(16).default([]),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.mode === 'interpolate' && input.otherId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['otherId'], message: 'interpolate needs otherId' });
    }
  });

export const poseEditMethods = {
  'poses.create': method(
    z
      .object({
        width: Size,
        height: Size,
        keypoints: KeypointsSchema,
        tags: z.array(TagSchema).max(64).default([]),
        origin: PoseOriginSchema.default({ kind: 'drawn' }),
      })
      .strict(),
    PoseSchema,
    'Add one pose made in the editor (from a preset, drawn, or a duplicate) to the library.',
  ),
  'poses.augment': method(
    AugmentInputSchema,
    z.object({ ids: z.array(Id), tag: z.string() }),
    'Make new poses from one: jitter joint angles (bone lengths kept), mirror, or interpolate to another.',
  ),
  'poses.similar': method(
    z
      .object({
        /** Canvas of the pose; accepted for symmetry with poses.create (OKS is position and scale free). */
        width: Size.optional(),
        height: Size.optional(),
        keypoints: KeypointsSchema,
        /** Smallest OKS reported (inclusive); above 16/17 only poses labeling the same joints match. */
        threshold: z.number().min(0.8).max(1).default(0.95),
        /** Leave this pose out (the one being edited). */
        excludeId: Id.optional(),
        limit: z.number().int().min(1).max(50).default(5),
      })
      .strict(),
    z.object({
      items: z.array(z.object({ id: Id, oks: z.number().min(0).max(1) })),
    }),
    'Library poses whose OKS with the given pose (both in their unit box) reaches the threshold, best first.',
  ),
  'poses.neighbors': method(
    z
      .object({
        id: Id,
        filter: PoseFilterSchema.default({}),
        sort: PoseSortSchema.default({ by: 'id', dir: 'asc' }),
      })
      .strict(),
    z.object({
      /** The pose before it in `poses.list` order, null at the start. */
      prev: Id.nullable(),
      /** The pose after it, null at the end. */
      next: Id.nullable(),
      /**
       * Its offset in `poses.list` order; null when it does not match the filter (prev and next
       * are then the poses either side of where it would sit).
       */
      index: z.number().int().nonnegative().nullable(),
      /** Poses matching the filter. */
      total: z.number().int().nonnegative(),
    }),
    'Previous and next pose of one pose in a filter and sort (as poses.list orders them), and its position.',
  ),
} as const;
