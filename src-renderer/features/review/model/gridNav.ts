/**
 * @file Keyboard geometry of the review grid, where each pose is a row of variable length:
 * a position is (row, column); left/right move within a row, up/down across rows keeping the
 * column where the new row is long enough, Home/End go to a row's ends, PageUp/PageDown jump by a
 * screenful of rows. Rows arrive in pages, so a row may not be loaded yet (`lengthOf` answers
 * undefined): moves into it keep the column and are clamped once it lands. Also reading-order
 * comparison and the search behind "next unreviewed", which reports the first row it needs
 * loaded instead of guessing. Pure.
 */

export type Pos = { row: number; col: number };

/** Variants in a row, or undefined when its page is not loaded. */
export type LengthOf = (row: number) => number | undefined;

export type NavKey =
  'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End' | 'PageUp' | 'PageDown';

const NAV_KEYS: ReadonlySet<string> = new Set([
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

export function isNavKey(key: string): key is NavKey {
  return NAV_KEYS.has(key);
}

export const ORIGIN: Pos = { row: 0, col: 0 };

/** The position moved onto an existing tile: row within the total, column within the row's length. */
export function clampPos(pos: Pos, lengthOf: LengthOf, totalRows: number): Pos {
  if (totalRows <= 0) return ORIGIN;
  const row = Math.min(totalRows - 1, Math.max(0, pos.row));
  const length = lengthOf(row);
  const col =
    length === undefined ? Math.max(0, pos.col) : Math.min(Math.max(0, length - 1), Math.max(0, pos.col));
  return row === pos.row && col === pos.col ? pos : { row, col };
}

/** The position after a navigation key; `pageRows` is how many rows PageUp/PageDown move. */
export function move(pos: Pos, key: NavKey, lengthOf: LengthOf, totalRows: number, pageRows: number): Pos {
  const last = (row: number) => Math.max(0, (lengthOf(row) ?? 1) - 1);
  const page = Math.max(1, pageRows);
  let next: Pos;
  switch (key) {
    case 'ArrowLeft':
      next = { row: pos.row, col: pos.col - 1 };
      break;
    case 'ArrowRight':
      next = { row: pos.row, col: Math.min(last(pos.row), pos.col + 1) };
      break;
    case 'ArrowUp':
      next = { row: pos.row - 1, col: pos.col };
      break;
    case 'ArrowDown':
      next = { row: pos.row + 1, col: pos.col };
      break;
    case 'Home':
      next = { row: pos.row, col: 0 };
      break;
    case 'End':
      next = { row: pos.row, col: last(pos.row) };
      break;
    case 'PageUp':
      next = { row: pos.row - page, col: pos.col };
      break;
    case 'PageDown':
      next = { row: pos.row + page, col: pos.col };
      break;
  }
  return clampPos(next, lengthOf, totalRows);
}

/** Reading order: by row, then column. */
export function comparePos(a: Pos, b: Pos): number {
  return a.row - b.row || a.col - b.col;
}

export function samePos(a: Pos, b: Pos): boolean {
  return a.row === b.row && a.col === b.col;
}

export type FindResult = { kind: 'found'; pos: Pos } | { kind: 'missing'; row: number } | { kind: 'none' };

/**
 * The first tile after `from` (reading order, wrapping past the end to the start and back to
 * `from` itself) whose item passes `test`. `rowAt` gives a loaded row's items, undefined for a row
 * not loaded: the search stops there and reports it, so the caller can load it and search again.
 */
export function findNext<T>(
  from: Pos,
  totalRows: number,
  rowAt: (row: number) => readonly T[] | undefined,
  test: (item: T) => boolean,
): FindResult {
  if (totalRows <= 0) return { kind: 'none' };
  const start = Math.min(totalRows - 1, Math.max(0, from.row));
  for (let step = 0; step <= totalRows; step += 1) {
    const row = (start + step) % totalRows;
    const items = rowAt(row);
    if (items === undefined) return { kind: 'missing', row };
    // The start row is visited twice: first after `from`, last (after wrapping) up to `from`.
    const lo = step === 0 ? from.col + 1 : 0;
    const hi = step === totalRows ? Math.min(items.length - 1, from.col) : items.length - 1;
    for (let col = lo; col <= hi; col += 1) {
      if (test(items[col]!)) return { kind: 'found', pos: { row, col } };
    }
  }
  return { kind: 'none' };
}
