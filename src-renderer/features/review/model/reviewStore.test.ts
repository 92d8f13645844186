import { describe, expect, it } from 'vitest';
import type { ReviewPage, ReviewRow, ReviewVariant } from '../../../../src-main/contract';
import { ReviewStore, type ReviewQuery } from './reviewStore';

const QUERY: ReviewQuery = { filter: {}, sort: { by: 'pose', dir: 'worst-first' } };
const counts = { unreviewed: 1, accepted: 0, rejectedHand: 0, rejectedAuto: 0 };

function row(poseId: number): ReviewRow {
  const variants = [{ id: poseId * 10 } as ReviewVariant, { id: poseId * 10 + 1 } as ReviewVariant];
  return { poseId, pose: { width: 10, height: 10, keypoints: [] }, variants };
}

/** A fetcher over `total` rows whose answers the test releases by hand. */
function controlled(total: number) {
  const calls: Array<{ query: ReviewQuery; offset: number; limit: number; release(fail?: boolean): void }> =
    [];
  const fetcher = (query: ReviewQuery, offset: number, limit: number) =>
    new Promise<ReviewPage>((resolve, reject) => {
      const rows = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) =>
        row(offset + i + 1),
      );
      calls.push({
        query,
        offset,
        limit,
        release: (fail = false) =>
          fail
            ? reject(new Error('boom'))
            : resolve({ rows, totalRows: total, totalVariants: total * 2, counts }),
      });
    });
  return { calls, fetcher };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ReviewStore', () => {
  it('fetches the pages the grid shows, two at a time, and numbers every request', async () => {
    const { calls, fetcher } = controlled(500);
    const store = new ReviewStore(fetcher, QUERY, { pageSize: 50 });
    store.ensure(0, 0);
    expect(calls.map((c) => c.offset)).toEqual([0]);
    calls[0]!.release();
    await flush();
    expect(store.summary).toEqual({ totalRows: 500, totalVariants: 1000, counts, seq: 1 });
    expect(store.row(49)?.poseId).toBe(50);
    expect(store.rowSeq(49)).toBe(1);
    expect(store.rowSeq(50)).toBe(-1);
    store.ensure(60, 220);
    expect(calls.map((c) => c.offset)).toEqual([0, 50, 100]);
    calls[1]!.release();
    await flush();
    expect(calls.map((c) => c.offset)).toEqual([0, 50, 100, 150]);
    expect(store.nextSeq).toBe(5);
  });

  it('drops pages no longer wanted and never fetches past the total', async () => {
    const { calls, fetcher } = controlled(120);
    const store = new ReviewStore(fetcher, QUERY, { pageSize: 50 });
    store.ensure(0, 400);
    calls[0]!.release();
    calls[1]!.release();
    await flush();
    calls[2]?.release();
    await flush();
    expect(calls.map((c) => c.offset)).toEqual([0, 50, 100]);
  });

  it('keeps stale rows on screen after invalidate and refetches them; older answers never win', async () => {
    const { calls, fetcher } = controlled(60);
    const store = new ReviewStore(fetcher, QUERY, { pageSize: 50 });
    store.ensure(0, 0);
    calls[0]!.release();
    await flush();
    store.invalidate();
    expect(store.row(0)?.poseId).toBe(1);
    expect(calls).toHaveLength(2);
    calls[1]!.release();
    await flush();
    expect(store.rowSeq(0)).toBe(2);
    expect(store.oldestSeq()).toBe(2);
  });

  it('switches queries, keeping each query’s pages and totals apart', async () => {
    const { calls, fetcher } = controlled(60);
    const store = new ReviewStore(fetcher, QUERY, { pageSize: 50 });
    store.ensure(0, 0);
    calls[0]!.release();
    await flush();
    store.setQuery({ ...QUERY, filter: { states: ['accepted'] } });
    expect(store.summary).toBeNull();
    expect(store.row(0)).toBeUndefined();
    store.ensure(0, 0);
    expect(calls[1]?.query.filter).toEqual({ states: ['accepted'] });
    store.setQuery(QUERY);
    expect(store.row(0)?.poseId).toBe(1);
  });

  it('reports a failed page and retries it after invalidate', async () => {
    const { calls, fetcher } = controlled(60);
    const store = new ReviewStore(fetcher, QUERY, { pageSize: 50 });
    store.ensure(0, 0);
    calls[0]!.release(true);
    await flush();
    expect((store.error as Error).message).toBe('boom');
    store.ensure(0, 0);
    expect(calls).toHaveLength(1);
    store.invalidate();
    expect(store.error).toBeNull();
    expect(calls).toHaveLength(2);
  });

  it('loads one row’s page on demand, sharing a request already in flight', async () => {
    const { calls, fetcher } = controlled(300);
    const store = new ReviewStore(fetcher, QUERY, { pageSize: 50 });
    const first = store.load(170);
    const second = store.load(160);
    expect(calls.map((c) => c.offset)).toEqual([150]);
    calls[0]!.release();
    expect(await first).toBe(true);
    expect(await second).toBe(true);
    expect(store.row(170)?.poseId).toBe(171);
    expect(await store.load(151)).toBe(true);
    const located = store.locate([1711, 1, 1510]);
    expect([...located].map(([id, at]) => [id, at.index, at.variant.id])).toEqual([
      [1510, 150, 1510],
      [1711, 170, 1711],
    ]);
    expect(calls.filter((c) => c.offset === 150)).toHaveLength(1);
  });

  it('evicts the least recently used pages beyond the bound, never the wanted ones', async () => {
    const { calls, fetcher } = controlled(1000);
    const store = new ReviewStore(fetcher, QUERY, { pageSize: 10, maxPages: 3, maxConcurrent: 10 });
    store.ensure(0, 49);
    calls.forEach((c) => c.release());
    await flush();
    expect(store.cachedPages).toBe(5);
    store.ensure(50, 59);
    calls[5]!.release();
    await flush();
    expect(store.cachedPages).toBe(3);
    expect(store.row(55)?.poseId).toBe(56);
  });
});
