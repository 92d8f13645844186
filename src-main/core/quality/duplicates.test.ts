import { describe, expect, it } from 'vitest';
import { duplicateDistances, groupNearDuplicates } from './duplicates';

const A = '0000000000000000';
const A1 = '0000000000000001'; // 1 bit from A
const A3 = '0000000000000007'; // 3 bits from A, 2 from A1
const B = 'ffffffffffff0000'; // far from all of them

describe('near-duplicate grouping', () => {
  it('groups hashes within the distance, transitively, and leaves singletons out', () => {
    expect(groupNearDuplicates([A, B, A1, A3], 2)).toEqual([[0, 2, 3]]);
    expect(groupNearDuplicates([A, B, A1, A3], 1)).toEqual([[0, 2]]);
    expect(groupNearDuplicates([A, B], 4)).toEqual([]);
  });

  it('distance to the closest earlier variant: the first of a set passes, the copies are close', () => {
    expect(duplicateDistances([A, B, A1, A3])).toEqual([null, 48, 1, 2]);
  });
});
