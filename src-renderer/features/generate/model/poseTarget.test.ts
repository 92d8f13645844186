import { describe, expect, it } from 'vitest';
import type { PoseFilter } from '../../../../src-main/contract';
import type { LibraryView } from '../../poses/model/libraryShare';
import { DEFAULT_SORT, EMPTY_FILTER } from '../../poses/model/query';
import { EMPTY_SELECTION, selectAll, toggle, type Selection } from '../../poses/model/selection';
import { describeSelection, poseTarget, requestFilter, targetCount } from './poseTarget';

const view = (selection: Selection, total: number | null = 10): LibraryView => ({
  filterState: { ...EMPTY_FILTER, minLabeled: 5 },
  sort: DEFAULT_SORT,
  selection,
  total,
});

const noFetch = async (): Promise<number[]> => {
  throw new Error('should not fetch ids');
};

describe('pose target', () => {
  it('all and tag are plain filters', async () => {
    const all = poseTarget({ kind: 'all' }, null);
    expect(all).toEqual({ kind: 'filter', filter: {}, excluded: new Set() });
    expect(await requestFilter(all, noFetch, 0)).toEqual({});
    const tagged = poseTarget({ kind: 'tag', tag: 'keep' }, null);
    expect(await requestFilter(tagged, noFetch, 0)).toEqual({ tags: ['keep'] });
    expect(targetCount(tagged, 7)).toBe(7);
    expect(poseTarget({ kind: 'tag', tag: '' }, null).kind).toBe('none');
  });

  it('an explicit selection becomes sorted ids', async () => {
    const selection = toggle(toggle(EMPTY_SELECTION, 9, 0), 3, 1);
    const target = poseTarget({ kind: 'selection' }, view(selection));
    expect(await requestFilter(target, noFetch, 0)).toEqual({ ids: [3, 9] });
    expect(describeSelection(view(selection))).toBe('2 selected');
  });

  it('a plain select-all passes the library filter; exclusions are resolved to ids', async () => {
    const plain = poseTarget({ kind: 'selection' }, view(selectAll()));
    expect(await requestFilter(plain, noFetch, 10)).toEqual({ minLabeled: 5 });
    const excluded = poseTarget({ kind: 'selection' }, view(toggle(selectAll(), 2, 1)));
    expect(targetCount(excluded, 4)).toBe(3);
    const fetched: PoseFilter[] = [];
    const fetchIds = async (filter: PoseFilter, afterId: number) => {
      fetched.push(filter);
      return afterId === 0 ? [1, 2, 3, 4] : [];
    };
    expect(await requestFilter(excluded, fetchIds, 4)).toEqual({ ids: [1, 3, 4] });
    expect(fetched[0]).toEqual({ minLabeled: 5 });
    expect(describeSelection(view(toggle(selectAll(), 2, 1)))).toBe('9 selected matching the library filter');
  });

  it('an empty selection is not a target, and says where to select', async () => {
    const target = poseTarget({ kind: 'selection' }, view(EMPTY_SELECTION));
    expect(target.kind).toBe('none');
    expect(targetCount(target, 5)).toBe(0);
    await expect(requestFilter(target, noFetch, 0)).rejects.toThrow(/select poses on the Poses page/);
    expect(poseTarget({ kind: 'selection' }, null).kind).toBe('none');
  });
});
