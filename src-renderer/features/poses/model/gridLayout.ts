/**
 * @file Geometry of the pose grid: how many cards fit a width, which row/column an index sits in,
 * and keyboard focus moves (arrows, Home/End, PageUp/PageDown). Pure.
 */

export const CARD_MIN_WIDTH = 132;
export const CARD_GAP = 8;
/** Height below the thumbnail for the id/labeled caption. */
export const CARD_CAPTION = 22;

export type GridMetrics = { columns: number; cardWidth: number; rowHeight: number };

/** Columns that fit `width` (at least one); cards stretch to fill the row. Thumbnails are square. */
export function gridMetrics(width: number, minCard = CARD_MIN_WIDTH, gap = CARD_GAP): GridMetrics {
  const usable = Math.max(0, width - gap);
  const columns = Math.max(1, Math.floor(usable / (minCard + gap)));
  const cardWidth = Math.max(40, Math.floor(usable / columns) - gap);
  return { columns, cardWidth, rowHeight: cardWidth + CARD_CAPTION + gap };
}

export function rowCount(total: number, columns: number): number {
  return Math.ceil(total / Math.max(1, columns));
}

/** Index range [first, last] covered by rows [firstRow, lastRow], clamped to the total. */
export function indexRange(
  firstRow: number,
  lastRow: number,
  columns: number,
  total: number,
): [number, number] {
  if (total === 0) return [0, -1];
  return [Math.max(0, firstRow * columns), Math.min(total - 1, (lastRow + 1) * columns - 1)];
}

export type FocusKey =
  'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End' | 'PageUp' | 'PageDown';

export function isFocusKey(key: string): key is FocusKey {
  return ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'].includes(
    key,
  );
}

/** New focus index after a key; `pageRows` is how many rows one PageUp/PageDown moves. */
export function moveFocus(
  index: number,
  key: FocusKey,
  columns: number,
  total: number,
  pageRows: number,
): number {
  if (total <= 0) return 0;
  const clamp = (value: number) => Math.min(total - 1, Math.max(0, value));
  const step = Math.max(1, pageRows) * columns;
  switch (key) {
    case 'ArrowLeft':
      return clamp(index - 1);
    case 'ArrowRight':
      return clamp(index + 1);
    case 'ArrowUp':
      return index - columns >= 0 ? index - columns : index;
    case 'ArrowDown': {
      if (index + columns < total) return index + columns;
      const lastRow = Math.floor((total - 1) / columns);
      return Math.floor(index / columns) < lastRow ? total - 1 : clamp(index);
    }
    case 'Home':
      return 0;
    case 'End':
      return total - 1;
    case 'PageUp':
      return clamp(index - step);
    case 'PageDown':
      return clamp(index + step);
  }
}
