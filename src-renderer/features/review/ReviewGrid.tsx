/**
 * @file The virtualized review grid: one row per pose (@tanstack/react-virtual over rows of fixed
 * height), the pose's skeleton first, then its variants side by side (a row scrolls sideways when
 * they do not fit). Rows come from the paged store, which is asked for exactly the visible range,
 * so only the rows on screen exist in the DOM and their thumbnails load lazily. Keyboard focus is
 * an index shown with aria-activedescendant, so it survives virtualization; the grid takes focus
 * when it appears so the keys work at once.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ReviewState, ReviewVariant } from '../../../src-main/contract';
import type { Pos } from './model/gridNav';
import type { ReviewStore } from './model/reviewStore';
import type { ReviewSelection } from './model/selection';
import { PoseHeader, ReviewTile, tileId, type TileClick } from './ReviewTile';

/** Height of a pose row: the tile (thumbnail and caption) plus padding. */
export const ROW_HEIGHT = 160;

export type ReviewGridProps = {
  store: ReviewStore;
  totalRows: number;
  queryKey: string;
  focus: Pos;
  focusedId: number | null;
  selection: ReviewSelection;
  overlay: boolean;
  stateOf: (variant: ReviewVariant, row: number) => ReviewState;
  failingOf: (variant: ReviewVariant) => string;
  scrollTo: { pos: Pos } | null;
  onTileClick: (click: TileClick) => void;
  /** How many rows a screenful holds, for PageUp/PageDown. */
  onPageRows: (rows: number) => void;
};

/**
 * Scroll a row's strip sideways so the tile at `pos` is visible; false while that tile is not
 * rendered. Looks the tile up by id (a map lookup) rather than by selector, since it runs per render.
 */
function revealTile(store: ReviewStore, pos: Pos): boolean {
  const id = store.row(pos.row)?.variants[pos.col]?.id;
  const tile = id === undefined ? null : document.getElementById(tileId(id));
  const strip = tile?.parentElement;
  if (!tile || !strip) return false;
  const left = tile.offsetLeft - strip.offsetLeft;
  if (left < strip.scrollLeft) strip.scrollLeft = left;
  else if (left + tile.offsetWidth > strip.scrollLeft + strip.clientWidth)
    strip.scrollLeft = left + tile.offsetWidth - strip.clientWidth;
  return true;
}

export function ReviewGrid(props: ReviewGridProps) {
  const { store, totalRows, queryKey, focus, focusedId, scrollTo, onPageRows } = props;
  // A stable handler for the memoized tiles; it calls the latest prop.
  const latest = useRef(props.onTileClick);
  useEffect(() => {
    latest.current = props.onTileClick;
  });
  const onClick = useCallback((click: TileClick) => latest.current(click), []);
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  // TanStack Virtual is not React-Compiler-safe; this component is not compiled.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: totalRows,
    getScrollElement: () => scroller,
    estimateSize: () => ROW_HEIGHT,
    overscan: 3,
  });
  const items = virtualizer.getVirtualItems();
  const firstRow = items[0]?.index ?? 0;
  const lastRow = items.at(-1)?.index ?? 0;
  const viewport = scroller?.clientHeight ?? 0;

  useEffect(() => scroller?.focus({ preventScroll: true }), [scroller]);
  useEffect(() => virtualizer.scrollToOffset(0), [virtualizer, queryKey]);
  useEffect(() => onPageRows(Math.max(1, Math.floor(viewport / ROW_HEIGHT))), [onPageRows, viewport]);
  useEffect(() => {
    if (totalRows > 0) store.ensure(firstRow, lastRow);
  }, [store, firstRow, lastRow, totalRows, queryKey]);
  // A tile to reveal sideways once its row is rendered (a jump lands on rows not yet in the DOM).
  const reveal = useRef<Pos | null>(null);
  useEffect(() => {
    if (scrollTo === null) return;
    virtualizer.scrollToIndex(scrollTo.pos.row, { align: 'auto' });
    reveal.current = scrollTo.pos;
  }, [virtualizer, scrollTo]);
  // After every render: the row may just have arrived. Does nothing without a pending reveal.
  useEffect(() => {
    if (reveal.current !== null && revealTile(store, reveal.current)) reveal.current = null;
  });
  // The focused row must be there even where the list has not scrolled to it (yet).
  useEffect(() => {
    if (totalRows > 0 && store.row(focus.row) === undefined) void store.load(focus.row);
  }, [store, focus.row, totalRows, queryKey]);

  return (
    <div
      ref={setScroller}
      className="review-grid"
      role="grid"
      aria-label="Variants by pose"
      aria-rowcount={totalRows}
      aria-multiselectable="true"
      aria-activedescendant={focusedId === null ? undefined : tileId(focusedId)}
      tabIndex={0}
      data-testid="review-grid"
    >
      <div className="review-grid__space" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => (
          <GridRow key={item.index} index={item.index} start={item.start} grid={props} onClick={onClick} />
        ))}
      </div>
    </div>
  );
}

/** One pose row at `index`: its header and tiles, or a placeholder while its page loads. */
function GridRow({
  index,
  start,
  grid,
  onClick,
}: {
  index: number;
  start: number;
  grid: ReviewGridProps;
  onClick: (click: TileClick) => void;
}) {
  const row = grid.store.row(index);
  return (
    <div
      role="row"
      aria-rowindex={index + 1}
      className="review-row"
      data-testid="review-row"
      data-pose-id={row?.poseId}
      style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }}
    >
      {row === undefined ? (
        <div className="review-row__loading muted">Loading…</div>
      ) : (
        <>
          <PoseHeader row={row} />
          <div className="review-row__tiles">
            {row.variants.map((variant, col) => (
              <ReviewTile
                key={variant.id}
                {...{ variant, pose: row.pose, row: index, col, overlay: grid.overlay, onClick }}
                state={grid.stateOf(variant, index)}
                focused={grid.focus.row === index && grid.focus.col === col}
                selected={grid.selection.ids.has(variant.id)}
                failing={grid.failingOf(variant)}
              />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
