/**
 * @file The review grid's cursor: the focused tile, the selection and where to scroll, reset when
 * the query changes (kept per query key, so no effect is needed). Moves follow model/gridNav.ts,
 * Shift extends (model/selection.ts), clicks focus / toggle / extend, and "next unreviewed"
 * searches the loaded rows in reading order, loading the next pages it needs (a bounded number,
 * so a grid of 600k variants with nothing left to review does not fetch everything).
 */
import { useCallback, useRef, useState } from 'react';
import type { ReviewState, ReviewVariant } from '../../../src-main/contract';
import { ORIGIN, clampPos, findNext, move, type NavKey, type Pos } from './model/gridNav';
import type { ReviewStore } from './model/reviewStore';
import { NO_SELECTION, extendTo, targetIds, toggleId, type ReviewSelection } from './model/selection';

/** "Next unreviewed" loads at most this many pages of rows before giving up. */
export const NEXT_MAX_LOADS = 20;

type Cursor = { key: string; focus: Pos; selection: ReviewSelection };

export type ClickMode = 'only' | 'toggle' | 'extend';

export type ReviewCursor = {
  focus: Pos;
  focused: ReviewVariant | undefined;
  selection: ReviewSelection;
  /** Bring this tile into view (a new object per keyboard move). */
  scrollTo: { pos: Pos } | null;
  notice: string | null;
  move(key: NavKey, extend: boolean): void;
  click(pos: Pos, id: number, mode: ClickMode): void;
  jumpNext(anyLeft: boolean): Promise<void>;
  clearSelection(): void;
  /** What a decision applies to: the selection, else the focused tile. */
  targets(): number[];
  setPageRows(rows: number): void;
};

export function useReviewCursor(
  store: ReviewStore,
  key: string,
  totalRows: number,
  shownState: (variant: ReviewVariant, row: number) => ReviewState,
): ReviewCursor {
  const [cursor, setCursor] = useState<Cursor>({ key, focus: ORIGIN, selection: NO_SELECTION });
  const [scrollTo, setScrollTo] = useState<{ pos: Pos } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const pageRows = useRef(1);
  const current = cursor.key === key ? cursor : { key, focus: ORIGIN, selection: NO_SELECTION };
  const lengthOf = (row: number) => store.row(row)?.variants.length;
  const idsOf = (row: number) => store.row(row)?.variants.map((variant) => variant.id);
  const focus = clampPos(current.focus, lengthOf, totalRows);
  const focused = store.row(focus.row)?.variants[focus.col];

  const goTo = (pos: Pos, selection: ReviewSelection) => {
    setCursor({ key, focus: pos, selection });
    setScrollTo({ pos });
    setNotice(null);
  };

  const jumpNext = async (anyLeft: boolean) => {
    const from = focus;
    const states = (row: number) => store.row(row)?.variants.map((variant) => shownState(variant, row));
    for (let loads = 0; anyLeft; loads += 1) {
      const found = findNext(from, store.summary?.totalRows ?? totalRows, states, (s) => s === 'unreviewed');
      if (found.kind === 'found') return goTo(found.pos, NO_SELECTION);
      if (found.kind === 'none') break;
      if (loads === NEXT_MAX_LOADS || !(await store.load(found.row))) {
        const poses = (NEXT_MAX_LOADS * store.pageSize).toLocaleString('en-US');
        return setNotice(`No unreviewed variant in the next ${poses} poses`);
      }
    }
    setNotice('No unreviewed variant in this view');
  };

  const setPageRows = useCallback((rows: number) => void (pageRows.current = rows), []);

  return {
    focus,
    focused,
    selection: current.selection,
    scrollTo,
    notice,
    move: (navKey, extend) => {
      const next = move(focus, navKey, lengthOf, totalRows, pageRows.current);
      goTo(next, extend ? extendTo(current.selection, focus, next, idsOf) : NO_SELECTION);
    },
    click: (pos, id, mode) => {
      const selection =
        mode === 'toggle'
          ? toggleId(current.selection, id, pos)
          : mode === 'extend'
            ? extendTo(current.selection, focus, pos, idsOf)
            : NO_SELECTION;
      setCursor({ key, focus: pos, selection });
      setNotice(null);
    },
    jumpNext,
    clearSelection: () => setCursor({ ...current, selection: NO_SELECTION }),
    targets: () => targetIds(current.selection, focused?.id ?? null),
    setPageRows,
  };
}
