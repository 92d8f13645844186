import { describe, expect, it } from 'vitest';
import { PoseStore, type PoseQuery } from './poseStore';
import { makePose } from './testPoses';

type Pending = {
  query: PoseQuery;
  offset: number;
  limit: number;
  resolve: () => void;
  reject: (e: Error) => void;
};

/** A fake `poses.list` over `total` poses whose answers the test releases by hand. */
function fakeServer(total: number) {
  const pending: Pending[] = [];
  let size = total;
  const fetcher = (query: PoseQuery, offset: number, limit: number) =>
    new Promise<{ items: ReturnType<typeof makePose>[]; total: number }>((resolve, reject) => {
      pending.push({
        query,
        offset,
        limit,
        resolve: () => {
          const count = Math.max(0, Math.min(limit, size - offset));
          resolve({ items: Array.from({ length: count }, (_, i) => makePose(offset + i + 1)), total: size });
        },
        reject,
      });
    });
  const flush = async () => {
    while (pending.length > 0) {
      pending.shift()!.resolve();
      await Promise.resolve();
      await Promise.resolve();
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { fetcher, pending, flush, setSize: (value: number) => (size = value) };
}

const QUERY: PoseQuery = { filter: {}, sort: { by: 'id', dir: 'asc' } };

describe('PoseStore', () => {
  it('fetches only the pages covering the wanted range and learns the total', async () => {
    const server = fakeServer(600_000);
    const store = new PoseStore(server.fetcher, QUERY, { pageSize: 100 });
    store.ensure(0, 80);
    expect(server.pending.map((p) => p.offset)).toEqual([0]);
    await server.flush();
    expect(store.total).toBe(600_000);
    expect(store.get(42)?.id).toBe(43);
    store.ensure(250, 420);
    expect(server.pending.map((p) => [p.offset, p.limit])).toEqual([
      [200, 100],
      [300, 100],
      [400, 100],
    ]);
  });

  it('caps concurrency and drops pages scrolled past before they were requested', async () => {
    const server = fakeServer(600_000);
    const store = new PoseStore(server.fetcher, QUERY, { pageSize: 100, maxConcurrent: 2 });
    store.ensure(0, 999);
    expect(server.pending).toHaveLength(2);
    store.ensure(500_000, 500_150);
    await server.flush();
    const requested = new Set(server.pending.map((p) => p.offset));
    await server.flush();
    expect(store.get(500_100)?.id).toBe(500_101);
    expect(store.get(300)).toBeUndefined();
    expect(requested.has(300)).toBe(false);
  });

  it('keys pages by filter and sort, and keeps other queries cached', async () => {
    const server = fakeServer(1000);
    const store = new PoseStore(server.fetcher, QUERY, { pageSize: 100 });
    store.ensure(0, 10);
    await server.flush();
    store.setQuery({ filter: { minLabeled: 15 }, sort: { by: 'id', dir: 'asc' } });
    expect(store.total).toBeNull();
    expect(server.pending[0]?.query.filter).toEqual({ minLabeled: 15 });
    await server.flush();
    store.setQuery(QUERY);
    expect(store.get(0)?.id).toBe(1);
    expect(server.pending).toHaveLength(0);
  });

  it('invalidate keeps stale items on screen and refetches the wanted pages', async () => {
    const server = fakeServer(300);
    const store = new PoseStore(server.fetcher, QUERY, { pageSize: 100 });
    store.ensure(0, 150);
    await server.flush();
    server.setSize(120);
    store.invalidate();
    expect(store.get(5)?.id).toBe(6);
    expect(server.pending.map((p) => p.offset)).toEqual([0, 100]);
    await server.flush();
    expect(store.total).toBe(120);
  });

  it('bounds the cache (LRU) while scrolling far', async () => {
    const server = fakeServer(600_000);
    const store = new PoseStore(server.fetcher, QUERY, { pageSize: 100, maxPages: 5 });
    for (let index = 0; index < 50_000; index += 5_000) {
      store.ensure(index, index + 150);
      await server.flush();
    }
    expect(store.cachedPages).toBeLessThanOrEqual(5);
    expect(store.get(45_100)?.id).toBe(45_101);
  });

  it('records an error once instead of retrying in a loop; invalidate retries', async () => {
    const server = fakeServer(100);
    const store = new PoseStore(server.fetcher, QUERY, { pageSize: 100 });
    store.ensure(0, 10);
    server.pending.shift()!.reject(new Error('offline'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    store.ensure(0, 10);
    expect(server.pending).toHaveLength(0);
    expect((store.error as Error).message).toBe('offline');
    store.invalidate();
    expect(server.pending).toHaveLength(1);
  });

  it('resolves ids of an index range, fetching uncached pages', async () => {
    const server = fakeServer(1000);
    const store = new PoseStore(server.fetcher, QUERY, { pageSize: 100 });
    const ids = store.idsInRange(95, 205);
    await server.flush();
    await server.flush();
    const resolved = await ids;
    expect(resolved).toHaveLength(111);
    expect(resolved[0]).toBe(96);
    expect(resolved.at(-1)).toBe(206);
  });
});
