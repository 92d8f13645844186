/**
 * @file Seeds of generation items. An item is (run, pose ordinal, variant index); its global index
 * is ordinal x variantsPerPose + index, stable because the run's pose set is frozen at start. Every
 * seed is a pure function of the run and the item, so a resumed job redraws exactly the same bytes
 * (and adopts files a killed process left at their content address).
 */
import { createHash } from 'node:crypto';
import type { SeedMode } from '../../contract';

const SEED_SPACE = 2 ** 31;

export type ItemSeedInput = {
  mode: SeedMode;
  seed: number;
  runId: number;
  ordinal: number;
  index: number;
  variantsPerPose: number;
};

export function globalItemIndex(ordinal: number, index: number, variantsPerPose: number): number {
  return ordinal * variantsPerPose + index;
}

/**
 * - fixed: seed + variant index, the same for every pose, so variant k is the same identity on all
 *   poses (with one variant per pose every variant uses the seed itself);
 * - increment: seed + global item index;
 * - random: a hash of (run, seed, global item index), stored with the variant.
 */
export function itemSeed(input: ItemSeedInput): number {
  const global = globalItemIndex(input.ordinal, input.index, input.variantsPerPose);
  switch (input.mode) {
    case 'fixed':
      return (input.seed + input.index) % SEED_SPACE;
    case 'increment':
      return (input.seed + global) % SEED_SPACE;
    case 'random': {
      const digest = createHash('sha256').update(`${input.runId}:${input.seed}:${global}`).digest();
      return digest.readUInt32BE(0) % SEED_SPACE;
    }
  }
}
