/**
 * @file Image-space effects on a finished region of the surface: box blur and directional smear
 * inside an ellipse (face defects), and soft darkening of background pixels (contact shadows).
 * They touch colour only; depth and labels stay as drawn.
 */
import { clampBox } from './capsule';
import type { Surface } from './surface';

export type Region = { cx: number; cy: number; rx: number; ry: number };

function regionBox(s: Surface, r: Region) {
  return clampBox(s, r.cx - r.rx, r.cy - r.ry, r.cx + r.rx, r.cy + r.ry);
}

/** Weight 1 at the centre fading to 0 at the ellipse rim (smooth, so effects have no hard edge). */
function falloff(r: Region, x: number, y: number): number {
  const a = (x + 0.5 - r.cx) / r.rx;
  const b = (y + 0.5 - r.cy) / r.ry;
  const q = 1 - (a * a + b * b);
  return q <= 0 ? 0 : Math.min(1, q * 2);
}

/** Box blur of the given radius (in pixels), blended in by the region's falloff. */
export function blurRegion(s: Surface, region: Region, radius: number): void {
  const box = regionBox(s, region);
  if (box === null || radius < 1) return;
  const { width, rgba } = s;
  const copy = rgba.slice();
  const rad = Math.round(radius);
  for (let y = box.y0; y <= box.y1; y += 1) {
    for (let x = box.x0; x <= box.x1; x += 1) {
      const w = falloff(region, x, y);
      if (w === 0) continue;
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let yy = Math.max(0, y - rad); yy <= Math.min(s.height - 1, y + rad); yy += 1) {
        for (let xx = Math.max(0, x - rad); xx <= Math.min(width - 1, x + rad); xx += 1) {
          const o = (yy * width + xx) * 4;
          r += copy[o]!;
          g += copy[o + 1]!;
          b += copy[o + 2]!;
          n += 1;
        }
      }
      const o = (y * width + x) * 4;
      rgba[o] = rgba[o]! * (1 - w) + (r / n) * w;
      rgba[o + 1] = rgba[o + 1]! * (1 - w) + (g / n) * w;
      rgba[o + 2] = rgba[o + 2]! * (1 - w) + (b / n) * w;
    }
  }
}

/** Directional smear: each pixel averages samples along (dx, dy) over `length` pixels. */
export function smearRegion(s: Surface, region: Region, dx: number, dy: number, length: number): void {
  const box = regionBox(s, region);
  if (box === null) return;
  const { width, height, rgba } = s;
  const copy = rgba.slice();
  const steps = Math.max(2, Math.round(length));
  for (let y = box.y0; y <= box.y1; y += 1) {
    for (let x = box.x0; x <= box.x1; x += 1) {
      const w = falloff(region, x, y);
      if (w === 0) continue;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < steps; k += 1) {
        const sx = Math.min(width - 1, Math.max(0, Math.round(x + dx * k)));
        const sy = Math.min(height - 1, Math.max(0, Math.round(y + dy * k)));
        const o = (sy * width + sx) * 4;
        r += copy[o]!;
        g += copy[o + 1]!;
        b += copy[o + 2]!;
      }
      const o = (y * width + x) * 4;
      rgba[o] = rgba[o]! * (1 - w) + (r / steps) * w;
      rgba[o + 1] = rgba[o + 1]! * (1 - w) + (g / steps) * w;
      rgba[o + 2] = rgba[o + 2]! * (1 - w) + (b / steps) * w;
    }
  }
}

/** Darken background pixels (label 0) in a soft ellipse by up to `strength` (0..1). */
export function shadowRegion(s: Surface, region: Region, strength: number): void {
  const box = regionBox(s, region);
  if (box === null) return;
  const { width, rgba, parts } = s;
  for (let y = box.y0; y <= box.y1; y += 1) {
    for (let x = box.x0; x <= box.x1; x += 1) {
      const i = y * width + x;
      if (parts[i] !== 0) continue;
      const w = falloff(region, x, y) * strength;
      if (w === 0) continue;
      const o = i * 4;
      rgba[o] = rgba[o]! * (1 - w);
      rgba[o + 1] = rgba[o + 1]! * (1 - w);
      rgba[o + 2] = rgba[o + 2]! * (1 - w);
    }
  }
}
