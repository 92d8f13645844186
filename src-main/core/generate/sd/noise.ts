/**
 * @file Seeded Gaussian noise for latents and the stochastic schedulers, bit-compatible with
 * `numpy.random.RandomState(seed).randn` (what the diffusers ONNX pipeline draws its latents with;
 * research note §4.4), so a seed gives the same image here as there, and the same on every
 * platform (integer arithmetic plus V8's own log/sqrt).
 *
 * The algorithm, exactly:
 * 1. MT19937 (Matsumoto & Nishimura 1998), seeded by numpy's `mt19937_seed` = `init_genrand`:
 *    mt[0] = seed, mt[i] = 1812433253·(mt[i−1] ^ (mt[i−1] >>> 30)) + i (mod 2^32), i = 1..623.
 * 2. Uniform double in [0, 1) from two outputs a, b: ((a >>> 5)·2^26 + (b >>> 6)) / 2^53
 *    (numpy `legacy_double`, genrand_res53).
 * 3. Normal by Marsaglia's polar method (numpy `legacy_gauss`): draw x1 = 2u1 − 1, x2 = 2u2 − 1
 *    until 0 < r² = x1² + x2² < 1; f = sqrt(−2·ln(r²)/r²); return f·x2 and keep f·x1 for the next
 *    call. The kept value carries across fill() calls, so fill(6) then fill(4) equals fill(10).
 * 4. Each float64 normal is rounded to float32 (`.astype(np.float32)`), C order, so filling an
 *    NCHW buffer equals `randn(B, 4, h, w)`.
 */
import type { NoiseSource } from './schedulers/types';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

/**
 * MT19937 state: the 624 words, their tempered outputs (made a block at a time, which keeps the
 * per-number cost to an array read) and the read position (624 = regenerate before the next read).
 */
interface MtState {
  mt: Int32Array;
  out: Int32Array;
  index: number;
}

function seedMt19937(seed: number): MtState {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in 0..2^32-1, got ${seed}`);
  }
  // Int32Array throughout: V8 keeps int32 words in registers, a uint32 above 2^31 becomes a double.
  const mt = new Int32Array(N);
  mt[0] = seed | 0;
  for (let i = 1; i < N; i++) {
    const prev = mt[i - 1]!;
    mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) | 0;
  }
  return { mt, out: new Int32Array(N), index: N };
}

/** Regenerates all 624 words (the reference genrand_int32 block) and tempers them. */
function twist(state: MtState): void {
  const { mt, out } = state;
  for (let k = 0; k < N; k++) {
    const next = k + 1 < N ? k + 1 : 0;
    const far = k + M < N ? k + M : k + M - N;
    const w = (mt[k]! & UPPER) | (mt[next]! & LOWER);
    let y = mt[far]! ^ (w >>> 1) ^ (-(w & 1) & MATRIX_A);
    mt[k] = y;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    out[k] = y ^ (y >>> 18);
  }
  state.index = 0;
}

/** MT19937 32-bit outputs from a 32-bit seed (numpy/C reference `init_genrand` seeding). */
export function createMt19937(seed: number): () => number {
  const state = seedMt19937(seed);
  return () => {
    if (state.index >= N) twist(state);
    return state.out[state.index++]! >>> 0;
  };
}

export interface SeededNoise extends NoiseSource {
  readonly seed: number;
  /** The next standard normal as float64 (numpy legacy_gauss). */
  next(): number;
  /** Fills `out` with the next out.length normals rounded to float32. */
  fill(out: Float32Array): void;
}

/** numpy legacy_double from two outputs a, b: 53 random bits. */
function double53(a: number, b: number): number {
  return ((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992;
}

/**
 * One polar-method draw (legacy_gauss): writes (f·x2, f·x1) to pair[0], pair[1]. Each attempt takes
 * exactly four outputs and nothing else reads this state, so attempts never straddle a 624-word
 * block (624 = 4·156) and one bounds check per attempt suffices.
 */
function polarPair(state: MtState, pair: Float64Array): void {
  const out = state.out;
  for (;;) {
    if (state.index >= N) twist(state);
    const i = state.index;
    state.index = i + 4;
    const x1 = 2 * double53(out[i]!, out[i + 1]!) - 1;
    const x2 = 2 * double53(out[i + 2]!, out[i + 3]!) - 1;
    const r2 = x1 * x1 + x2 * x2;
    if (r2 < 1 && r2 !== 0) {
      const f = Math.sqrt((-2 * Math.log(r2)) / r2);
      pair[0] = f * x2;
      pair[1] = f * x1;
      return;
    }
  }
}

/** A numpy-RandomState-compatible normal stream for `seed` (0..2^32−1). */
export function createNoise(seed: number): SeededNoise {
  const state = seedMt19937(seed);
  const pair = new Float64Array(2);
  let hasGauss = false;
  const next = (): number => {
    if (hasGauss) {
      hasGauss = false;
      return pair[1]!;
    }
    polarPair(state, pair);
    hasGauss = true;
    return pair[0]!;
  };
  // The same stream as calling next() out.length times, a pair per draw.
  const fill = (out: Float32Array): void => {
    const n = out.length;
    let i = 0;
    if (n > 0 && hasGauss) {
      out[i++] = pair[1]!;
      hasGauss = false;
    }
    while (i < n) {
      polarPair(state, pair);
      out[i++] = pair[0]!;
      if (i < n) out[i++] = pair[1]!;
      else hasGauss = true;
    }
  };
  return { seed, next, fill };
}

/**
 * Initial latents as the diffusers ONNX pipeline draws them: randn(length) in float32 times
 * `sigma` (the scheduler's initNoiseSigma), i.e. a fresh stream for `seed`.
 */
export function initialLatents(seed: number, length: number, sigma = 1, out?: Float32Array): Float32Array {
  const target = out ?? new Float32Array(length);
  if (target.length !== length) throw new RangeError(`output length ${target.length}, expected ${length}`);
  createNoise(seed).fill(target);
  if (sigma !== 1) for (let i = 0; i < length; i++) target[i] = target[i]! * sigma;
  return target;
}
