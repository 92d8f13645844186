/**
 * @file Handlers of the review grid: `variants.review` (accept, reject or reset by hand: one logged,
 * undoable batch per call, saved in one transaction before the answer), `review.page` (pose rows
 * with their matching variants, totals and per-state counts), `review.undo` and `review.batches`.
 * A hand decision overrides a rule's; rules never touch decisions made by hand.
 */
import type { EventHub, Handlers, VariantStatus } from '../../contract';
import { decideAll, handValues, listBatches, undoBatch } from '../catalog/node/reviewRepo';
import { reviewPage } from '../catalog/node/reviewPage';
import type { QualityCatalog } from './qualityChecks';
import type { ProjectSession } from './session';

type ReviewHandlers = Pick<Handlers, 'variants.review' | 'review.page' | 'review.undo' | 'review.batches'>;

const VERBS: Record<VariantStatus, string> = { accepted: 'accepted', rejected: 'rejected', new: 'reset' };

function reviewLabel(status: VariantStatus, reason: string | undefined) {
  return (count: number): string => {
    const what = `${VERBS[status]} ${count} variant${count === 1 ? '' : 's'}`;
    return reason && status === 'rejected' ? `${what}: ${reason.slice(0, 100)}` : what;
  };
}

function announce(hub: EventHub, reason: string): void {
  hub.emit('catalog.changed', { entity: 'decisions', reason });
  hub.emit('catalog.changed', { entity: 'variants', reason: 'reviewed' });
}

export function createReviewHandlers(
  session: ProjectSession,
  hub: EventHub,
  now: () => number,
  catalog: QualityCatalog,
): ReviewHandlers {
  return {
    'variants.review': async ({ ids, status, reason }) => {
      const open = session.require();
      const db = open.project.catalog.writer;
      const batch = await open.lock.runExclusive(() =>
        decideAll(
          db,
          ids,
          handValues(status, reason ?? null),
          {
            by: 'hand',
            label: reviewLabel(status, reason),
          },
          now(),
        ),
      );
      if (batch) announce(hub, 'reviewed');
      return { updated: batch?.count ?? 0, batch };
    },
    'review.page': async (input) =>
      reviewPage(session.require().project.catalog.reader, input, catalog.review),
    'review.undo': async ({ batchId }) => {
      const open = session.require();
      const result = await open.lock.runExclusive(() =>
        undoBatch(open.project.catalog.writer, batchId ?? null, now()),
      );
      if (result.restored > 0 || result.batch) announce(hub, 'undone');
      return result;
    },
    'review.batches': async ({ limit }) => ({
      items: listBatches(session.require().project.catalog.reader, limit),
    }),
  };
}
