/**
 * @file Seed derivation for the training data pipeline: one 32-bit seed per (run seed, purpose,
 * step, slot, ...) tuple, so every random choice of a batch is a pure function of its coordinates
 * and never of what was drawn before (a resumed run sees the same batches as an uninterrupted
 * one). Built on the generators' PRNG (sfc32 + splitmix32 mixing), which is integer-exact on every
 * platform.
 */
import { type Rng, createRng, mixSeed } from '../../generate/prng';

export type { Rng };

/** Stream tags: distinct purposes never share a stream even at equal coordinates. */
export const STREAM = {
  split: 0x5b1a,
  epoch: 0xe90c,
  members: 0x3e3b,
  flips: 0xf11b,
  augment: 0xa06e,
} as const;

/** A 32-bit seed mixed from a run seed and any number of integer coordinates. */
export function deriveSeed(seed: number, ...parts: readonly number[]): number {
  let s = seed >>> 0;
  for (const part of parts) {
    // Coordinates may exceed 32 bits (steps of long runs): fold the high word in too.
    const high = Math.floor(part / 4294967296);
    s = mixSeed(s, part >>> 0);
    if (high !== 0) s = mixSeed(s, high >>> 0);
  }
  return s;
}

/** A PRNG over the stream at the given coordinates. */
export function streamRng(seed: number, ...parts: readonly number[]): Rng {
  return createRng(deriveSeed(seed, ...parts));
}
