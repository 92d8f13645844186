import { describe, expect, it } from 'vitest';
import { sampleBatch } from './sampler';
import type { Group } from './samples';

/** n groups; group g has `size` members numbered g * 100 + i. */
function makeGroups(n: number, size: number): Group[] {
  return Array.from({ length: n }, (_, g) => ({
    key: `g${g}`,
    members: Array.from({ length: size }, (_, i) => g * 100 + i),
  }));
}

const groupOf = (member: number) => Math.floor(member / 100);

describe('sampleBatch', () => {
  it('is a pure function of (groups, shape, step, seed), whatever was drawn before', () => {
    const groups = makeGroups(13, 6);
    const shape = { groups: 4, members: 3 };
    const first = sampleBatch(groups, shape, 17, 5);
    for (let step = 0; step < 40; step += 1) sampleBatch(groups, shape, step, step % 3);
    sampleBatch(makeGroups(9, 2), { groups: 2, members: 2 }, 17, 5);
    expect(sampleBatch(groups, shape, 17, 5)).toEqual(first);
    expect(sampleBatch(groups, shape, 17, 6)).not.toEqual(first);
    expect(sampleBatch(groups, shape, 18, 5)).not.toEqual(first);
  });

  it('lays the batch out group-major: P groups x K distinct members, ids and flips per group', () => {
    const groups = makeGroups(10, 5);
    for (let step = 0; step < 20; step += 1) {
      const { indices, groupIds, flips } = sampleBatch(groups, { groups: 4, members: 3 }, step, 1);
      expect(indices).toHaveLength(12);
      expect(groupIds).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
      for (let p = 0; p < 4; p += 1) {
        const members = indices.slice(3 * p, 3 * p + 3);
        expect(new Set(members).size).toBe(3);
        expect(new Set(members.map(groupOf)).size).toBe(1);
        expect(new Set(flips.slice(3 * p, 3 * p + 3)).size).toBe(1);
      }
      expect(new Set(indices.map(groupOf)).size).toBe(4); // P distinct groups
    }
  });

  it('draws every group exactly once per epoch when P divides the group count', () => {
    const groups = makeGroups(12, 2);
    for (let epoch = 0; epoch < 3; epoch += 1) {
      const seen: number[] = [];
      for (let s = 0; s < 3; s += 1)
        seen.push(...sampleBatch(groups, { groups: 4, members: 1 }, epoch * 3 + s, 9).indices.map(groupOf));
      expect(seen.sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
    }
  });

  it('across an uneven epoch end: every group at least once, never twice in a batch', () => {
    const groups = makeGroups(10, 1); // P = 4: batches of 4, 4, then 2 leftovers + 2 top-ups
    const perEpoch = 3;
    for (let epoch = 0; epoch < 4; epoch += 1) {
      const counts = new Map<number, number>();
      for (let s = 0; s < perEpoch; s += 1) {
        const drawn = sampleBatch(groups, { groups: 4, members: 1 }, epoch * perEpoch + s, 2).indices.map(
          groupOf,
        );
        expect(new Set(drawn).size).toBe(4);
        for (const g of drawn) counts.set(g, (counts.get(g) ?? 0) + 1);
      }
      expect(counts.size).toBe(10);
      expect([...counts.values()].filter((c) => c === 2)).toHaveLength(2);
    }
  });

  it('uses every member before repeating one when a group is smaller than K', () => {
    const { indices } = sampleBatch(makeGroups(3, 2), { groups: 1, members: 5 }, 0, 0);
    const counts = new Map<number, number>();
    for (const m of indices) counts.set(m, (counts.get(m) ?? 0) + 1);
    expect([...counts.values()].sort()).toEqual([2, 3]);
  });

  it('spreads member choices: over many steps every member of a large group is drawn', () => {
    const groups = makeGroups(4, 8);
    const seen = new Set<number>();
    for (let step = 0; step < 50; step += 1)
      for (const m of sampleBatch(groups, { groups: 4, members: 2 }, step, 0).indices) seen.add(m);
    expect(seen.size).toBe(32);
  });

  it('flips about half of the groups', () => {
    let flipped = 0;
    let total = 0;
    for (let step = 0; step < 200; step += 1) {
      const { flips } = sampleBatch(makeGroups(8, 1), { groups: 8, members: 1 }, step, 4);
      flipped += flips.filter(Boolean).length;
      total += flips.length;
    }
    expect(flipped / total).toBeGreaterThan(0.4);
    expect(flipped / total).toBeLessThan(0.6);
  });

  it('works for simclr singleton groups', () => {
    const singles = Array.from({ length: 20 }, (_, i) => ({ key: String(i), members: [i] }));
    const { indices, groupIds } = sampleBatch(singles, { groups: 8, members: 1 }, 3, 0);
    expect(new Set(indices).size).toBe(8);
    expect(groupIds).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses too few groups, invalid shapes and steps', () => {
    expect(() => sampleBatch(makeGroups(3, 2), { groups: 4, members: 2 }, 0, 0)).toThrow(
      /3 group\(s\).*needs 4/,
    );
    expect(() => sampleBatch(makeGroups(3, 2), { groups: 0, members: 2 }, 0, 0)).toThrow(
      /invalid batch shape/,
    );
    expect(() => sampleBatch(makeGroups(3, 2), { groups: 2, members: 1.5 }, 0, 0)).toThrow(
      /invalid batch shape/,
    );
    expect(() => sampleBatch(makeGroups(3, 2), { groups: 2, members: 1 }, -1, 0)).toThrow(/invalid step/);
  });
});
