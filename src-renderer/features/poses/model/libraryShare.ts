/**
 * @file The library's view (filter, sort, selection, filter total) shared beyond the Poses page:
 * the library writes it on every change and reads it back when it mounts again (so leaving the
 * page keeps the selection); the Generate page reads it to offer "the library selection". A tiny
 * external store (get / set / subscribe), framework-free.
 */
import type { PoseFilter } from '../../../../src-main/contract';
import { toPoseFilter, type FilterState, type SortState } from './query';
import { selectedCount, type Selection } from './selection';

export type LibraryView = {
  filterState: FilterState;
  sort: SortState;
  selection: Selection;
  /** Poses matching the filter, null while unknown. */
  total: number | null;
};

export type LibraryShare = {
  get(): LibraryView | null;
  set(view: LibraryView): void;
  subscribe(listener: () => void): () => void;
};

export function createLibraryShare(): LibraryShare {
  let view: LibraryView | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => view,
    set: (next) => {
      if (
        view !== null &&
        view.filterState === next.filterState &&
        view.sort === next.sort &&
        view.selection === next.selection &&
        view.total === next.total
      )
        return;
      view = next;
      for (const listener of listeners) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The library filter the selection was made under. */
export function viewFilter(view: LibraryView): PoseFilter {
  return toPoseFilter(view.filterState);
}

/** How many poses the view has selected; null when a select-all waits for the total. */
export function viewSelectedCount(view: LibraryView): number | null {
  if (view.selection.kind === 'all' && view.total === null) return null;
  return selectedCount(view.selection, view.total ?? 0);
}

/** True when the view selects at least one pose (or a select-all whose total is unknown). */
export function hasSelection(view: LibraryView | null): boolean {
  if (view === null) return false;
  const count = viewSelectedCount(view);
  return count === null || count > 0;
}
