import { describe, expect, it } from 'vitest';
import { concatBytes } from './bytes';

describe('concatBytes', () => {
  it('joins the parts in order, views at an offset included', () => {
    const backing = Uint8Array.from([9, 9, 3, 4, 9]);
    const joined = concatBytes([
      Uint8Array.from([1, 2]),
      backing.subarray(2, 4),
      new Uint8Array(0),
      Uint8Array.of(5),
    ]);
    expect(Array.from(joined)).toEqual([1, 2, 3, 4, 5]);
    expect(joined.buffer).not.toBe(backing.buffer);
  });

  it('gives an empty array for no parts', () => {
    expect(concatBytes([]).length).toBe(0);
  });
});
