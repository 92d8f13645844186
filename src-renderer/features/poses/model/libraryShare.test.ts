import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, DEFAULT_SORT } from './query';
import { EMPTY_SELECTION, selectAll, toggle } from './selection';
import {
  createLibraryShare,
  hasSelection,
  viewFilter,
  viewSelectedCount,
  type LibraryView,
} from './libraryShare';

const view = (over: Partial<LibraryView> = {}): LibraryView => ({
  filterState: EMPTY_FILTER,
  sort: DEFAULT_SORT,
  selection: EMPTY_SELECTION,
  total: 10,
  ...over,
});

describe('library share', () => {
  it('keeps the last view and notifies subscribers only on a real change', () => {
    const share = createLibraryShare();
    let calls = 0;
    const stop = share.subscribe(() => (calls += 1));
    expect(share.get()).toBeNull();
    const first = view();
    share.set(first);
    share.set({ ...first });
    expect(calls).toBe(1);
    share.set({ ...first, total: 11 });
    expect(calls).toBe(2);
    expect(share.get()?.total).toBe(11);
    stop();
    share.set(view({ total: 3 }));
    expect(calls).toBe(2);
  });

  it('counts ids, select-all minus exclusions, and waits for the total of a select-all', () => {
    expect(viewSelectedCount(view({ selection: toggle(EMPTY_SELECTION, 4, 0) }))).toBe(1);
    expect(viewSelectedCount(view({ selection: toggle(selectAll(), 4, 0), total: 10 }))).toBe(9);
    expect(viewSelectedCount(view({ selection: selectAll(), total: null }))).toBeNull();
    expect(hasSelection(view({ selection: selectAll(), total: null }))).toBe(true);
    expect(hasSelection(view())).toBe(false);
    expect(hasSelection(null)).toBe(false);
  });

  it('gives the library filter as a contract filter', () => {
    expect(viewFilter(view({ filterState: { ...EMPTY_FILTER, tag: { kind: 'tag', tag: 'keep' } } }))).toEqual(
      {
        tags: ['keep'],
      },
    );
  });
});
