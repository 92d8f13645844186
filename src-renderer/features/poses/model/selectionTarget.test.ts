import { describe, expect, it } from 'vitest';
import type { PoseFilter } from '../../../../src-main/contract';
import { selectAll, selectOnly, toggle } from './selection';
import { exportFilterFor, resolveSelectedIds, runInChunks } from './selectionTarget';

/** Ids 1..total matching the filter, served by keyset like poses.ids. */
function idServer(total: number) {
  const calls: Array<[PoseFilter, number, number]> = [];
  const fetchIds = async (filter: PoseFilter, afterId: number, limit: number) => {
    calls.push([filter, afterId, limit]);
    return Array.from({ length: Math.max(0, Math.min(limit, total - afterId)) }, (_, i) => afterId + i + 1);
  };
  return { calls, fetchIds };
}

describe('selection targets', () => {
  it('an explicit selection is its ids, sorted, without calls', async () => {
    const server = idServer(10);
    const ids = await resolveSelectedIds(toggle(selectOnly(9, 0), 3, 1), {}, server.fetchIds, 0);
    expect(ids).toEqual([3, 9]);
    expect(server.calls).toEqual([]);
  });

  it('select-all walks the filter ids by keyset and drops exclusions', async () => {
    const server = idServer(1_234);
    const filter = { minLabeled: 15 };
    const progress: number[] = [];
    const ids = await resolveSelectedIds(
      toggle(selectAll(), 600, 0),
      filter,
      server.fetchIds,
      1_234,
      (done) => progress.push(done),
      500,
    );
    expect(ids).toHaveLength(1_233);
    expect(ids.includes(600)).toBe(false);
    expect(server.calls.map(([f, offset, limit]) => [f, offset, limit])).toEqual([
      [filter, 0, 500],
      [filter, 500, 500],
      [filter, 1000, 500],
    ]);
    expect(progress).toEqual([500, 1000, 1234]);
  });

  it('runs actions in chunks and sums what they report', async () => {
    const chunks: number[][] = [];
    const total = await runInChunks(
      Array.from({ length: 12 }, (_, i) => i + 1),
      async (chunk) => {
        chunks.push(chunk);
        return chunk.length;
      },
      undefined,
      5,
    );
    expect(total).toBe(12);
    expect(chunks.map((c) => c.length)).toEqual([5, 5, 2]);
  });

  it('exports select-all by the filter itself, anything else by ids', async () => {
    const filter = { tags: ['keep'] };
    const never = async () => {
      throw new Error('must not resolve');
    };
    await expect(exportFilterFor(selectAll(), filter, never)).resolves.toBe(filter);
    await expect(exportFilterFor(toggle(selectOnly(4, 0), 2, 1), filter, never)).resolves.toEqual({
      ids: [2, 4],
    });
    await expect(exportFilterFor(toggle(selectAll(), 1, 0), filter, async () => [2, 3])).resolves.toEqual({
      ids: [2, 3],
    });
    await expect(
      exportFilterFor(toggle(selectAll(), 1, 0), filter, async () =>
        Array.from({ length: 100_001 }, (_, i) => i + 1),
      ),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
