import { describe, expect, it } from 'vitest';
import type { ReviewState } from '../../../../src-main/contract';
import {
  addDecision,
  adjustCounts,
  changesFor,
  drop,
  markSent,
  prune,
  settle,
  stateForStatus,
  stateOf,
  undoBatch,
  type Decision,
  type Decisions,
} from './optimistic';

const counts = { unreviewed: 10, accepted: 2, rejectedHand: 1, rejectedAuto: 3 };

function decide(
  list: Decisions,
  token: number,
  states: Array<[number, ReviewState]>,
  status: 'accepted' | 'rejected' | 'new',
  sentSeq: number | null = 8,
) {
  const changes = changesFor(new Map(states), status);
  const decision: Decision = { token, changes, sentSeq, settledSeq: null, batchId: null };
  return addDecision(list, decision);
}

describe('optimistic decisions', () => {
  it('maps statuses to states and leaves out no-op changes', () => {
    expect(stateForStatus('rejected')).toBe('rejected-hand');
    expect(stateForStatus('new')).toBe('unreviewed');
    const changes = changesFor(
      new Map<number, ReviewState>([
        [1, 'unreviewed'],
        [2, 'accepted'],
        [3, 'rejected-auto'],
      ]),
      'accepted',
    );
    expect(changes).toEqual([
      { id: 1, from: 'unreviewed', to: 'accepted' },
      { id: 3, from: 'rejected-auto', to: 'accepted' },
    ]);
  });

  it('shows a pending decision on every tile and moves the counts', () => {
    const list = decide(
      [],
      1,
      [
        [7, 'unreviewed'],
        [8, 'rejected-auto'],
      ],
      'rejected',
    );
    expect(stateOf(list, 7, 'unreviewed', 5)).toBe('rejected-hand');
    expect(stateOf(list, 9, 'unreviewed', 5)).toBe('unreviewed');
    expect(adjustCounts(list, counts, 5)).toEqual({
      unreviewed: 9,
      accepted: 2,
      rejectedHand: 3,
      rejectedAuto: 2,
    });
  });

  it('after settling, applies to tiles fetched before the answer, to counts fetched before sending', () => {
    const list = settle(decide([], 1, [[7, 'unreviewed']], 'accepted', 8), 1, 10, 44);
    expect(stateOf(list, 7, 'unreviewed', 9)).toBe('accepted');
    // A page fetched at 10 or later already says "accepted": nothing to add.
    expect(stateOf(list, 7, 'accepted', 10)).toBe('accepted');
    expect(stateOf(list, 7, 'rejected-hand', 10)).toBe('rejected-hand');
    expect(adjustCounts(list, counts, 7).accepted).toBe(3);
    // Counts requested while the call was in flight may hold it already: never counted twice.
    expect(adjustCounts(list, counts, 8)).toBe(counts);
  });

  it('rolls back by dropping the failed decision, keeping later ones', () => {
    let list = decide([], 1, [[7, 'unreviewed']], 'accepted');
    list = decide(list, 2, [[8, 'unreviewed']], 'rejected');
    list = drop(list, 1);
    expect(stateOf(list, 7, 'unreviewed', 0)).toBe('unreviewed');
    expect(stateOf(list, 8, 'unreviewed', 0)).toBe('rejected-hand');
    expect(adjustCounts(list, counts, 0)).toEqual({ ...counts, unreviewed: 9, rejectedHand: 2 });
  });

  it('moves counts of any age while the call waits its turn, then only older ones', () => {
    let list = decide([], 1, [[7, 'unreviewed']], 'accepted', null);
    expect(adjustCounts(list, counts, 50).accepted).toBe(3);
    list = markSent(list, 1, 51);
    expect(adjustCounts(list, counts, 50).accepted).toBe(3);
    expect(adjustCounts(list, counts, 51)).toBe(counts);
  });

  it('a decision and its undo sent while a refetch was in flight cancel out in the counts', () => {
    // Counts from request 2 hold neither: the decision went out at 3, its undo at 4.
    let list = settle(decide([], 1, [[7, 'unreviewed']], 'rejected', 3), 1, 3, 9);
    list = undoBatch(list, 9, 2, 4, 4);
    expect(adjustCounts(list, counts, 2)).toEqual(counts);
    expect(stateOf(list, 7, 'unreviewed', 2)).toBe('unreviewed');
  });

  it('the latest decision on a variant wins', () => {
    let list = decide([], 1, [[7, 'unreviewed']], 'accepted');
    list = decide(list, 2, [[7, 'accepted']], 'rejected');
    expect(stateOf(list, 7, 'unreviewed', 0)).toBe('rejected-hand');
    expect(adjustCounts(list, counts, 0)).toEqual({ ...counts, unreviewed: 9, rejectedHand: 2 });
  });

  it('undoing a batch made here shows the old states at once, over old and new data', () => {
    let list = settle(
      decide(
        [],
        1,
        [
          [7, 'unreviewed'],
          [8, 'rejected-auto'],
        ],
        'accepted',
        9,
      ),
      1,
      10,
      44,
    );
    expect(undoBatch(list, 99, 2, 20, 20)).toBe(list);
    list = undoBatch(list, 44, 2, 20, 20);
    // Data from before the decision, and data from between the decision and the undo.
    expect(stateOf(list, 7, 'unreviewed', 5)).toBe('unreviewed');
    expect(stateOf(list, 8, 'accepted', 15)).toBe('rejected-auto');
    expect(stateOf(list, 8, 'rejected-auto', 20)).toBe('rejected-auto');
    expect(adjustCounts(list, { ...counts, accepted: 4, unreviewed: 9, rejectedAuto: 2 }, 15)).toEqual(
      counts,
    );
  });

  it('prunes settled decisions all shown data holds, keeping pending ones and recent batches', () => {
    let list = settle(decide([], 1, [[7, 'unreviewed']], 'accepted'), 1, 10, null);
    list = decide(list, 2, [[8, 'unreviewed']], 'accepted');
    list = settle(decide(list, 3, [[9, 'unreviewed']], 'accepted'), 3, 11, 50);
    expect(prune(list, 9)).toBe(list);
    expect(prune(list, 12).map((d) => d.token)).toEqual([2, 3]);
    expect(prune(list, 12, 0).map((d) => d.token)).toEqual([2]);
  });
});
