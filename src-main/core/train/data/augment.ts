/**
 * @file Per-image augmentation for pre-training, on an in-memory image store (uint8 RGB, HWC,
 * decoded once): a random-resized crop (area share in augment.cropScale, aspect ratio within
 * [3/4, 4/3] of the output's), an optional horizontal flip decided per positive group by the
 * sampler, colour jitter (brightness, contrast, saturation, in that fixed order, clamped to [0, 1]
 * after each as torchvision does) and a 3x3 Gaussian blur with probability augment.blur, written
 * as ImageNet-normalised CHW floats straight into a batch buffer. Keypoints follow the crop and the
 * flip (left/right labels swapped, methods.md Sec. 5.2: otherwise "same pose" breaks); points
 * that leave the crop keep their coordinates but become unlabeled (v = 0).
 *
 * Speed matters (it runs for every image of every step), so sampling uses per-row/per-column
 * lookup tables, three planar passes over the output and reused scratch buffers. Randomness comes
 * only from `rand`, a fixed number of draws per image (9), so results depend on nothing else.
 */
import type { Augment } from '../../../contract/training';
import { COCO_FLIP_PAIRS } from '../../pose/skeleton';

/** Decoded training images: `pixels` is count x H x W x 3 (RGB, HWC); `keypoints` count x 51 in store pixels. */
export interface ImageStore {
  height: number;
  width: number;
  count: number;
  pixels: Uint8Array;
  keypoints: Float32Array;
}

/** ImageNet channel statistics (RGB, on 0..1 values), as timm's ViTs expect. */
export const IMAGE_MEAN: readonly [number, number, number] = [0.485, 0.456, 0.406];
export const IMAGE_STD: readonly [number, number, number] = [0.229, 0.224, 0.225];

/** Values per image in the store's keypoint table (COCO-17 x, y, v). */
export const KEYPOINT_VALUES = 51;

/** A crop of the store image in continuous pixel coordinates (pixel i covers [i, i + 1)). */
export interface Crop {
  x: number;
  y: number;
  w: number;
  h: number;
}

// Scratch shared by every call: this module runs on one thread and never yields mid-image.
let planes = new Float32Array(0);
let blurTmp = new Float32Array(0);
let colLo = new Int32Array(0);
let colHi = new Int32Array(0);
let colF = new Float32Array(0);
let rowLo = new Int32Array(0);
let rowHi = new Int32Array(0);
let rowF = new Float32Array(0);

function ensureScratch(outH: number, outW: number): void {
  const n = outH * outW;
  if (planes.length < 3 * n) {
    planes = new Float32Array(3 * n);
    blurTmp = new Float32Array(n);
  }
  if (colLo.length < outW)
    [colLo, colHi, colF] = [new Int32Array(outW), new Int32Array(outW), new Float32Array(outW)];
  if (rowLo.length < outH)
    [rowLo, rowHi, rowF] = [new Int32Array(outH), new Int32Array(outH), new Float32Array(outH)];
}

function checkArgs(
  out: Float32Array,
  offset: number,
  store: ImageStore,
  index: number,
  size: readonly [number, number],
) {
  const [outH, outW] = size;
  if (!Number.isInteger(outH) || !Number.isInteger(outW) || outH < 1 || outW < 1)
    throw new Error(`augment: invalid output size ${outH}x${outW}`);
  if (!Number.isInteger(index) || index < 0 || index >= store.count)
    throw new Error(`augment: image ${index} is not in the store (${store.count} images)`);
  if (!Number.isInteger(offset) || offset < 0 || offset + 3 * outH * outW > out.length)
    throw new Error(`augment: output buffer too small for an image at offset ${offset}`);
  ensureScratch(outH, outW);
}

/** Fills one axis' lookup table: output cell o reads source cells lo/hi with weight f on hi. */
function axisTable(
  lo: Int32Array,
  hi: Int32Array,
  f: Float32Array,
  n: number,
  start: number,
  span: number,
  limit: number,
  stride: number,
  mirror: boolean,
) {
  const step = span / n;
  for (let o = 0; o < n; o += 1) {
    const c = mirror ? n - 1 - o : o;
    let s = start + (c + 0.5) * step - 0.5; // output cell centre in source pixel-index units
    if (s < 0) s = 0;
    else if (s > limit - 1) s = limit - 1;
    const i0 = Math.floor(s);
    lo[o] = i0 * stride;
    hi[o] = Math.min(i0 + 1, limit - 1) * stride;
    f[o] = s - i0;
  }
}

/**
 * Bilinear samples the crop into the planar scratch (R, G, B planes of outH x outW), times
 * `scale` and clamped to at most `cap`; returns the mean luma of the result (for contrast).
 */
