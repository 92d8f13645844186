/**
 * @file Optimistic review decisions. A decision is shown the moment a key is pressed, before
 * `variants.review` answers, as an overlay on the grid's fetched rows and counts:
 *
 * - pending (sent, not answered): applies to every tile shown;
 * - settled (answered ok): applies only to tiles fetched before it settled, since a page fetched
 *   after the answer already holds it (`seq` numbers each page request, see reviewStore.ts). Once
 *   no shown data predates it, `prune` drops it;
 * - failed: removed, so the tiles and counts go back to what the server says (the rollback).
 *
 * Counts move only for counts requested before the call went out (calls wait their turn, so that
 * is later than the key press): a page requested while the call was in flight may already count
 * it (the studio announces the change with `catalog.changed` before the answer arrives, and the
 * grid refetches at once), and counting it twice would stick until the next refetch, while not
 * counting it is corrected by that refetch.
 *
 * Undoing a decision this page made appends its reverse, so the undo shows at once too. Each
 * change remembers the state it replaced; counts move by those differences. Pure.
 */
import type { ReviewCounts, ReviewState, VariantStatus } from '../../../../src-main/contract';

export type Change = { id: number; from: ReviewState; to: ReviewState };

export type Decision = {
  token: number;
  changes: readonly Change[];
  /** The first request sequence number that may see this decision (sent before it); null while queued. */
  sentSeq: number | null;
  /** The first request sequence number that sees this decision on the server; null while pending. */
  settledSeq: number | null;
  /** The server's batch of this decision, to match a later undo. */
  batchId: number | null;
};

export type Decisions = readonly Decision[];

/** The contract status a person's decision sends. */
export type HandStatus = Extract<VariantStatus, 'accepted' | 'rejected' | 'new'>;

export function stateForStatus(status: VariantStatus): ReviewState {
  switch (status) {
    case 'accepted':
      return 'accepted';
    case 'rejected':
      return 'rejected-hand';
    case 'new':
      return 'unreviewed';
  }
}

/** The changes a decision makes to these variants (given as id -> shown state); no-ops are left out. */
export function changesFor(current: ReadonlyMap<number, ReviewState>, status: VariantStatus): Change[] {
  const to = stateForStatus(status);
  return [...current].filter(([, from]) => from !== to).map(([id, from]) => ({ id, from, to }));
}

function applies(decision: Decision, dataSeq: number): boolean {
  return decision.settledSeq === null || dataSeq < decision.settledSeq;
}

export function addDecision(list: Decisions, decision: Decision): Decisions {
  return [...list, decision];
}

/** The call goes out now: requests from `seq` on may see it. */
export function markSent(list: Decisions, token: number, seq: number): Decisions {
  return list.map((d) => (d.token === token ? { ...d, sentSeq: seq } : d));
}

/** The call answered: the decision is on the server from request `seq` on. */
export function settle(list: Decisions, token: number, seq: number, batchId: number | null): Decisions {
  return list.map((d) => (d.token === token ? { ...d, settledSeq: seq, batchId } : d));
}

/** The call failed: forget the decision (the rollback). */
export function drop(list: Decisions, token: number): Decisions {
  return list.filter((d) => d.token !== token);
}

/**
 * The server undid `batchId` (the call sent before request `sentSeq`, answered before
 * `settledSeq`): when this page made that batch, append its reverse so the tiles show the restored
 * states before the refetch lands. Returns the list unchanged (same object) for a batch made
 * elsewhere, which only the refetch can show.
 */
export function undoBatch(
  list: Decisions,
  batchId: number,
  token: number,
  sentSeq: number,
  settledSeq: number,
): Decisions {
  const made = list.find((d) => d.batchId === batchId);
  if (made === undefined) return list;
  const changes = made.changes.map(({ id, from, to }) => ({ id, from: to, to: from }));
  return [...list, { token, changes, sentSeq, settledSeq, batchId: null }];
}

/** The state to show for a variant whose fetched state is `base`, from data fetched as request `dataSeq`. */
export function stateOf(list: Decisions, id: number, base: ReviewState, dataSeq: number): ReviewState {
  let state = base;
  for (const decision of list) {
    if (!applies(decision, dataSeq)) continue;
    for (const change of decision.changes) if (change.id === id) state = change.to;
  }
  return state;
}

function bump(counts: ReviewCounts, state: ReviewState, by: number): ReviewCounts {
  switch (state) {
    case 'unreviewed':
      return { ...counts, unreviewed: Math.max(0, counts.unreviewed + by) };
    case 'accepted':
      return { ...counts, accepted: Math.max(0, counts.accepted + by) };
    case 'rejected-hand':
      return { ...counts, rejectedHand: Math.max(0, counts.rejectedHand + by) };
    case 'rejected-auto':
      return { ...counts, rejectedAuto: Math.max(0, counts.rejectedAuto + by) };
  }
}

/** Counts fetched as request `countsSeq`, moved by the decisions sent after that request. */
export function adjustCounts(list: Decisions, counts: ReviewCounts, countsSeq: number): ReviewCounts {
  let out = counts;
  for (const decision of list) {
    if (decision.sentSeq !== null && countsSeq >= decision.sentSeq) continue;
    for (const { from, to } of decision.changes) out = bump(bump(out, from, -1), to, 1);
  }
  return out;
}

/**
 * Forget settled decisions that all shown data (oldest request `oldestSeq`) already holds, keeping
 * the entries a later undo may still need to match (the newest `keepBatches` with a batch id).
 */
export function prune(list: Decisions, oldestSeq: number, keepBatches = 20): Decisions {
  const withBatch = list.filter((d) => d.batchId !== null);
  const batches = keepBatches > 0 ? withBatch.slice(-keepBatches) : [];
  const kept = list.filter((d) => d.settledSeq === null || oldestSeq < d.settledSeq || batches.includes(d));
  return kept.length === list.length ? list : kept;
}
