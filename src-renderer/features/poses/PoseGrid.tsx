/**
 * @file The virtualized pose grid: rows of as many cards as fit the width (@tanstack/react-virtual
 * over rows), cards read from the paged store, which is asked for exactly the visible range. Focus
 * is an index shown with aria-activedescendant, so keyboard focus survives virtualization.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Pose } from '../../../src-main/contract';
import type { PoseStore } from './model/poseStore';
import { gridMetrics, indexRange, rowCount, type GridMetrics } from './model/gridLayout';
import { isSelected, type Selection } from './model/selection';
import { PoseCard, cardId, type CardClick } from './PoseCard';
import { useElementWidth } from './useElementWidth';

export type PoseGridProps = {
  store: PoseStore;
  total: number;
  queryKey: string;
  selection: Selection;
  focusIndex: number;
  /** Bring this index into view (a new object each time the keyboard moves focus). */
  scrollTo: { index: number } | null;
  onCardClick: (click: CardClick) => void;
  onCardOpen: (index: number, pose: Pose) => void;
  /** Reports the layout so keyboard moves know the columns and rows per page. */
  onLayout: (metrics: GridMetrics & { pageRows: number }) => void;
};

export function PoseGrid(props: PoseGridProps) {
  const { store, total, queryKey, selection, focusIndex, scrollTo, onLayout } = props;
  // Stable handlers for the memoized cards; they call the latest props.
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  const onClick = useCallback((click: CardClick) => latest.current.onCardClick(click), []);
  const onOpen = useCallback((index: number, pose: Pose) => latest.current.onCardOpen(index, pose), []);
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const metrics = gridMetrics(useElementWidth(scroller));
  const { columns, rowHeight } = metrics;
  // TanStack Virtual is not React-Compiler-safe; this component is not compiled.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rowCount(total, columns),
    getScrollElement: () => scroller,
    estimateSize: () => rowHeight,
    overscan: 3,
  });
  const rows = virtualizer.getVirtualItems();
  const firstRow = rows[0]?.index ?? 0;
  const lastRow = rows.at(-1)?.index ?? 0;
  const viewport = scroller?.clientHeight ?? 0;

  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);
  useEffect(() => virtualizer.scrollToOffset(0), [virtualizer, queryKey]);
  useEffect(() => {
    onLayout({ ...metrics, pageRows: Math.max(1, Math.floor(viewport / rowHeight)) });
    // metrics is derived from columns/rowHeight
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [onLayout, columns, rowHeight, viewport]);
  useEffect(() => {
    const [first, last] = indexRange(firstRow, lastRow, columns, total);
    if (last >= first) store.ensure(first, last);
  }, [store, firstRow, lastRow, columns, total, queryKey]);
  useEffect(() => {
    if (scrollTo !== null) virtualizer.scrollToIndex(Math.floor(scrollTo.index / columns), { align: 'auto' });
  }, [virtualizer, scrollTo, columns]);

  const focused = store.get(focusIndex);
  return (
    <div
      ref={setScroller}
      className="pose-grid"
      role="grid"
      aria-label="Pose library"
      aria-rowcount={rowCount(total, columns)}
      aria-multiselectable="true"
      aria-activedescendant={focused ? cardId(focused.id) : undefined}
      tabIndex={0}
      data-testid="pose-grid"
    >
      <div className="pose-grid__space" style={{ height: virtualizer.getTotalSize() }}>
        {/* Rows are keyed by slot (index modulo the rendered row count; consecutive indices get
            distinct slots), so a row scrolled out is reused for the one scrolled in and its canvases
            are redrawn rather than allocated again: allocation dominated fast scrolling. */}
        {rows.map((row) => (
          <div
            key={row.index % rows.length}
            role="row"
            aria-rowindex={row.index + 1}
            className="pose-grid__row"
            style={{ transform: `translateY(${row.start}px)`, height: rowHeight }}
          >
            {Array.from({ length: columns }, (_, column) => row.index * columns + column)
              .filter((index) => index < total)
              .map((index) => {
                const pose = store.get(index);
                return (
                  <PoseCard
                    key={index % columns}
                    index={index}
                    pose={pose}
                    size={metrics.cardWidth}
                    selected={pose !== undefined && isSelected(selection, pose.id)}
                    focused={index === focusIndex}
                    onClick={onClick}
                    onOpen={onOpen}
                  />
                );
              })}
          </div>
        ))}
      </div>
    </div>
  );
}
