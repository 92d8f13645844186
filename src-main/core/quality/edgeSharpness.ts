/**
 * @file Face edge sharpness, platform-free: how crisp the face's edges are regardless of how much
 * contrast it has. The Laplacian variance (`face.sharpness`) grows with contrast, so a dark or
 * low-contrast face looks blurred and a high-contrast blurred face looks sharp; here the gradient
 * energy at the patch's own resolution is divided by the gradient energy after a Gaussian blur of
 * `SIGMA` pixels. Crisp detail loses most of its gradient energy to that blur (a straight 1 px
 * edge: ratio about 2; thin lines and dots such as eyes and brows: 5-12; clean mannequin faces:
 * median about 4); detail that is already blurred or smeared over several pixels keeps it (ratio
 * near 1). A patch with no detail at all scores 0. The patch is a square of `EDGE_SIDE` head widths around the middle of the head, sampled
 * at native resolution up to `EDGE_MAX_PX` (larger faces are averaged down, small ones never
 * upscaled, so the blur is measured against the face's size and not against the image's).
 */
import type { HeadEstimate } from './faceGeometry';
import { type ImageView, resampleRegion } from './resample';

/** Patch side in head widths. */
export const EDGE_SIDE = 0.6;
/** How far the patch centre moves from the face centre towards the head centre (0..1). */
export const EDGE_INWARD = 0.8;
/** Largest patch side in pixels. */
export const EDGE_MAX_PX = 24;
/** Blur of the comparison image, pixels. */
export const SIGMA = 1.5;

/** Separable Gaussian blur with edge replication (scipy's 'nearest'), truncated at 4 sigma. */
export function gaussianBlur(src: Float32Array, w: number, h: number, sigma: number): Float32Array {
  const radius = Math.floor(4 * sigma + 0.5);
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k += 1) {
    kernel[k + radius] = Math.exp((-k * k) / (2 * sigma * sigma));
    sum += kernel[k + radius]!;
  }
  for (let k = 0; k < kernel.length; k += 1) kernel[k] = kernel[k]! / sum;
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  const clamp = (v: number, hi: number): number => (v < 0 ? 0 : v > hi ? hi : v);
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      let s = 0;
      for (let k = -radius; k <= radius; k += 1) s += kernel[k + radius]! * src[y * w + clamp(x + k, w - 1)]!;
      tmp[y * w + x] = s;
    }
  }
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      let s = 0;
      for (let k = -radius; k <= radius; k += 1) s += kernel[k + radius]! * tmp[clamp(y + k, h - 1) * w + x]!;
      out[y * w + x] = s;
    }
  }
  return out;
}

/** Mean squared central-difference gradient over the interior pixels. */
export function gradientEnergy(img: Float32Array, w: number, h: number): number {
  if (w < 3 || h < 3) return 0;
  let sum = 0;
  for (let y = 1; y < h - 1; y += 1) {
    for (let x = 1; x < w - 1; x += 1) {
      const i = y * w + x;
      const gx = (img[i + 1]! - img[i - 1]!) / 2;
      const gy = (img[i + w]! - img[i - w]!) / 2;
      sum += gx * gx + gy * gy;
    }
  }
  return sum / ((w - 2) * (h - 2));
}

/** Gradient energy at native resolution over that after a SIGMA blur (0 for a flat patch). */
export function edgeSharpnessOf(gray: Float32Array, w: number, h: number): number {
  const fine = gradientEnergy(gray, w, h);
  const coarse = gradientEnergy(gaussianBlur(gray, w, h, SIGMA), w, h);
  return fine / Math.max(coarse, 1e-6);
}

/** Edge sharpness of a square of `side` image pixels centred at (cx, cy), at most EDGE_MAX_PX across. */
export function edgeSharpnessAt(img: ImageView, cx: number, cy: number, side: number): number {
  const n = Math.max(8, Math.min(EDGE_MAX_PX, Math.round(side)));
  const gray = resampleRegion(img, { x: cx - side / 2, y: cy - side / 2, w: side, h: side }, n, n, 'gray');
  return edgeSharpnessOf(gray, n, n);
}

/** Edge sharpness of the face the pose puts at `head`. */
export function faceEdgeSharpness(img: ImageView, head: HeadEstimate): number {
  const cx = head.fx + (head.cx - head.fx) * EDGE_INWARD;
  const cy = head.fy + (head.cy - head.fy) * EDGE_INWARD;
  return edgeSharpnessAt(img, cx, cy, EDGE_SIDE * head.size);
}
