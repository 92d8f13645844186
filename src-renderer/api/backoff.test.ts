import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, reconnectDelay } from './backoff';

describe('reconnectDelay', () => {
  it('doubles from 500 ms and caps at 10 s (without jitter at random = 0.5)', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((attempt) => reconnectDelay(attempt, 0.5))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('jitters within ±15%', () => {
    expect(reconnectDelay(2, 0)).toBe(1700);
    expect(reconnectDelay(2, 0.999)).toBeLessThanOrEqual(2300);
    expect(reconnectDelay(40, 0.999)).toBeLessThanOrEqual(BACKOFF_MAX_MS * 1.15);
  });
});
