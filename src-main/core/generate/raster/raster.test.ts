import { describe, expect, it } from 'vitest';
import {
  blurRegion,
  createSurface,
  drawShapes,
  makeLight,
  PATTERN_STRIPES,
  type Placed,
  type Shape,
  solid,
  type Surface,
} from './index';

const light = makeLight(270, 0, 1, 0);
const red = solid([200, 0, 0]);
const blue = solid([0, 0, 200]);

function capsule(x0: number, x1: number, z: number, label: number, material = red): Shape {
  return {
    kind: 'capsule',
    ax: x0,
    ay: 32,
    az: z,
    ar: 6,
    bx: x1,
    by: 32,
    bz: z,
    br: 6,
    bulge: 10,
    material,
    label,
  };
}

const rgbAt = (s: Surface, x: number, y: number): number[] => [
  ...s.rgba.subarray((y * s.width + x) * 4, (y * s.width + x) * 4 + 3),
];

describe('raster', () => {
  it('fills a capsule with colour, depth and label in one pass, and nothing outside it', () => {
    const s = createSurface(64, 64);
    drawShapes(s, [{ shape: capsule(10, 50, 1000, 3), order: 0 }], light, false);
    const i = 32 * 64 + 30;
    expect(s.parts[i]).toBe(3);
    expect(s.depth[i]).toBeGreaterThan(1000);
    expect(rgbAt(s, 30, 32)).toEqual([200, 0, 0]);
    expect(s.parts[10 * 64 + 30]).toBe(0);
    expect(s.depth[10 * 64 + 30]).toBe(0);
    expect(rgbAt(s, 30, 10)).toEqual([255, 255, 255]);
  });

  it('keeps the nearer shape whatever the drawing order (z-buffer)', () => {
    for (const order of [0, 1]) {
      const s = createSurface(64, 64);
      const near: Placed = { shape: capsule(10, 50, 5000, 1, blue), order: order === 0 ? 1 : 0 };
      const far: Placed = { shape: capsule(20, 40, 1000, 2, red), order: order === 0 ? 0 : 1 };
      drawShapes(s, [near, far], light, true);
      expect(s.parts[32 * 64 + 30]).toBe(1);
      expect(rgbAt(s, 30, 32)).toEqual([0, 0, 200]);
    }
  });

  it('bulges: the centre line is nearer than the rim', () => {
    const s = createSurface(64, 64);
    drawShapes(s, [{ shape: capsule(10, 50, 1000, 1), order: 0 }], light, false);
    expect(s.depth[32 * 64 + 30]!).toBeGreaterThan(s.depth[36 * 64 + 30]!);
  });

  it('paints patterns in part-local coordinates (stripes across the axis)', () => {
    const s = createSurface(64, 64);
    const striped = { ...red, alt: [0, 200, 0] as const, pattern: PATTERN_STRIPES, period: 4 };
    drawShapes(s, [{ shape: capsule(8, 56, 1000, 1, striped), order: 0 }], light, false);
    const along = [20, 24, 28, 32].map((x) => rgbAt(s, x, 32)[0]);
    expect(new Set(along).size).toBe(2);
    // Across the axis the colour stays (same u).
    expect(rgbAt(s, 21, 30)).toEqual(rgbAt(s, 21, 34));
  });

  it('fills a quad with the inverse bilinear mapping and an ellipsoid decal only over its label', () => {
    const s = createSurface(64, 64);
    const quad: Shape = {
      kind: 'quad',
      corners: [
        [10, 10, 1000],
        [50, 12, 1000],
        [54, 50, 1000],
        [8, 52, 1000],
      ],
      bulge: 5,
      material: red,
      label: 4,
    };
    const decal: Shape = {
      kind: 'ellipsoid',
      cx: 50,
      cy: 30,
      cz: 0,
      rx: 8,
      ry: 8,
      rz: 0,
      ux: 1,
      uy: 0,
      material: blue,
      label: 9,
      decalOn: 4,
    };
    drawShapes(
      s,
      [
        { shape: decal, order: 9 },
        { shape: quad, order: 0 },
      ],
      light,
      false,
    );
    expect(s.parts[30 * 64 + 30]).toBe(4);
    expect(s.parts[30 * 64 + 48]).toBe(9);
    // Outside the quad the decal has nothing to paint on.
    expect(s.parts[30 * 64 + 56]).toBe(0);
    // A decal keeps the depth of what it paints on.
    const plain = createSurface(64, 64);
    drawShapes(plain, [{ shape: quad, order: 0 }], light, false);
    expect(s.depth[30 * 64 + 48]).toBe(plain.depth[30 * 64 + 48]);
  });

  it('blurs only inside the region', () => {
    const s = createSurface(32, 32);
    for (let i = 0; i < 32 * 32; i += 2) s.rgba[i * 4] = 0;
    const before = s.rgba.slice();
    blurRegion(s, { cx: 8, cy: 8, rx: 5, ry: 5 }, 2);
    expect(s.rgba.subarray(20 * 32 * 4)).toEqual(before.subarray(20 * 32 * 4));
    expect(s.rgba[(8 * 32 + 8) * 4]).not.toBe(before[(8 * 32 + 8) * 4]);
  });
});
