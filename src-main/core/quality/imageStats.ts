/**
 * @file Image statistics behind the image checks (cleanvision's set) and the face's sharpness
 * and exposure, platform-free, on luma planes (0..255 floats from `resample.ts`): variance of
 * the Laplacian (sharpness), perceived-brightness percentiles (dark / bright), histogram entropy
 * (low information) and a 64-bit DCT perceptual hash with hamming-distance grouping (near
 * duplicates). Scores are computed at a fixed working size so thresholds do not depend on the
 * image resolution.
 */
import { type ImageView, checkView } from './resample';

/**
 * Variance of the 4-neighbour Laplacian (OpenCV's `Laplacian(ksize=1)`) over the interior
 * pixels: 0 for a flat or linear-gradient image, large for sharp detail.
 */
export function laplacianVariance(gray: Float32Array, w: number, h: number): number {
  if (w < 3 || h < 3) return 0;
  let sum = 0;
  let sum2 = 0;
  for (let y = 1; y < h - 1; y += 1) {
    const row = y * w;
    for (let x = 1; x < w - 1; x += 1) {
      const i = row + x;
      const lap = gray[i - 1]! + gray[i + 1]! + gray[i - w]! + gray[i + w]! - 4 * gray[i]!;
      sum += lap;
      sum2 += lap * lap;
    }
  }
  const n = (w - 2) * (h - 2);
  const mean = sum / n;
  return Math.max(0, sum2 / n - mean * mean);
}

/**
 * Perceived brightness (sqrt(0.241 R^2 + 0.691 G^2 + 0.068 B^2), 0..1, as cleanvision) at the
 * given percentiles (0..100) over every pixel of the image.
 */
export function brightnessPercentiles(img: ImageView, percentiles: readonly number[]): number[] {
  checkView(img);
  const { data, channels } = img;
  const n = img.width * img.height;
  const hist = new Uint32Array(256);
  for (let i = 0; i < n; i += 1) {
    const o = i * channels;
    const r = data[o]!;
    const g = data[o + 1]!;
    const b = data[o + 2]!;
    hist[Math.min(255, Math.round(Math.sqrt(0.241 * r * r + 0.691 * g * g + 0.068 * b * b)))]! += 1;
  }
  return percentiles.map((p) => {
    const target = Math.min(n - 1, Math.max(0, Math.floor((p / 100) * n)));
    let seen = 0;
    for (let v = 0; v < 256; v += 1) {
      seen += hist[v]!;
      if (seen > target) return v / 255;
    }
    return 1;
  });
}

/** Shannon entropy (bits, 0..8) of the 256-bin luma histogram: 0 for a flat image. */
export function entropy(gray: Float32Array): number {
  const hist = new Uint32Array(256);
  for (const v of gray) hist[Math.min(255, Math.max(0, Math.round(v)))]! += 1;
  let bits = 0;
  for (const c of hist) {
    if (c === 0) continue;
    const p = c / gray.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Mean of a luma plane, 0..1. */
export function meanLuma(gray: Float32Array): number {
  let sum = 0;
  for (const v of gray) sum += v;
  return gray.length > 0 ? sum / gray.length / 255 : 0;
}

const HASH_SIZE = 32;
const HASH_LOW = 8;

/** 1-D DCT-II basis for 32 samples, rows 0..7 (the low frequencies the hash keeps). */
const DCT = (() => {
  const m = new Float64Array(HASH_LOW * HASH_SIZE);
  for (let k = 0; k < HASH_LOW; k += 1) {
    for (let n = 0; n < HASH_SIZE; n += 1) {
      m[k * HASH_SIZE + n] = Math.cos((Math.PI / HASH_SIZE) * (n + 0.5) * k);
    }
  }
  return m;
})();

/**
 * pHash (imagehash's `phash`): luma at 32 x 32, 2-D DCT, the 8 x 8 lowest frequencies, each bit
 * = coefficient above their median. Returned as 16 hex digits. `gray32` must be 32 x 32.
 */
export function perceptualHash(gray32: Float32Array): string {
  if (gray32.length !== HASH_SIZE * HASH_SIZE) throw new Error('perceptualHash needs a 32 x 32 luma plane');
  // Rows first (32 rows -> 8 coefficients each), then columns.
  const rows = new Float64Array(HASH_SIZE * HASH_LOW);
  for (let y = 0; y < HASH_SIZE; y += 1) {
    for (let k = 0; k < HASH_LOW; k += 1) {
      let s = 0;
      for (let x = 0; x < HASH_SIZE; x += 1) s += gray32[y * HASH_SIZE + x]! * DCT[k * HASH_SIZE + x]!;
      rows[y * HASH_LOW + k] = s;
    }
  }
  const coeffs = new Float64Array(HASH_LOW * HASH_LOW);
  for (let ky = 0; ky < HASH_LOW; ky += 1) {
    for (let kx = 0; kx < HASH_LOW; kx += 1) {
      let s = 0;
      for (let y = 0; y < HASH_SIZE; y += 1) s += rows[y * HASH_LOW + kx]! * DCT[ky * HASH_SIZE + y]!;
      coeffs[ky * HASH_LOW + kx] = s;
    }
  }
  const sorted = [...coeffs].sort((a, b) => a - b);
  const median = (sorted[31]! + sorted[32]!) / 2;
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble += 1) {
    let v = 0;
    for (let b = 0; b < 4; b += 1) v = (v << 1) | (coeffs[nibble * 4 + b]! > median ? 1 : 0);
    hex += v.toString(16);
  }
  return hex;
}

export const PHASH_GRID = HASH_SIZE;

/** Number of differing bits between two hex hashes of the same length. */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length) throw new Error('hashes differ in length');
  let d = 0;
  for (let i = 0; i < a.length; i += 1) {
    let x = parseInt(a[i]!, 16) ^ parseInt(b[i]!, 16);
    while (x) {
      d += x & 1;
      x >>= 1;
    }
  }
  return d;
}
