import { describe, expect, it } from 'vitest';
import { NO_SELECTION, extendTo, rangeIds, targetIds, toggleId, type IdsOf } from './selection';

// Row r holds ids r*10 + col; row 2 is not loaded.
const rows: Array<number[] | undefined> = [[0, 1, 2, 3], [10, 11], undefined, [30, 31, 32]];
const idsOf: IdsOf = (row) => rows[row];

describe('review selection', () => {
  it('takes a range in reading order, whichever end comes first', () => {
    expect(rangeIds({ row: 0, col: 2 }, { row: 1, col: 0 }, idsOf)).toEqual([2, 3, 10]);
    expect(rangeIds({ row: 1, col: 0 }, { row: 0, col: 2 }, idsOf)).toEqual([2, 3, 10]);
    expect(rangeIds({ row: 0, col: 1 }, { row: 0, col: 1 }, idsOf)).toEqual([1]);
  });

  it('skips rows that are not loaded and clamps a column past a short row', () => {
    expect(rangeIds({ row: 1, col: 1 }, { row: 3, col: 1 }, idsOf)).toEqual([11, 30, 31]);
    expect(rangeIds({ row: 1, col: 0 }, { row: 1, col: 7 }, idsOf)).toEqual([10, 11]);
  });

  it('extends from the focus before the first Shift move, then pivots on that anchor', () => {
    const first = extendTo(NO_SELECTION, { row: 0, col: 1 }, { row: 0, col: 2 }, idsOf);
    expect([...first.ids]).toEqual([1, 2]);
    expect(first.anchor).toEqual({ row: 0, col: 1 });
    const down = extendTo(first, { row: 0, col: 2 }, { row: 1, col: 1 }, idsOf);
    expect([...down.ids]).toEqual([1, 2, 3, 10, 11]);
    const back = extendTo(down, { row: 1, col: 1 }, { row: 0, col: 0 }, idsOf);
    expect([...back.ids]).toEqual([0, 1]);
    expect(back.anchor).toEqual({ row: 0, col: 1 });
  });

  it('toggles single tiles and moves the anchor', () => {
    const one = toggleId(NO_SELECTION, 3, { row: 0, col: 3 });
    const two = toggleId(one, 10, { row: 1, col: 0 });
    expect([...two.ids]).toEqual([3, 10]);
    expect(two.anchor).toEqual({ row: 1, col: 0 });
    expect([...toggleId(two, 3, { row: 0, col: 3 }).ids]).toEqual([10]);
  });

  it('targets the selection, else the focused tile', () => {
    expect(targetIds(toggleId(NO_SELECTION, 5, { row: 0, col: 0 }), 9)).toEqual([5]);
    expect(targetIds(NO_SELECTION, 9)).toEqual([9]);
    expect(targetIds(NO_SELECTION, null)).toEqual([]);
  });
});
