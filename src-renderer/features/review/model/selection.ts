/**
 * @file The review grid's multi-selection: a set of variant ids and an anchor position. Shift with
 * an arrow (or a Shift-click) selects every tile from the anchor to the new focus in reading order
 * (the rest of the anchor's row, the rows between, the start of the focus row), the way a file
 * manager's icon view does; Ctrl/Cmd-click toggles one tile and moves the anchor; a plain move
 * clears it. A/R act on the selection when there is one, else on the focused tile. Pure.
 */
import { comparePos, type Pos } from './gridNav';

export type ReviewSelection = { ids: ReadonlySet<number>; anchor: Pos | null };

export const NO_SELECTION: ReviewSelection = { ids: new Set(), anchor: null };

/** Ids of a loaded row, or undefined when its page is not loaded. */
export type IdsOf = (row: number) => readonly number[] | undefined;

/** Ids of the tiles from `a` to `b` inclusive in reading order; rows not loaded contribute none. */
export function rangeIds(a: Pos, b: Pos, idsOf: IdsOf): number[] {
  const [from, to] = comparePos(a, b) <= 0 ? [a, b] : [b, a];
  const out: number[] = [];
  for (let row = from.row; row <= to.row; row += 1) {
    const ids = idsOf(row);
    if (ids === undefined) continue;
    const lo = row === from.row ? from.col : 0;
    const hi = row === to.row ? Math.min(ids.length - 1, to.col) : ids.length - 1;
    for (let col = lo; col <= hi; col += 1) out.push(ids[col]!);
  }
  return out;
}

/**
 * Shift+move or Shift-click: the range from the anchor (set to `from`, the focus before the move,
 * when there is none) to `to` replaces the selection; the anchor stays so the range pivots on it.
 */
export function extendTo(selection: ReviewSelection, from: Pos, to: Pos, idsOf: IdsOf): ReviewSelection {
  const anchor = selection.anchor ?? from;
  return { ids: new Set(rangeIds(anchor, to, idsOf)), anchor };
}

/** Ctrl/Cmd-click: flip one tile, keep the rest; the anchor moves there. */
export function toggleId(selection: ReviewSelection, id: number, at: Pos): ReviewSelection {
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: at };
}

/** What A/R act on: the selection, else the focused variant, else nothing. */
export function targetIds(selection: ReviewSelection, focusedId: number | null): number[] {
  if (selection.ids.size > 0) return [...selection.ids];
  return focusedId === null ? [] : [focusedId];
}
