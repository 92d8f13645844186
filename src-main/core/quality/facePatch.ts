/**
 * @file The face patch the feature checks work on, platform-free: a square of the image around
 * the pose's face centre, as RGB and luma planes at native resolution (capped so a head is at most
 * `PATCH_HEAD_PX` across: larger faces are averaged down, small ones are never upscaled, so a
 * 1-pixel feature stays 1 pixel), plus the small image operations the checks need on it: skin
 * colour, per-channel neighbourhood medians, connected components and hole filling.
 *
 * All distances the checks use are in head widths (the pose's estimate, `HeadEstimate.size`), so
 * `unit` (pixels of the patch per head width) converts them.
 */
import type { HeadEstimate, PoseKeypoint } from './faceGeometry';
import { type ImageView, resampleRegion } from './resample';

/** Patch side in head widths around the face centre: room for eyes moved by a distorted face. */
export const PATCH_SIDE = 1.6;
/** Largest head width in patch pixels (larger faces are downscaled to it). */
export const PATCH_HEAD_PX = 48;

export type FacePatch = {
  /** Side in pixels. */
  n: number;
  /** Planes, row-major, 0..255. */
  r: Float32Array;
  g: Float32Array;
  b: Float32Array;
  luma: Float32Array;
  /** Patch pixels per head width. */
  unit: number;
  /** Image -> patch coordinates: px = (x - x0) * scale. */
  x0: number;
  y0: number;
  scale: number;
};

/** The patch around the face; origin on whole image pixels so a native-size patch is an exact copy. */
export function sampleFacePatch(img: ImageView, head: HeadEstimate): FacePatch {
  const scale = Math.min(1, PATCH_HEAD_PX / head.size);
  const n = Math.max(8, Math.round(PATCH_SIDE * head.size * scale));
  const side = n / scale;
  const x0 = Math.round(head.fx - side / 2);
  const y0 = Math.round(head.fy - side / 2);
  const rgb = resampleRegion(img, { x: x0, y: y0, w: side, h: side }, n, n, 'rgb');
  const r = new Float32Array(n * n);
  const g = new Float32Array(n * n);
  const b = new Float32Array(n * n);
  const luma = new Float32Array(n * n);
  for (let i = 0; i < n * n; i += 1) {
    r[i] = rgb[i * 3]!;
    g[i] = rgb[i * 3 + 1]!;
    b[i] = rgb[i * 3 + 2]!;
    luma[i] = 0.299 * r[i]! + 0.587 * g[i]! + 0.114 * b[i]!;
  }
  return { n, r, g, b, luma, unit: head.size * scale, x0, y0, scale };
}

/** A keypoint in patch coordinates (continuous: pixel k covers [k, k + 1)). */
export function toPatch(p: FacePatch, k: PoseKeypoint): { x: number; y: number } {
  return { x: (k[0] - p.x0) * p.scale, y: (k[1] - p.y0) * p.scale };
}

/** Indices of the patch pixels whose centres lie within `radius` of (x, y). */
export function discPixels(p: FacePatch, x: number, y: number, radius: number): number[] {
  const out: number[] = [];
  const r2 = radius * radius;
  const xa = Math.max(0, Math.floor(x - radius));
  const xb = Math.min(p.n - 1, Math.ceil(x + radius));
  const ya = Math.max(0, Math.floor(y - radius));
  const yb = Math.min(p.n - 1, Math.ceil(y + radius));
  for (let j = ya; j <= yb; j += 1) {
    for (let i = xa; i <= xb; i += 1) {
      const dx = i + 0.5 - x;
      const dy = j + 0.5 - y;
      if (dx * dx + dy * dy <= r2) out.push(j * p.n + i);
    }
  }
  return out;
}

/** Median of `values` at `indices` (0..255 floats, binned to whole levels). */
export function medianAt(values: Float32Array, indices: readonly number[]): number {
  if (indices.length === 0) return 0;
  const hist = new Uint32Array(256);
  for (const i of indices) hist[Math.min(255, Math.max(0, Math.round(values[i]!)))]! += 1;
  const target = Math.floor((indices.length - 1) / 2);
  let seen = 0;
  for (let v = 0; v < 256; v += 1) {
    seen += hist[v]!;
    if (seen > target) return v;
  }
  return 255;
}

/**
 * Skin colour: per-channel median over a disc of a quarter head width halfway between the face
 * centre and the head centre (on the cheeks of a frontal face, on the face side of a profile).
 */
