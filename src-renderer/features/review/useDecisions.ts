/**
 * @file Decisions and undo with optimistic UI (model/optimistic.ts): a decision shows at once and
 * is sent with `variants.review`; a failed call rolls it back and leaves a visible error naming
 * what was not saved. Calls go out one after another in key-press order, so U pressed right after
 * A undoes that A (the studio undoes its latest batch) rather than the one before.
 */
import { useCallback, useRef, useState } from 'react';
import type { ReviewState } from '../../../src-main/contract';
import { useApi } from '../../api/ApiContext';
import {
  addDecision,
  changesFor,
  drop,
  markSent,
  prune,
  settle,
  undoBatch,
  type Decisions,
  type HandStatus,
} from './model/optimistic';
import type { ReviewStore } from './model/reviewStore';

/** A call that failed: what it was meant to do and why it did not. */
export type DecisionFailure = { action: string; cause: unknown };

export type DecisionsApi = {
  decisions: Decisions;
  failure: DecisionFailure | null;
  clearFailure(): void;
  /** Decide on these variants (id -> the state shown now); no-op changes are skipped. */
  decide(current: ReadonlyMap<number, ReviewState>, status: HandStatus): void;
  /** Undo a batch (the latest when none is given). */
  undo(batchId?: number): void;
};

const VERBS: Record<HandStatus, string> = { accepted: 'accept', rejected: 'reject', new: 'reset' };

function plural(count: number): string {
  return `${count.toLocaleString('en-US')} variant${count === 1 ? '' : 's'}`;
}

export function useDecisions(store: ReviewStore): DecisionsApi {
  const { client } = useApi();
  const [decisions, setDecisions] = useState<Decisions>([]);
  const [failure, setFailure] = useState<DecisionFailure | null>(null);
  const token = useRef(0);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const enqueue = useCallback((work: () => Promise<void>) => {
    queue.current = queue.current.then(work);
  }, []);

  const decide = useCallback(
    (current: ReadonlyMap<number, ReviewState>, status: HandStatus) => {
      const changes = changesFor(current, status);
      if (changes.length === 0) return;
      const mine = ++token.current;
      setDecisions((list) =>
        addDecision(prune(list, store.oldestSeq()), {
          ...{ token: mine, changes, sentSeq: null },
          ...{ settledSeq: null, batchId: null },
        }),
      );
      setFailure(null);
      enqueue(async () => {
        try {
          const sentSeq = store.nextSeq;
          setDecisions((list) => markSent(list, mine, sentSeq));
          const ids = changes.map((change) => change.id);
          const { batch } = await client.call('variants.review', { ids, status });
          const settledSeq = store.nextSeq;
          setDecisions((list) => settle(list, mine, settledSeq, batch?.id ?? null));
        } catch (cause) {
          setDecisions((list) => drop(list, mine));
          setFailure({ action: `${VERBS[status]} ${plural(changes.length)}`, cause });
        }
      });
    },
    [client, store, enqueue],
  );

  const undo = useCallback(
    (batchId?: number) => {
      setFailure(null);
      enqueue(async () => {
        const sentSeq = store.nextSeq;
        try {
          const result = await client.call('review.undo', batchId === undefined ? {} : { batchId });
          if (result.batch === null || result.restored === 0) return;
          const { id } = result.batch;
          const mine = ++token.current;
          // A batch made elsewhere is left to the refetch the studio's catalog.changed triggers.
          const settledSeq = store.nextSeq;
          setDecisions((list) => undoBatch(list, id, mine, sentSeq, settledSeq));
        } catch (cause) {
          setFailure({ action: 'undo', cause });
        }
      });
    },
    [client, store, enqueue],
  );

  const clearFailure = useCallback(() => setFailure(null), []);
  return { decisions, failure, clearFailure, decide, undo };
}
