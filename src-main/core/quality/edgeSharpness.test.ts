import { describe, expect, it } from 'vitest';
import { edgeSharpnessOf, faceEdgeSharpness, gaussianBlur, gradientEnergy } from './edgeSharpness';
import type { HeadEstimate } from './faceGeometry';

const N = 24;

/** A vertical step edge from `lo` to `hi` in the middle of an N x N plane, ramping over `width` px. */
function step(lo: number, hi: number, width = 1): Float32Array {
  const img = new Float32Array(N * N);
  for (let y = 0; y < N; y += 1) {
    for (let x = 0; x < N; x += 1) {
      const t = Math.min(1, Math.max(0, (x - N / 2 + width / 2) / width));
      img[y * N + x] = lo + (hi - lo) * t;
    }
  }
  return img;
}

/** Horizontal box blur of radius r (edge-replicated), as the mannequin's blur defect does. */
function boxBlur(src: Float32Array, r: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 0; y < N; y += 1) {
    for (let x = 0; x < N; x += 1) {
      let s = 0;
      for (let k = -r; k <= r; k += 1) s += src[y * N + Math.min(N - 1, Math.max(0, x + k))]!;
      out[y * N + x] = s / (2 * r + 1);
    }
  }
  return out;
}

describe('gaussianBlur and gradientEnergy', () => {
  it('keep a flat plane flat (no energy) and preserve the mean of a step', () => {
    const flat = new Float32Array(N * N).fill(90);
    expect(gaussianBlur(flat, N, N, 1.5).every((v) => Math.abs(v - 90) < 1e-3)).toBe(true);
    expect(gradientEnergy(flat, N, N)).toBe(0);
    const s = step(0, 100);
    const mean = (a: Float32Array): number => a.reduce((x, y) => x + y, 0) / a.length;
    expect(mean(gaussianBlur(s, N, N, 1.5))).toBeCloseTo(mean(s), 1);
  });
});

describe('edgeSharpnessOf', () => {
  it('is about 2 for a crisp edge, higher for a thin line, near 1 once blurred over several pixels', () => {
    const crisp = edgeSharpnessOf(step(40, 200), N, N);
    const line = new Float32Array(N * N).fill(200);
    for (let y = 0; y < N; y += 1) line[y * N + N / 2] = 40;
    const blurred = edgeSharpnessOf(boxBlur(step(40, 200), 3), N, N);
    expect(crisp).toBeGreaterThan(1.9);
    expect(edgeSharpnessOf(line, N, N)).toBeGreaterThan(5);
    expect(blurred).toBeLessThan(1.5);
    expect(blurred).toBeGreaterThan(0.9);
  });

  it('does not depend on contrast (unlike the Laplacian variance)', () => {
    const strong = edgeSharpnessOf(step(0, 200), N, N);
    const faint = edgeSharpnessOf(step(100, 120), N, N);
    expect(faint).toBeCloseTo(strong, 3);
  });

  it('scores 0 for a patch with no detail at all', () => {
    expect(edgeSharpnessOf(new Float32Array(N * N).fill(128), N, N)).toBe(0);
  });
});

describe('faceEdgeSharpness', () => {
  /** A dark round feature on light skin, blurred by a box of radius `r` (0: sharp). */
  function face(r: number): Uint8Array {
    const w = 96;
    const rgb = new Uint8Array(w * w * 3);
    const value = (x: number, y: number): number => (Math.hypot(x + 0.5 - 48, y + 0.5 - 48) < 5 ? 40 : 210);
    for (let y = 0; y < w; y += 1) {
      for (let x = 0; x < w; x += 1) {
        let s = 0;
        for (let dy = -r; dy <= r; dy += 1) for (let dx = -r; dx <= r; dx += 1) s += value(x + dx, y + dy);
        rgb.fill(Math.round(s / (2 * r + 1) ** 2), (y * w + x) * 3, (y * w + x) * 3 + 3);
      }
    }
    return rgb;
  }

  it('measures the middle of the head at native resolution: a sharp feature beats its blurred copy', () => {
    const head: HeadEstimate = { fx: 48, fy: 48, cx: 48, cy: 48, size: 40, faceVisible: true };
    const view = (data: Uint8Array) => ({ data, width: 96, height: 96, channels: 3 as const });
    expect(faceEdgeSharpness(view(face(0)), head)).toBeGreaterThan(1.9);
    expect(faceEdgeSharpness(view(face(4)), head)).toBeLessThan(1.5);
  });
});
