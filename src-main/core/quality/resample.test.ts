import { describe, expect, it } from 'vitest';
import { blazeFaceTensor, grayThumbnail, type ImageView, letterboxRegion, resampleRegion } from './resample';

/** w x h RGB image from a per-pixel colour function. */
function image(w: number, h: number, colour: (x: number, y: number) => [number, number, number]): ImageView {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y += 1) for (let x = 0; x < w; x += 1) data.set(colour(x, y), (y * w + x) * 3);
  return { data, width: w, height: h, channels: 3 };
}

describe('blazeFaceTensor', () => {
  it('is NHWC RGB in [-1, 1] with the top image row first (no vertical flip)', () => {
    // Top half red, bottom half blue.
    const img = image(4, 4, (_x, y) => (y < 2 ? [255, 0, 0] : [0, 0, 255]));
    const t = blazeFaceTensor(img, { x: 0, y: 0, w: 4, h: 4 }, 4);
    expect(t.length).toBe(4 * 4 * 3);
    expect([...t.subarray(0, 3)]).toEqual([1, -1, -1]); // pixel (0, 0): red
    expect([...t.subarray(15 * 3, 16 * 3)]).toEqual([-1, -1, 1]); // pixel (3, 3): blue
    expect(Math.min(...t)).toBe(-1);
    expect(Math.max(...t)).toBe(1);
  });

  it('maps mid grey to about 0 and pads outside the image with -1 (black)', () => {
    const img = image(4, 2, () => [128, 128, 128]);
    const region = letterboxRegion(4, 2);
    expect(region).toEqual({ x: 0, y: -1, w: 4, h: 4 });
    const t = blazeFaceTensor(img, region, 4);
    expect([...t.subarray(0, 3)]).toEqual([-1, -1, -1]); // row 0 is padding
    expect(t[4 * 3]).toBeCloseTo(128 / 127.5 - 1, 6); // row 1 is the image
    expect([...t.subarray(15 * 3, 16 * 3)]).toEqual([-1, -1, -1]); // row 3 is padding
  });
});

describe('resampleRegion', () => {
  it('averages when downscaling, so a fine checkerboard becomes flat grey', () => {
    const img = image(64, 64, (x, y) => ((x + y) % 2 === 0 ? [255, 255, 255] : [0, 0, 0]));
    const g = resampleRegion(img, { x: 0, y: 0, w: 64, h: 64 }, 16, 16, 'gray');
    for (const v of g) expect(v).toBeCloseTo(127.5, 0);
  });

  it('interpolates when upscaling and uses Rec. 601 luma', () => {
    const img = image(2, 1, (x) => (x === 0 ? [0, 0, 0] : [255, 0, 0]));
    const g = resampleRegion(img, { x: 0, y: 0, w: 2, h: 1 }, 4, 1, 'gray');
    expect(g[0]).toBeCloseTo(0, 6);
    expect(g[3]).toBeCloseTo(0.299 * 255, 4);
    expect(g[1]! < g[2]!).toBe(true);
  });

  it('accepts RGBA and refuses a short buffer', () => {
    const rgba: ImageView = { data: new Uint8Array([10, 20, 30, 255]), width: 1, height: 1, channels: 4 };
    expect([...resampleRegion(rgba, { x: 0, y: 0, w: 1, h: 1 }, 1, 1, 'rgb')]).toEqual([10, 20, 30]);
    expect(() => resampleRegion({ ...rgba, width: 2 }, { x: 0, y: 0, w: 1, h: 1 }, 1, 1, 'rgb')).toThrow();
  });

  it('thumbnails keep the aspect ratio and never upscale', () => {
    const img = image(512, 256, () => [0, 0, 0]);
    expect(grayThumbnail(img, 256)).toMatchObject({ w: 256, h: 128 });
    expect(
      grayThumbnail(
        image(100, 50, () => [0, 0, 0]),
        256,
      ),
    ).toMatchObject({ w: 100, h: 50 });
  });
});
