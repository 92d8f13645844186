import { describe, expect, it } from 'vitest';
import { estimateHead } from './faceGeometry';
import {
  discPixels,
  type FacePatch,
  filledRegion,
  floodComponent,
  maxLocalDeviation,
  medianAt,
  PATCH_HEAD_PX,
  sampleFacePatch,
  skinColour,
  toPatch,
} from './facePatch';
import { canvas, faceKeypoints, SKIN, W } from './faceTestImage';

describe('sampleFacePatch', () => {
  const head = estimateHead(faceKeypoints())!;

  it('copies a small face at native resolution, 1.6 head widths around the face centre', () => {
    const p = canvas();
    p.rect(60, 60, 61, 61, [10, 20, 30]);
    const patch = sampleFacePatch(p.img, head);
    expect(patch.scale).toBe(1);
    expect(patch.n).toBe(Math.round(1.6 * head.size));
    const { x, y } = toPatch(patch, [60.5, 60.5, 2]);
    const i = Math.floor(y) * patch.n + Math.floor(x);
    expect([patch.r[i], patch.g[i], patch.b[i]]).toEqual([10, 20, 30]);
    expect(patch.luma[i]).toBeCloseTo(0.299 * 10 + 0.587 * 20 + 0.114 * 30, 4);
  });

  it(`downscales a face wider than ${PATCH_HEAD_PX} px so the head is ${PATCH_HEAD_PX} px across`, () => {
    const big = { ...head, size: 96 };
    const patch = sampleFacePatch(canvas().img, big);
    expect(patch.scale).toBeCloseTo(0.5, 6);
    expect(patch.unit).toBeCloseTo(PATCH_HEAD_PX, 6);
  });

  it('reads the skin colour between the face and the head centre', () => {
    const patch = sampleFacePatch(canvas().img, head);
    expect(skinColour(patch, head)).toEqual([...SKIN]);
  });
});

function plane(n: number, values: number[]): FacePatch {
  const v = Float32Array.from(values);
  return { n, r: v, g: v, b: v, luma: v, unit: n, x0: 0, y0: 0, scale: 1 };
}

describe('pixel helpers', () => {
  it('discPixels takes the pixels whose centres lie in the disc, clipped to the patch', () => {
    const p = plane(10, new Array(100).fill(0));
    expect(discPixels(p, 5, 5, 0.5)).toEqual([]);
    expect(discPixels(p, 5, 5, 1).sort((a, b) => a - b)).toEqual([44, 45, 54, 55]);
    expect(discPixels(p, 0, 0, 1)).toEqual([0]);
  });

  it('medianAt bins to whole levels and takes the lower middle', () => {
    const v = Float32Array.from([10, 200, 30, 40.4]);
    expect(medianAt(v, [0, 1, 2])).toBe(30);
    expect(medianAt(v, [0, 1, 2, 3])).toBe(30);
    expect(medianAt(v, [])).toBe(0);
  });

  it('maxLocalDeviation: a lone dark pixel stands out from its neighbourhood, a flat one does not', () => {
    const values = new Array(25).fill(100);
    values[12] = 40;
    const p = plane(5, values);
    expect(maxLocalDeviation(p, [12], 3)).toBeCloseTo(Math.sqrt(3) * 60, 4);
    expect(maxLocalDeviation(p, [0], 3)).toBe(0);
  });

  it('floodComponent follows 4-neighbours only; filledRegion fills holes and grows by a pixel', () => {
    // A ring of 8 pixels around (2, 2) in a 5 x 5 mask, plus a diagonal neighbour (4, 4).
    const mask = new Uint8Array(25);
    for (const i of [6, 7, 8, 11, 13, 16, 17, 18, 24]) mask[i] = 1;
    const label = new Int32Array(25);
    const ring = floodComponent(mask, label, 5, 6, 1);
    expect(ring.sort((a, b) => a - b)).toEqual([6, 7, 8, 11, 13, 16, 17, 18]);
    expect(label[24]).toBe(0);
    const filled = new Set(filledRegion(ring, 5));
    expect(filled.has(12)).toBe(true); // the hole
    expect(filled.has(1)).toBe(true); // grown by one pixel
    expect(filled.has(0)).toBe(false); // not diagonally
  });

  it('a synthetic canvas is what it says', () => {
    expect(canvas().img.data.length).toBe(W * W * 3);
  });
});
