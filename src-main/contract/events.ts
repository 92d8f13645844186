/**
 * @file Events the studio pushes to every client (`domain.noun`), as zod schemas.
 * Isomorphic: imports zod only.
 */
import { z } from 'zod';
import { JobSchema } from './dto';
import { MetricPointSchema } from './training';

export const events = {
  /** A job changed state or made progress (throttled by the emitter). */
  'jobs.progress': JobSchema,
  /** New variants were committed (batched); clients showing the run refetch. */
  'variants.created': z.object({
    runId: z.number().int(),
    count: z.number().int(),
    lastId: z.number().int(),
  }),
  /**
   * A picture of a variant in the making (SD's latent preview, a small PNG at latent resolution),
   * throttled per run; the Generate page shows the latest one with its step.
   */
  'generate.preview': z.object({
    jobId: z.number().int(),
    runId: z.number().int(),
    poseId: z.number().int(),
    /** Variant index within the pose. */
    index: z.number().int(),
    step: z.number().int().nonnegative(),
    steps: z.number().int().positive(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    dataUrl: z.string(),
  }),
  /** New training steps of a run (batched); the Train page appends them to its charts. */
  'train.metrics': z.object({
    runId: z.number().int(),
    points: z.array(MetricPointSchema),
  }),
  /** Catalog rows changed; clients refetch what they show. */
  'catalog.changed': z.object({
    entity: z.enum([
      'poses',
      'tags',
      'imports',
      'project',
      'variants',
      'runs',
      'trainRuns',
      'evals',
      'scores',
      'decisions',
      'models',
      'settings',
    ]),
    reason: z.string(),
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}