function sampleCrop(
  store: ImageStore,
  index: number,
  crop: Crop,
  outH: number,
  outW: number,
  flip: boolean,
  scale: number,
  cap: number,
): number {
  const { width: W, height: H } = store;
  // Locals, not the module's lets: V8 keeps typed-array loads in registers this way.
  const cLo = colLo;
  const cHi = colHi;
  const cF = colF;
  const rLo = rowLo;
  const rHi = rowHi;
  const rF = rowF;
  const out = planes;
  axisTable(cLo, cHi, cF, outW, crop.x, crop.w, W, 3, flip);
  axisTable(rLo, rHi, rF, outH, crop.y, crop.h, H, W * 3, false);
  const px = store.pixels;
  const base = index * H * W * 3;
  const n = outH * outW;
  let luma = 0;
  for (let oy = 0; oy < outH; oy += 1) {
    const r0 = base + rLo[oy]!;
    const r1 = base + rHi[oy]!;
    const fy = rF[oy]!;
    const gy = 1 - fy;
    for (let ox = 0; ox < outW; ox += 1) {
      const fx = cF[ox]!;
      const w11 = fx * fy * scale;
      const w10 = fx * gy * scale;
      const w01 = (1 - fx) * fy * scale;
      const w00 = (1 - fx) * gy * scale;
      const a = r0 + cLo[ox]!;
      const b = r0 + cHi[ox]!;
      const c = r1 + cLo[ox]!;
      const d = r1 + cHi[ox]!;
      let red = px[a]! * w00 + px[b]! * w10 + px[c]! * w01 + px[d]! * w11;
      let green = px[a + 1]! * w00 + px[b + 1]! * w10 + px[c + 1]! * w01 + px[d + 1]! * w11;
      let blue = px[a + 2]! * w00 + px[b + 2]! * w10 + px[c + 2]! * w01 + px[d + 2]! * w11;
      if (red > cap) red = cap;
      if (green > cap) green = cap;
      if (blue > cap) blue = cap;
      const o = oy * outW + ox;
      out[o] = red;
      out[n + o] = green;
      out[2 * n + o] = blue;
      luma += 0.299 * red + 0.587 * green + 0.114 * blue;
    }
  }
  return luma / n;
}

/** Contrast around `mean` then saturation around each pixel's luma, clamped to [0, 1] after each. */
function contrastSaturation(n: number, mean: number, contrast: number, saturation: number): void {
  const clamp = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);
  const shift = mean * (1 - contrast);
  const p = planes;
  for (let i = 0; i < n; i += 1) {
    const r = clamp(p[i]! * contrast + shift);
    const g = clamp(p[n + i]! * contrast + shift);
    const b = clamp(p[2 * n + i]! * contrast + shift);
    const l = (0.299 * r + 0.587 * g + 0.114 * b) * (1 - saturation);
    p[i] = clamp(r * saturation + l);
    p[n + i] = clamp(g * saturation + l);
    p[2 * n + i] = clamp(b * saturation + l);
  }
}

/** Separable 3-tap blur [w, 1, w] / (1 + 2w) of the three planes, edges replicated. */
function blur3(outH: number, outW: number, sigma: number): void {
  const side = Math.exp(-1 / (2 * sigma * sigma));
  const k1 = side / (1 + 2 * side);
  const k0 = 1 / (1 + 2 * side);
  const n = outH * outW;
  const [pl, tmp] = [planes, blurTmp];
  for (let ch = 0; ch < 3; ch += 1) {
    const p = ch * n;
    for (let y = 0; y < outH; y += 1) {
      const row = p + y * outW;
      for (let x = 0; x < outW; x += 1) {
        const l = pl[row + (x > 0 ? x - 1 : 0)]!;
        const r = pl[row + (x < outW - 1 ? x + 1 : x)]!;
        tmp[y * outW + x] = k0 * pl[row + x]! + k1 * (l + r);
      }
    }
    for (let y = 0; y < outH; y += 1) {
      const up = (y > 0 ? y - 1 : 0) * outW;
      const down = (y < outH - 1 ? y + 1 : y) * outW;
      const row = y * outW;
      for (let x = 0; x < outW; x += 1)
        pl[p + row + x] = k0 * tmp[row + x]! + k1 * (tmp[up + x]! + tmp[down + x]!);
    }
  }
}

/** Writes the planes as (v - mean) / std per channel into `out` at `offset` (CHW). */
function writeNormalized(out: Float32Array, offset: number, n: number): void {
  const p = planes;
  for (let ch = 0; ch < 3; ch += 1) {
    const m = IMAGE_MEAN[ch]!;
    const inv = 1 / IMAGE_STD[ch]!;
    const at = ch * n;
    const o = offset + at;
    for (let i = 0; i < n; i += 1) out[o + i] = (p[at + i]! - m) * inv;
  }
}

