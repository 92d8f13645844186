import { describe, expect, it } from 'vitest';
import { clampPos, comparePos, findNext, isNavKey, move, samePos, type LengthOf } from './gridNav';

// Rows of 4, 2, 5 and 3 variants; row 4 is not loaded.
const lengths = [4, 2, 5, 3];
const lengthOf: LengthOf = (row) => lengths[row];
const TOTAL = 5;

describe('review grid navigation', () => {
  it('moves left and right within a row, clamped at its ends', () => {
    expect(move({ row: 0, col: 1 }, 'ArrowLeft', lengthOf, TOTAL, 3)).toEqual({ row: 0, col: 0 });
    expect(move({ row: 0, col: 0 }, 'ArrowLeft', lengthOf, TOTAL, 3)).toEqual({ row: 0, col: 0 });
    expect(move({ row: 0, col: 2 }, 'ArrowRight', lengthOf, TOTAL, 3)).toEqual({ row: 0, col: 3 });
    expect(move({ row: 0, col: 3 }, 'ArrowRight', lengthOf, TOTAL, 3)).toEqual({ row: 0, col: 3 });
    expect(move({ row: 2, col: 1 }, 'End', lengthOf, TOTAL, 3)).toEqual({ row: 2, col: 4 });
    expect(move({ row: 2, col: 3 }, 'Home', lengthOf, TOTAL, 3)).toEqual({ row: 2, col: 0 });
  });

  it('moves up and down across rows, clamping the column to a shorter row', () => {
    expect(move({ row: 0, col: 3 }, 'ArrowDown', lengthOf, TOTAL, 3)).toEqual({ row: 1, col: 1 });
    expect(move({ row: 1, col: 1 }, 'ArrowDown', lengthOf, TOTAL, 3)).toEqual({ row: 2, col: 1 });
    expect(move({ row: 2, col: 4 }, 'ArrowUp', lengthOf, TOTAL, 3)).toEqual({ row: 1, col: 1 });
    expect(move({ row: 0, col: 2 }, 'ArrowUp', lengthOf, TOTAL, 3)).toEqual({ row: 0, col: 2 });
    // Into a row not loaded yet: the column is kept until the row lands.
    expect(move({ row: 3, col: 2 }, 'ArrowDown', lengthOf, TOTAL, 3)).toEqual({ row: 4, col: 2 });
    expect(move({ row: 4, col: 2 }, 'ArrowDown', lengthOf, TOTAL, 3)).toEqual({ row: 4, col: 2 });
  });

  it('pages by a screenful of rows, clamped to the grid', () => {
    expect(move({ row: 0, col: 0 }, 'PageDown', lengthOf, TOTAL, 3)).toEqual({ row: 3, col: 0 });
    expect(move({ row: 3, col: 0 }, 'PageDown', lengthOf, TOTAL, 3)).toEqual({ row: 4, col: 0 });
    expect(move({ row: 2, col: 4 }, 'PageUp', lengthOf, TOTAL, 10)).toEqual({ row: 0, col: 3 });
  });

  it('clamps a stale position after the grid shrank, keeping the object when nothing changes', () => {
    const pos = { row: 1, col: 1 };
    expect(clampPos(pos, lengthOf, TOTAL)).toBe(pos);
    expect(clampPos({ row: 9, col: 9 }, lengthOf, 4)).toEqual({ row: 3, col: 2 });
    expect(clampPos({ row: 2, col: 2 }, lengthOf, 0)).toEqual({ row: 0, col: 0 });
  });

  it('orders positions in reading order and recognises navigation keys', () => {
    expect(comparePos({ row: 1, col: 0 }, { row: 0, col: 4 })).toBeGreaterThan(0);
    expect(comparePos({ row: 1, col: 0 }, { row: 1, col: 2 })).toBeLessThan(0);
    expect(samePos({ row: 1, col: 2 }, { row: 1, col: 2 })).toBe(true);
    expect(isNavKey('PageDown')).toBe(true);
    expect(isNavKey('a')).toBe(false);
  });
});

describe('next unreviewed', () => {
  const rows: Array<string[] | undefined> = [['u', 'a', 'a'], ['a', 'u'], ['a', 'a'], undefined];
  const rowAt = (row: number) => rows[row];
  const isU = (item: string) => item === 'u';

  it('finds the next match after the focus, not the focus itself', () => {
    expect(findNext({ row: 0, col: 0 }, 3, rowAt, isU)).toEqual({ kind: 'found', pos: { row: 1, col: 1 } });
  });

  it('wraps past the end back to the start', () => {
    expect(findNext({ row: 1, col: 1 }, 3, rowAt, isU)).toEqual({ kind: 'found', pos: { row: 0, col: 0 } });
    expect(findNext({ row: 0, col: 2 }, 3, rowAt, isU)).toEqual({ kind: 'found', pos: { row: 1, col: 1 } });
  });

  it('comes back to the focus when it is the only match, and says none when nothing matches', () => {
    const one = [['a', 'u', 'a']];
    expect(findNext({ row: 0, col: 1 }, 1, (r) => one[r], isU)).toEqual({
      kind: 'found',
      pos: { row: 0, col: 1 },
    });
    expect(findNext({ row: 0, col: 0 }, 3, rowAt, () => false)).toEqual({ kind: 'none' });
    expect(findNext({ row: 0, col: 0 }, 0, rowAt, isU)).toEqual({ kind: 'none' });
  });

  it('reports the first row it needs loaded', () => {
    expect(findNext({ row: 1, col: 1 }, 4, rowAt, isU)).toEqual({ kind: 'missing', row: 3 });
  });
});
