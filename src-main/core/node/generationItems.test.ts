import { describe, expect, it } from 'vitest';
import { globalItemIndex, itemSeed } from './generationItems';

const base = { seed: 100, runId: 7, variantsPerPose: 5 };

describe('item seeds', () => {
  it('numbers items by pose ordinal and variant index', () => {
    expect(globalItemIndex(0, 0, 5)).toBe(0);
    expect(globalItemIndex(3, 2, 5)).toBe(17);
  });

  it('fixed: seed + variant index, the same on every pose', () => {
    expect(itemSeed({ ...base, mode: 'fixed', ordinal: 0, index: 0 })).toBe(100);
    expect(itemSeed({ ...base, mode: 'fixed', ordinal: 9, index: 0 })).toBe(100);
    expect(itemSeed({ ...base, mode: 'fixed', ordinal: 9, index: 3 })).toBe(103);
  });

  it('increment: seed + global item index, wrapping in 31 bits', () => {
    expect(itemSeed({ ...base, mode: 'increment', ordinal: 3, index: 2 })).toBe(117);
    const top = itemSeed({ ...base, seed: 2 ** 31 - 1, mode: 'increment', ordinal: 0, index: 1 });
    expect(top).toBe(0);
  });

  it('random: deterministic per (run, seed, item), spread over 31 bits', () => {
    const a = itemSeed({ ...base, mode: 'random', ordinal: 1, index: 1 });
    expect(itemSeed({ ...base, mode: 'random', ordinal: 1, index: 1 })).toBe(a);
    expect(itemSeed({ ...base, mode: 'random', ordinal: 1, index: 2 })).not.toBe(a);
    expect(itemSeed({ ...base, runId: 8, mode: 'random', ordinal: 1, index: 1 })).not.toBe(a);
    const seeds = new Set(
      Array.from({ length: 200 }, (_, i) => itemSeed({ ...base, mode: 'random', ordinal: i, index: 0 })),
    );
    expect(seeds.size).toBe(200);
    for (const seed of seeds) expect(seed).toBeLessThan(2 ** 31);
  });
});
