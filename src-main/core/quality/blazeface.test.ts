import { describe, expect, it } from 'vitest';
import {
  ANCHOR_COUNT,
  blazeFaceAnchors,
  decodeDetections,
  type Detection,
  iou,
  weightedNms,
} from './blazeface';

const logit = (p: number): number => Math.log(p / (1 - p));

/** Raw outputs with every score very low, and regressors all zero. */
function emptyOutputs(): [Float32Array, Float32Array, Float32Array, Float32Array] {
  return [
    new Float32Array(512).fill(-20),
    new Float32Array(384).fill(-20),
    new Float32Array(512 * 16),
    new Float32Array(384 * 16),
  ];
}

function det(xmin: number, ymin: number, side: number, score: number, kp = 0): Detection {
  return {
    xmin,
    ymin,
    xmax: xmin + side,
    ymax: ymin + side,
    score,
    keypoints: new Float32Array(12).fill(kp),
  };
}

describe('BlazeFace anchors', () => {
  it('has 896 anchors: 16x16 cells x 2, then 8x8 cells x 6', () => {
    const a = blazeFaceAnchors();
    expect(ANCHOR_COUNT).toBe(896);
    expect(a.length).toBe(896 * 2);
    // Group A: cell (row 0, col 0) twice, then (0, 1).
    expect([a[0], a[1], a[2], a[3], a[4]]).toEqual([1 / 32, 1 / 32, 1 / 32, 1 / 32, 3 / 32]);
    // Last anchor of group A: cell (15, 15).
    expect([a[511 * 2], a[511 * 2 + 1]]).toEqual([31 / 32, 31 / 32]);
    // Group B starts at cell (0, 0) of the 8x8 grid, 6 anchors per cell.
    expect([a[512 * 2], a[512 * 2 + 1], a[517 * 2], a[518 * 2]]).toEqual([1 / 16, 1 / 16, 1 / 16, 3 / 16]);
    expect([a[895 * 2], a[895 * 2 + 1]]).toEqual([15 / 16, 15 / 16]);
  });
});

describe('decodeDetections', () => {
  it('decodes centre offset, size and keypoints relative to the anchor, without exp on the size', () => {
    const out = emptyOutputs();
    // Anchor 2 of group A: cell (0, 1), centre (3/32, 1/32); input size 128.
    out[0][2] = logit(0.9);
    const r = out[2].subarray(2 * 16, 3 * 16);
    r.set([12.8, -6.4, 32, 32]);
    for (let k = 0; k < 6; k += 1) r.set([k, 2 * k], 4 + k * 2);
    const [d] = decodeDetections(out, 128, 0.5);
    expect(d).toBeDefined();
    expect(d!.score).toBeCloseTo(0.9, 5);
    const cx = 3 / 32 + 0.1;
    const cy = 1 / 32 - 0.05;
    expect(d!.xmin).toBeCloseTo(cx - 0.125, 6);
    expect(d!.xmax).toBeCloseTo(cx + 0.125, 6);
    expect(d!.ymin).toBeCloseTo(cy - 0.125, 6);
    expect(d!.ymax).toBeCloseTo(cy + 0.125, 6);
    expect(d!.keypoints[10]).toBeCloseTo(3 / 32 + 5 / 128, 6);
    expect(d!.keypoints[11]).toBeCloseTo(1 / 32 + 10 / 128, 6);
  });

  it('reads group B from the second score and regressor outputs', () => {
    const out = emptyOutputs();
    out[1][6] = logit(0.7); // anchor 518: cell (0, 1) of the 8x8 grid
    out[3].set([0, 0, 64, 64], 6 * 16);
    const found = decodeDetections(out, 256, 0.65);
    expect(found).toHaveLength(1);
    expect((found[0]!.xmin + found[0]!.xmax) / 2).toBeCloseTo(3 / 16, 6);
    expect(found[0]!.xmax - found[0]!.xmin).toBeCloseTo(0.25, 6);
  });

  it('keeps only scores at or above the threshold and rejects wrong output sizes', () => {
    const out = emptyOutputs();
    out[0][0] = logit(0.49);
    out[0][1] = logit(0.51);
    expect(decodeDetections(out, 128, 0.5)).toHaveLength(1);
    expect(() => decodeDetections([new Float32Array(10), out[1], out[2], out[3]], 128, 0.5)).toThrow(/896/);
  });
});

describe('weightedNms', () => {
  it('merges overlapping detections into their score-weighted mean with the seed score', () => {
    const a = det(0.1, 0.1, 0.2, 0.9, 1);
    const b = det(0.12, 0.1, 0.2, 0.6, 2);
    expect(iou(a, b)).toBeGreaterThan(0.3);
    const [m, ...rest] = weightedNms([b, a]);
    expect(rest).toHaveLength(0);
    expect(m!.score).toBe(0.9);
    expect(m!.merged).toBe(2);
    expect(m!.xmin).toBeCloseTo((0.1 * 0.9 + 0.12 * 0.6) / 1.5, 6);
    expect(m!.keypoints[0]).toBeCloseTo((1 * 0.9 + 2 * 0.6) / 1.5, 6);
  });

  it('keeps separate faces apart and orders them by score', () => {
    const faces = weightedNms([det(0.6, 0.6, 0.2, 0.7), det(0.1, 0.1, 0.2, 0.8), det(0.61, 0.6, 0.2, 0.5)]);
    expect(faces.map((f) => f.score)).toEqual([0.8, 0.7]);
    expect(faces.map((f) => f.merged)).toEqual([1, 2]);
  });

  it('does not merge at IoU 0.3 or below', () => {
    // Two unit squares offset so that IoU = 1/3 vs 0.25: only the first merges.
    const a = det(0, 0, 1, 0.9);
    expect(weightedNms([a, det(0.5, 0, 1, 0.8)])).toHaveLength(1);
    expect(weightedNms([a, det(0.6, 0, 1, 0.8)])).toHaveLength(2);
  });
});