export function skinColour(p: FacePatch, head: HeadEstimate): [number, number, number] {
  const cx = ((head.fx + head.cx) / 2 - p.x0) * p.scale;
  const cy = ((head.fy + head.cy) / 2 - p.y0) * p.scale;
  const disc = discPixels(p, cx, cy, 0.25 * p.unit);
  return [medianAt(p.r, disc), medianAt(p.g, disc), medianAt(p.b, disc)];
}

/**
 * Largest colour deviation (RGB distance) of a pixel in `pixels` from the per-channel median of
 * the `window` x `window` square around it (clipped to the patch): how much a pixel stands out
 * from its neighbourhood. Features (eyes, mouth) stand out; smooth or blurred skin does not.
 */
export function maxLocalDeviation(p: FacePatch, pixels: readonly number[], window: number): number {
  const half = Math.max(1, Math.floor(window / 2));
  let best = 0;
  const idx: number[] = [];
  for (const c of pixels) {
    const cx = c % p.n;
    const cy = Math.floor(c / p.n);
    idx.length = 0;
    for (let y = Math.max(0, cy - half); y <= Math.min(p.n - 1, cy + half); y += 1) {
      for (let x = Math.max(0, cx - half); x <= Math.min(p.n - 1, cx + half); x += 1) idx.push(y * p.n + x);
    }
    const dr = p.r[c]! - medianAt(p.r, idx);
    const dg = p.g[c]! - medianAt(p.g, idx);
    const db = p.b[c]! - medianAt(p.b, idx);
    best = Math.max(best, Math.sqrt(dr * dr + dg * dg + db * db));
  }
  return best;
}

/** The 4-connected component of `mask` containing `seed`, marked in `label` with `id`. */
export function floodComponent(
  mask: Uint8Array,
  label: Int32Array,
  n: number,
  seed: number,
  id: number,
): number[] {
  const out: number[] = [seed];
  label[seed] = id;
  for (let k = 0; k < out.length; k += 1) {
    const i = out[k]!;
    const x = i % n;
    const neighbours = [x > 0 ? i - 1 : -1, x < n - 1 ? i + 1 : -1, i - n, i + n];
    for (const j of neighbours) {
      if (j < 0 || j >= n * n || !mask[j] || label[j] !== 0) continue;
      label[j] = id;
      out.push(j);
    }
  }
  return out;
}

/**
 * The pixels of `component` grown by one pixel (4-neighbours) with every hole filled: what the
 * component encloses, e.g. the iris inside an eye's white.
 */
export function filledRegion(component: readonly number[], n: number): number[] {
  let xa = n;
  let xb = -1;
  let ya = n;
  let yb = -1;
  for (const i of component) {
    const x = i % n;
    const y = Math.floor(i / n);
    xa = Math.min(xa, x);
    xb = Math.max(xb, x);
    ya = Math.min(ya, y);
    yb = Math.max(yb, y);
  }
  // A box one pixel larger than the grown component, so its border is always outside.
  const bx = xa - 2;
  const by = ya - 2;
  const w = xb - xa + 5;
  const h = yb - ya + 5;
  const inside = new Uint8Array(w * h);
  for (const i of component) {
    const x = (i % n) - bx;
    const y = Math.floor(i / n) - by;
    for (const [dx, dy] of [
      [0, 0],
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ] as const)
      inside[(y + dy) * w + x + dx] = 1;
  }
  // Flood the outside from the box border; whatever it cannot reach is the filled region.
  const outside = new Uint8Array(w * h);
  const queue: number[] = [];
  for (let x = 0; x < w; x += 1) queue.push(x, (h - 1) * w + x);
  for (let y = 0; y < h; y += 1) queue.push(y * w, y * w + w - 1);
  for (const q of queue) outside[q] = 1;
  for (let k = 0; k < queue.length; k += 1) {
    const i = queue[k]!;
    const x = i % w;
    for (const j of [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, i - w, i + w]) {
      if (j < 0 || j >= w * h || outside[j] || inside[j]) continue;
      outside[j] = 1;
      queue.push(j);
    }
  }
  const out: number[] = [];
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      const px = x + bx;
      const py = y + by;
      if (outside[y * w + x] || px < 0 || py < 0 || px >= n || py >= n) continue;
      out.push(py * n + px);
    }
  }
  return out;
}
