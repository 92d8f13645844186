import { describe, expect, it } from 'vitest';
import type { Augment } from '../../../contract/training';
import { COCO_FLIP_PAIRS } from '../../pose/skeleton';
import { IMAGE_MEAN, IMAGE_STD, type ImageStore, augmentInto, normalizeInto } from './augment';
import { streamRng } from './rng';

const LEFT_WRIST = 9;
const RIGHT_WRIST = 10;
const PLAIN: Augment = { cropScale: [0.6, 1], colorJitter: 0, blur: 0, flip: true };

/** One W x H image of `fill`, with labeled keypoints where given (others unlabeled). */
function makeStore(
  W: number,
  H: number,
  fill: number,
  points: Record<number, [number, number]> = {},
): ImageStore {
  const keypoints = new Float32Array(51);
  for (const [j, [x, y]] of Object.entries(points)) keypoints.set([x, y, 2], Number(j) * 3);
  return { width: W, height: H, count: 1, pixels: new Uint8Array(W * H * 3).fill(fill), keypoints };
}

/** A 3x3 white dot centred on the pixel that holds (x, y). */
function drawDot(store: ImageStore, x: number, y: number): void {
  for (let dy = -1; dy <= 1; dy += 1)
    for (let dx = -1; dx <= 1; dx += 1)
      store.pixels.fill(
        255,
        ((Math.floor(y) + dy) * store.width + Math.floor(x) + dx) * 3,
        ((Math.floor(y) + dy) * store.width + Math.floor(x) + dx) * 3 + 3,
      );
}

/** Centre of the brightest pixel of the red plane. */
function brightest(out: Float32Array, outH: number, outW: number): [number, number] {
  let best = 0;
  for (let i = 1; i < outH * outW; i += 1) if (out[i]! > out[best]!) best = i;
  return [(best % outW) + 0.5, Math.floor(best / outW) + 0.5];
}

const point = (kp: Float32Array, j: number) => [kp[3 * j]!, kp[3 * j + 1]!, kp[3 * j + 2]!] as const;

describe('normalizeInto', () => {
  it('writes a constant image as ImageNet-normalised constants, CHW, at the offset', () => {
    const store = makeStore(32, 24, 200);
    const out = new Float32Array(10 + 3 * 12 * 16).fill(NaN);
    normalizeInto(out, 10, store, 0, [12, 16]);
    expect(Number.isNaN(out[9]!)).toBe(true);
    for (let ch = 0; ch < 3; ch += 1) {
      const expected = (200 / 255 - IMAGE_MEAN[ch]!) / IMAGE_STD[ch]!;
      for (let i = 0; i < 12 * 16; i += 1) expect(out[10 + ch * 192 + i]).toBeCloseTo(expected, 5);
    }
  });

  it('scales keypoints with the image and keeps unlabeled points at zero', () => {
    const store = makeStore(64, 48, 0, { [LEFT_WRIST]: [20, 30] });
    const kp = normalizeInto(new Float32Array(3 * 24 * 32), 0, store, 0, [24, 32]);
    expect(point(kp, LEFT_WRIST)).toEqual([10, 15, 2]);
    expect(point(kp, RIGHT_WRIST)).toEqual([0, 0, 0]);
  });

  it('refuses a buffer that is too small and an image outside the store', () => {
    const store = makeStore(8, 8, 0);
    expect(() => normalizeInto(new Float32Array(3 * 64 - 1), 0, store, 0, [8, 8])).toThrow(/too small/);
    expect(() => normalizeInto(new Float32Array(3 * 64), 0, store, 1, [8, 8])).toThrow(/not in the store/);
  });
});

