/**
 * @file The library's multi-selection, framework-free: either an explicit set of ids, or "every
 * pose matching the filter" minus exclusions (so select-all works at 600k poses without loading
 * them). Click, Ctrl/Cmd-click toggle, Shift-click range (from the anchor index), select all,
 * clear. Pure: every operation returns a new selection.
 */

export type Selection =
  | { kind: 'ids'; ids: ReadonlySet<number>; anchor: number | null }
  | { kind: 'all'; excluded: ReadonlySet<number>; anchor: number | null };

export const EMPTY_SELECTION: Selection = { kind: 'ids', ids: new Set(), anchor: null };

/** Plain click: only this pose. */
export function selectOnly(id: number, index: number): Selection {
  return { kind: 'ids', ids: new Set([id]), anchor: index };
}

/** Ctrl/Cmd-click: flip this pose, keep the rest; the anchor moves here. */
export function toggle(selection: Selection, id: number, index: number): Selection {
  if (selection.kind === 'ids') {
    const ids = new Set(selection.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    return { kind: 'ids', ids, anchor: index };
  }
  const excluded = new Set(selection.excluded);
  if (excluded.has(id)) excluded.delete(id);
  else excluded.add(id);
  return { kind: 'all', excluded, anchor: index };
}

/**
 * Shift-click: the poses from the anchor to `index` (`rangeIds`, resolved by the caller). With
 * `additive` (Ctrl/Cmd+Shift) the range joins the selection, otherwise it replaces it. The anchor
 * stays put so successive Shift-clicks pivot around it.
 */
export function selectRange(selection: Selection, rangeIds: readonly number[], additive: boolean): Selection {
  const anchor = selection.anchor;
  if (!additive) return { kind: 'ids', ids: new Set(rangeIds), anchor };
  if (selection.kind === 'ids') return { kind: 'ids', ids: new Set([...selection.ids, ...rangeIds]), anchor };
  const excluded = new Set(selection.excluded);
  for (const id of rangeIds) excluded.delete(id);
  return { kind: 'all', excluded, anchor };
}

export function selectAll(): Selection {
  return { kind: 'all', excluded: new Set(), anchor: null };
}

export function isSelected(selection: Selection, id: number): boolean {
  return selection.kind === 'ids' ? selection.ids.has(id) : !selection.excluded.has(id);
}

/** How many poses are selected, given the filter's total. */
export function selectedCount(selection: Selection, total: number): number {
  return selection.kind === 'ids' ? selection.ids.size : Math.max(0, total - selection.excluded.size);
}

/** Drop ids that no longer exist (after a delete). */
export function without(selection: Selection, ids: Iterable<number>): Selection {
  const gone = new Set(ids);
  if (selection.kind === 'ids') {
    return { kind: 'ids', ids: new Set([...selection.ids].filter((id) => !gone.has(id))), anchor: null };
  }
  return {
    kind: 'all',
    excluded: new Set([...selection.excluded].filter((id) => !gone.has(id))),
    anchor: null,
  };
}

/** The anchor index to range from: the anchor, else the clicked index itself. */
export function rangeBounds(selection: Selection, index: number): [number, number] {
  const anchor = selection.anchor ?? index;
  return anchor <= index ? [anchor, index] : [index, anchor];
}
