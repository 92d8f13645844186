import { describe, expect, it } from 'vitest';
import { gridMetrics, indexRange, moveFocus, rowCount } from './gridLayout';

describe('grid layout', () => {
  it('fits as many cards as the width allows, at least one', () => {
    expect(gridMetrics(1200).columns).toBe(8);
    expect(gridMetrics(100).columns).toBe(1);
    const { columns, cardWidth } = gridMetrics(1000);
    expect(columns * (cardWidth + 8)).toBeLessThanOrEqual(1000);
  });

  it('counts rows and index ranges', () => {
    expect(rowCount(600_000, 7)).toBe(85_715);
    expect(indexRange(2, 3, 5, 18)).toEqual([10, 17]);
    expect(indexRange(0, 0, 5, 0)).toEqual([0, -1]);
  });

  it('moves focus with arrows, pages and ends', () => {
    const cols = 5;
    const total = 23; // last row holds 20..22
    expect(moveFocus(0, 'ArrowLeft', cols, total, 3)).toBe(0);
    expect(moveFocus(4, 'ArrowRight', cols, total, 3)).toBe(5);
    expect(moveFocus(7, 'ArrowUp', cols, total, 3)).toBe(2);
    expect(moveFocus(2, 'ArrowUp', cols, total, 3)).toBe(2);
    expect(moveFocus(12, 'ArrowDown', cols, total, 3)).toBe(17);
    expect(moveFocus(18, 'ArrowDown', cols, total, 3)).toBe(22);
    expect(moveFocus(21, 'ArrowDown', cols, total, 3)).toBe(21);
    expect(moveFocus(1, 'PageDown', cols, total, 3)).toBe(16);
    expect(moveFocus(3, 'PageUp', cols, total, 3)).toBe(0);
    expect(moveFocus(9, 'End', cols, total, 3)).toBe(22);
    expect(moveFocus(9, 'Home', cols, total, 3)).toBe(0);
  });
});