/**
 * The store keypoints of image `index` mapped through `crop` onto an outW x outH output,
 * mirrored (x -> outW - x, left/right swapped) when `flip`. Unlabeled points stay [0, 0, 0];
 * labeled points outside the output keep their coordinates with v = 0.
 */
export function cropKeypoints(
  store: ImageStore,
  index: number,
  crop: Crop,
  size: readonly [number, number],
  flip: boolean,
): Float32Array {
  const [outH, outW] = size;
  const src = store.keypoints;
  const base = index * KEYPOINT_VALUES;
  const out = new Float32Array(KEYPOINT_VALUES);
  const sx = outW / crop.w;
  const sy = outH / crop.h;
  for (let j = 0; j < KEYPOINT_VALUES; j += 3) {
    const v = src[base + j + 2]!;
    if (!(v > 0)) continue;
    let x = (src[base + j]! - crop.x) * sx;
    const y = (src[base + j + 1]! - crop.y) * sy;
    if (flip) x = outW - x;
    const inside = x >= 0 && x <= outW && y >= 0 && y <= outH;
    out[j] = x;
    out[j + 1] = y;
    out[j + 2] = inside ? v : 0;
  }
  if (flip) {
    for (const [l, r] of COCO_FLIP_PAIRS) {
      for (let c = 0; c < 3; c += 1) {
        const t = out[3 * l + c]!;
        out[3 * l + c] = out[3 * r + c]!;
        out[3 * r + c] = t;
      }
    }
  }
  return out;
}

/**
 * No augmentation: the whole store image resized (bilinear) to `size` ([height, width]) and
 * written normalised, CHW, at `offset` (evaluation). Returns the keypoints in output pixels.
 */
export function normalizeInto(
  out: Float32Array,
  offset: number,
  store: ImageStore,
  index: number,
  size: readonly [number, number],
): Float32Array {
  checkArgs(out, offset, store, index, size);
  const [outH, outW] = size;
  const crop: Crop = { x: 0, y: 0, w: store.width, h: store.height };
  sampleCrop(store, index, crop, outH, outW, false, 1 / 255, 1);
  writeNormalized(out, offset, outH * outW);
  return cropKeypoints(store, index, crop, size, false);
}

/** Random-resized crop: area share in `scale`, aspect (w/h) within [3/4, 4/3] of the output's. */
export function randomCrop(
  W: number,
  H: number,
  size: readonly [number, number],
  scale: readonly [number, number],
  rand: () => number,
): Crop {
  const lo = Math.min(scale[0], scale[1]);
  const hi = Math.max(scale[0], scale[1]);
  const area = (lo + (hi - lo) * rand()) * W * H;
  const logRatio = Math.log(3 / 4) + Math.log(16 / 9) * rand();
  const aspect = (size[1] / size[0]) * Math.exp(logRatio);
  // Clamped rather than retried, so each crop takes the same number of draws.
  const w = Math.min(W, Math.sqrt(area * aspect));
  const h = Math.min(H, Math.sqrt(area / aspect));
  return { x: (W - w) * rand(), y: (H - h) * rand(), w, h };
}

/**
 * One augmented view of store image `index` written normalised, CHW, into `out` at `offset`:
 * random-resized crop, flip when `flip` (the group's coin; ignored when augment.flip is off),
 * colour jitter and maybe blur, all drawn from `rand` (9 draws). Returns the 51 keypoints in
 * output pixels, following the crop and flip (left/right swapped), v = 0 outside the crop.
 */
export function augmentInto(
  out: Float32Array,
  offset: number,
  store: ImageStore,
  index: number,
  size: readonly [number, number],
  augment: Augment,
  rand: () => number,
  flip: boolean,
): Float32Array {
  checkArgs(out, offset, store, index, size);
  const [outH, outW] = size;
  const crop = randomCrop(store.width, store.height, size, augment.cropScale, rand);
  const j = augment.colorJitter;
  const factor = () => Math.max(0, 1 + j * (2 * rand() - 1));
  const brightness = factor();
  const contrast = factor();
  const saturation = factor();
  const blurred = rand() < augment.blur;
  const sigma = 0.1 + 1.9 * rand(); // SimCLR's sigma range
  const mirror = flip && augment.flip;
  const mean = sampleCrop(store, index, crop, outH, outW, mirror, brightness / 255, 1);
  contrastSaturation(outH * outW, mean, contrast, saturation);
  if (blurred) blur3(outH, outW, sigma);
  writeNormalized(out, offset, outH * outW);
  return cropKeypoints(store, index, crop, size, mirror);
}
