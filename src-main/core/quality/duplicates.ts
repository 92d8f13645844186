/**
 * @file Near-duplicate grouping over perceptual hashes (from `imageStats.perceptualHash`),
 * platform-free. The scorer sees one image at a time, so duplicates are found afterwards over
 * the variants of one pose: `groupNearDuplicates` for the review grid (which variants look the
 * same), `duplicateDistances` for the 'image.duplicate' score (flag later copies, keep the first).
 */
import { hammingDistance } from './imageStats';

/**
 * Groups of indices whose hashes are within `maxDistance` bits, linked transitively (single
 * linkage: a~b and b~c put a, b, c together). Only groups of two or more; each sorted, groups
 * ordered by their first index.
 */
export function groupNearDuplicates(hashes: readonly string[], maxDistance: number): number[][] {
  const parent = hashes.map((_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[i] !== r) [i, parent[i]] = [parent[i]!, r];
    return r;
  };
  for (let i = 0; i < hashes.length; i += 1) {
    for (let j = i + 1; j < hashes.length; j += 1) {
      if (hammingDistance(hashes[i]!, hashes[j]!) > maxDistance) continue;
      const a = root(i);
      const b = root(j);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const groups = new Map<number, number[]>();
  hashes.forEach((_, i) => {
    const r = root(i);
    groups.set(r, [...(groups.get(r) ?? []), i]);
  });
  return [...groups.values()].filter((g) => g.length > 1).sort((a, b) => a[0]! - b[0]!);
}

/**
 * For each hash, the distance in bits to the closest EARLIER hash in the list (null for the
 * first): the 'image.duplicate' score, so the first of a set of look-alikes passes and the
 * later ones are flagged.
 */
export function duplicateDistances(hashes: readonly string[]): (number | null)[] {
  return hashes.map((h, i) => {
    let best: number | null = null;
    for (let j = 0; j < i; j += 1) {
      const d = hammingDistance(h, hashes[j]!);
      if (best === null || d < best) best = d;
    }
    return best;
  });
}
