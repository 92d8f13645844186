/**
 * @file Flat 2D painting for backgrounds: solid rectangles and ellipses (with a one-pixel soft
 * edge), a shared smooth tileable noise tile (256 x 256, built once from a fixed seed, so it is
 * the same on every run) and the light/vignette tone that background writers multiply in.
 * Background pixels keep depth 0 and label 0.
 */
import { createRng } from '../prng';
import { clampBox } from './capsule';
import type { Rgb, Surface } from './surface';

const TILE = 256;
let noiseTile: Uint8Array | null = null;

/** Smooth tileable value noise in 0..255 (four octaves), computed on first use. */
export function noise(): Uint8Array {
  if (noiseTile) return noiseTile;
  const rng = createRng(0x5eed);
  const acc = new Float32Array(TILE * TILE);
  let weight = 0;
  for (const [cells, amp] of [
    [4, 1],
    [8, 0.5],
    [16, 0.25],
    [32, 0.125],
  ] as const) {
    const lattice = Float32Array.from({ length: cells * cells }, () => rng.next());
    const step = TILE / cells;
    for (let y = 0; y < TILE; y += 1) {
      const gy = Math.floor(y / step);
      let fy = y / step - gy;
      fy = fy * fy * (3 - 2 * fy);
      for (let x = 0; x < TILE; x += 1) {
        const gx = Math.floor(x / step);
        let fx = x / step - gx;
        fx = fx * fx * (3 - 2 * fx);
        const at = (cx: number, cy: number): number => lattice[(cy % cells) * cells + (cx % cells)]!;
        const top = at(gx, gy) + (at(gx + 1, gy) - at(gx, gy)) * fx;
        const bottom = at(gx, gy + 1) + (at(gx + 1, gy + 1) - at(gx, gy + 1)) * fx;
        acc[y * TILE + x] = acc[y * TILE + x]! + (top + (bottom - top) * fy) * amp;
      }
    }
    weight += amp;
  }
  // Stretch to the full range so textures have contrast.
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of acc) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  noiseTile = Uint8Array.from(acc, (v) => Math.round(((v - lo) / (hi - lo || weight)) * 255));
  return noiseTile;
}

/**
 * Light falloff and vignette of a background, separable into a row and a column term:
 * factor(x, y) = row[y] + col[x] = 1 + gx (x - cx) + gy (y - cy) - vignette * r^2 (r relative).
 * Background fills multiply by it as they write, so there is no extra pass over the image.
 */
export type Tone = { row: Float32Array; col: Float32Array };

export function makeTone(width: number, height: number, gx: number, gy: number, vignette: number): Tone {
  const cx = width / 2;
  const cy = height / 2;
  const inv = 1 / (cx * cx + cy * cy);
  const row = Float32Array.from(
    { length: height },
    (_, y) => 1 + gy * (y - cy) - vignette * (y - cy) * (y - cy) * inv,
  );
  const col = Float32Array.from(
    { length: width },
    (_, x) => gx * (x - cx) - vignette * (x - cx) * (x - cx) * inv,
  );
  return { row, col };
}

/** A tone of 1 everywhere (flat painting). */
export function flatTone(width: number, height: number): Tone {
  return { row: new Float32Array(height).fill(1), col: new Float32Array(width) };
}

export function fillRect(
  s: Surface,
  tone: Tone,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  c: Rgb,
): void {
  const box = clampBox(s, x0, y0, x1 - 1, y1 - 1);
  if (!box) return;
  const { rgba, width } = s;
  const { row, col } = tone;
  for (let y = box.y0; y <= box.y1; y += 1) {
    const ry = row[y]!;
    for (let x = box.x0, o = (y * width + box.x0) * 4; x <= box.x1; x += 1, o += 4) {
      let f = ry + col[x]!;
      f = f < 0 ? 0 : f;
      const r = c[0] * f;
      const g = c[1] * f;
      const b = c[2] * f;
      rgba[o] = r > 255 ? 255 : r;
      rgba[o + 1] = g > 255 ? 255 : g;
      rgba[o + 2] = b > 255 ? 255 : b;
    }
  }
}

export function fillEllipse(
  s: Surface,
  tone: Tone,
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  c: Rgb,
): void {
  const box = clampBox(s, cx - rx - 1, cy - ry - 1, cx + rx + 1, cy + ry + 1);
  if (!box || rx <= 0 || ry <= 0) return;
  const { rgba, width } = s;
  const soft = 1 / Math.min(rx, ry);
  for (let y = box.y0; y <= box.y1; y += 1) {
    const b = (y + 0.5 - cy) / ry;
    for (let x = box.x0; x <= box.x1; x += 1) {
      const a = (x + 0.5 - cx) / rx;
      const q = 1 - Math.sqrt(a * a + b * b);
      if (q <= 0) continue;
      const w = q >= soft ? 1 : q / soft;
      let f = tone.row[y]! + tone.col[x]!;
      f = f < 0 ? 0 : f;
      const o = (y * width + x) * 4;
      const r = rgba[o]! + (c[0] * f - rgba[o]!) * w;
      const g = rgba[o + 1]! + (c[1] * f - rgba[o + 1]!) * w;
      const bl = rgba[o + 2]! + (c[2] * f - rgba[o + 2]!) * w;
      rgba[o] = r > 255 ? 255 : r;
      rgba[o + 1] = g > 255 ? 255 : g;
      rgba[o + 2] = bl > 255 ? 255 : bl;
    }
  }
}
