import { describe, expect, it } from 'vitest';
import {
  EMPTY_SELECTION,
  isSelected,
  rangeBounds,
  selectAll,
  selectOnly,
  selectRange,
  selectedCount,
  toggle,
  without,
} from './selection';

const ids = (selection: ReturnType<typeof selectOnly>) =>
  selection.kind === 'ids' ? [...selection.ids].sort() : null;

describe('selection model', () => {
  it('click selects one, Ctrl-click toggles, anchor follows', () => {
    let selection = selectOnly(10, 0);
    selection = toggle(selection, 12, 2);
    selection = toggle(selection, 13, 3);
    selection = toggle(selection, 12, 2);
    expect(ids(selection)).toEqual([10, 13]);
    expect(selection.anchor).toBe(2);
    expect(selectedCount(selection, 600_000)).toBe(2);
  });

  it('Shift-click replaces with the range from the anchor; Ctrl+Shift adds it', () => {
    const start = selectOnly(5, 5);
    expect(rangeBounds(start, 2)).toEqual([2, 5]);
    expect(rangeBounds(start, 8)).toEqual([5, 8]);
    const replaced = selectRange(toggle(start, 99, 5), [5, 6, 7], false);
    expect(ids(replaced)).toEqual([5, 6, 7]);
    expect(replaced.anchor).toBe(5);
    expect(ids(selectRange(selectOnly(1, 0), [5, 6], true))).toEqual([1, 5, 6]);
  });

  it('select-all is "everything matching the filter" minus exclusions', () => {
    let selection = selectAll();
    expect(isSelected(selection, 123_456)).toBe(true);
    selection = toggle(selection, 7, 3);
    expect(isSelected(selection, 7)).toBe(false);
    expect(selectedCount(selection, 600_000)).toBe(599_999);
    selection = selectRange(selection, [6, 7, 8], true);
    expect(isSelected(selection, 7)).toBe(true);
    expect(selection.kind).toBe('all');
  });

  it('drops deleted ids', () => {
    const selection = without(toggle(selectOnly(1, 0), 2, 1), [2]);
    expect(ids(selection)).toEqual([1]);
    expect(selectedCount(EMPTY_SELECTION, 10)).toBe(0);
  });
});
