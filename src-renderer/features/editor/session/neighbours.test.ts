import { describe, expect, it } from 'vitest';
import { findNeighbours, type ListIds } from './neighbours';

function lister(ids: number[]) {
  const calls: Array<[number, number]> = [];
  const list: ListIds = async (offset, limit) => {
    calls.push([offset, limit]);
    expect(limit).toBeLessThanOrEqual(500);
    return { ids: ids.slice(offset, offset + limit), total: ids.length };
  };
  return { list, calls };
}

describe('findNeighbours', () => {
  const ids = Array.from({ length: 1200 }, (_, i) => 2 * i + 1);

  it('finds a pose by scanning pages, across a page edge', async () => {
    const { list, calls } = lister(ids);
    const at = 498; // the last id of the first page
    const found = await findNeighbours(list, ids[at]!, null);
    expect(found).toEqual({
      index: at,
      prev: { id: ids[at - 1], index: at - 1 },
      next: { id: ids[at + 1], index: at + 1 },
    });
    const deep = await findNeighbours(list, ids[1100]!, null);
    expect(deep.next).toEqual({ id: ids[1101], index: 1101 });
    expect(calls.length).toBe(4);
  });

  it('uses the remembered position with one small call', async () => {
    const { list, calls } = lister(ids);
    const found = await findNeighbours(list, ids[700]!, 700);
    expect(found.prev?.id).toBe(ids[699]);
    expect(calls).toEqual([[699, 3]]);
  });

  it('has no previous at the start and no next at the end', async () => {
    const { list } = lister(ids);
    expect((await findNeighbours(list, ids[0]!, null)).prev).toBeNull();
    expect((await findNeighbours(list, ids.at(-1)!, null)).next).toBeNull();
  });

  it('steps from the old position when the pose left the filter', async () => {
    const { list } = lister(ids.filter((id) => id !== 21)); // 21 was at index 10
    const found = await findNeighbours(list, 21, 10);
    expect(found).toEqual({ index: null, prev: { id: 19, index: 9 }, next: { id: 23, index: 10 } });
    expect(await findNeighbours(list, 21, null)).toEqual({ index: null, prev: null, next: null });
  });
});
