import { describe, expect, it } from 'vitest';
import { PagedCache, type AnswerOrder } from './pagedCache';

type Answer = { items: number[]; total: number };

/** A cache over numbers whose answers the test releases by hand, in any order. */
function controlled(order: AnswerOrder) {
  let total = 10;
  const calls: Array<{ offset: number; release(): void }> = [];
  const fetch = (_query: string, offset: number, limit: number) =>
    new Promise<Answer>((resolve) => {
      const answer = {
        items: Array.from({ length: Math.min(limit, total - offset) }, (_, i) => offset + i),
        total,
      };
      calls.push({ offset, release: () => resolve(answer) });
    });
  const cache = new PagedCache<string, Answer, number, number>(
    { fetch, keyOf: (q) => q, itemsOf: (a) => a.items, summaryOf: (a) => a.total, totalOf: (t) => t, order },
    'all',
    {},
    { pageSize: 5, maxPages: 10, maxConcurrent: 4 },
  );
  return { cache, calls, setTotal: (value: number) => (total = value) };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Page 0 answered, then three invalidations with the two middle requests answered out of order. */
async function crossedAnswers(order: AnswerOrder) {
  const { cache, calls, setTotal } = controlled(order);
  cache.ensure(0, 0);
  calls[0]!.release();
  await flush();
  setTotal(8);
  cache.invalidate(); // request 2
  cache.invalidate(); // request 3
  cache.invalidate(); // request 4, left unanswered
  expect(calls.map((c) => c.offset)).toEqual([0, 0, 0, 0]);
  calls[2]!.release();
  await flush();
  calls[1]!.release();
  await flush();
  return cache;
}

describe('PagedCache answer order', () => {
  it("'request': an older answer never replaces a newer one, pages and totals alike", async () => {
    const cache = await crossedAnswers('request');
    expect(cache.itemSeq(0)).toBe(3);
    expect(cache.summary).toBe(8);
    expect(cache.item(4)).toBe(4);
  });

  it("'generation': a stale answer replaces a stale page but never a known total", async () => {
    const cache = await crossedAnswers('generation');
    expect(cache.itemSeq(0)).toBe(2);
    expect(cache.summary).toBe(10);
  });
});