describe('augmentInto', () => {
  it('moves keypoints with the crop and the flip: the drawn dot lands on its transformed keypoint', () => {
    let checked = 0;
    for (let trial = 0; trial < 30; trial += 1) {
      const store = makeStore(64, 48, 20, { [LEFT_WRIST]: [28.5, 22.5], [RIGHT_WRIST]: [50.5, 10.5] });
      drawDot(store, 28.5, 22.5); // only the left wrist is marked
      const flip = trial % 2 === 1;
      const out = new Float32Array(3 * 40 * 40);
      const rng = streamRng(trial, 1);
      const kp = augmentInto(out, 0, store, 0, [40, 40], PLAIN, rng.next, flip);
      // Mirrored, the marked wrist is the person's right one in the new image.
      const [x, y, v] = point(kp, flip ? RIGHT_WRIST : LEFT_WRIST);
      if (v === 0) continue;
      const [bx, by] = brightest(out, 40, 40);
      expect(Math.hypot(bx - x, by - y)).toBeLessThan(1.5);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('mirrors the image and swaps left/right labels when flipped (same draws otherwise)', () => {
    const store = makeStore(48, 48, 0, { [LEFT_WRIST]: [10, 20], [RIGHT_WRIST]: [40, 25], 0: [24, 5] });
    for (let i = 0; i < store.pixels.length; i += 1) store.pixels[i] = (i * 37) % 251;
    const aug: Augment = { cropScale: [0.6, 1], colorJitter: 0.4, blur: 1, flip: true };
    const a = new Float32Array(3 * 32 * 32);
    const b = new Float32Array(3 * 32 * 32);
    const kpA = augmentInto(a, 0, store, 0, [32, 32], aug, streamRng(5, 5).next, false);
    const kpB = augmentInto(b, 0, store, 0, [32, 32], aug, streamRng(5, 5).next, true);
    for (let ch = 0; ch < 3; ch += 1)
      for (let y = 0; y < 32; y += 1)
        for (let x = 0; x < 32; x += 1)
          expect(b[ch * 1024 + y * 32 + x]).toBeCloseTo(a[ch * 1024 + y * 32 + (31 - x)]!, 4);
    const swapped = new Map<number, number>();
    for (const [l, r] of COCO_FLIP_PAIRS) swapped.set(l, r).set(r, l);
    for (let j = 0; j < 17; j += 1) {
      const [x, y, v] = point(kpA, swapped.get(j) ?? j);
      const [fx, fy, fv] = point(kpB, j);
      expect(fv).toBe(v);
      expect(fy).toBe(y);
      expect(fx).toBeCloseTo(v === 0 && x === 0 ? 0 : 32 - x, 4);
    }
    expect(point(kpB, LEFT_WRIST)[0]).toBeLessThan(point(kpB, RIGHT_WRIST)[0]); // right wrist was at x=10
  });

  it('does not flip when augment.flip is off, whatever the group coin says', () => {
    const store = makeStore(16, 16, 0, { [LEFT_WRIST]: [3, 3] });
    const off: Augment = { ...PLAIN, flip: false };
    const kp = augmentInto(new Float32Array(3 * 256), 0, store, 0, [16, 16], off, streamRng(1).next, true);
    const ref = augmentInto(new Float32Array(3 * 256), 0, store, 0, [16, 16], off, streamRng(1).next, false);
    expect(kp).toEqual(ref);
  });

  it('unlabels keypoints that leave the crop but keeps their coordinates', () => {
    const store = makeStore(64, 64, 0, { [LEFT_WRIST]: [2, 2], [RIGHT_WRIST]: [32, 32] });
    const tight: Augment = { ...PLAIN, cropScale: [0.2, 0.3] };
    let outside = 0;
    for (let t = 0; t < 40; t += 1) {
      const kp = augmentInto(
        new Float32Array(3 * 256),
        0,
        store,
        0,
        [16, 16],
        tight,
        streamRng(t, 3).next,
        false,
      );
      const [x, y, v] = point(kp, LEFT_WRIST);
      const inside = x >= 0 && x <= 16 && y >= 0 && y <= 16;
      expect(v).toBe(inside ? 2 : 0);
      if (!inside) outside += 1;
      expect(x === 0 && y === 0).toBe(false);
      expect(point(kp, 0)).toEqual([0, 0, 0]); // unlabeled stays unlabeled at 0, 0
    }
    expect(outside).toBeGreaterThan(10);
  });

  it('leaves a constant image constant without jitter (blur included) and jitter changes a textured one', () => {
    const flat = makeStore(20, 20, 90);
    const out = new Float32Array(3 * 100);
    augmentInto(out, 0, flat, 0, [10, 10], { ...PLAIN, blur: 1 }, streamRng(2).next, true);
    for (let i = 0; i < 100; i += 1) expect(out[i]).toBeCloseTo((90 / 255 - IMAGE_MEAN[0]) / IMAGE_STD[0], 5);
    const tex = makeStore(20, 20, 0);
    for (let i = 0; i < tex.pixels.length; i += 1) tex.pixels[i] = (i * 53) % 256;
    const a = new Float32Array(300);
    const b = new Float32Array(300);
    augmentInto(a, 0, tex, 0, [10, 10], PLAIN, streamRng(4).next, false);
    augmentInto(b, 0, tex, 0, [10, 10], { ...PLAIN, colorJitter: 0.4 }, streamRng(4).next, false);
    expect(a).not.toEqual(b);
  });

  it('is deterministic in its draws', () => {
    const tex = makeStore(20, 20, 0);
    for (let i = 0; i < tex.pixels.length; i += 1) tex.pixels[i] = (i * 29) % 256;
    const aug: Augment = { cropScale: [0.6, 1], colorJitter: 0.4, blur: 0.5, flip: true };
    const run = () => {
      const out = new Float32Array(300);
      augmentInto(out, 0, tex, 0, [10, 10], aug, streamRng(8, 1).next, true);
      return out;
    };
    expect(run()).toEqual(run());
  });
});
