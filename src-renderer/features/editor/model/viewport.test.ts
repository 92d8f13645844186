import { describe, expect, it } from 'vitest';
import { nearestJoint } from './hitTest';
import { fitViewport, hitRadius, panBy, toCanvas, toScreen, zoomAbout } from './viewport';
import type { Keypoint } from './types';

describe('viewport', () => {
  it('converts screen and canvas points both ways', () => {
    const viewport = { zoom: 2, panX: 10, panY: -4 };
    const screen = toScreen(viewport, { x: 3, y: 7 });
    expect(screen).toEqual({ x: 16, y: 10 });
    expect(toCanvas(viewport, screen)).toEqual({ x: 3, y: 7 });
  });

  it('fits the canvas centred with padding', () => {
    const viewport = fitViewport({ width: 512, height: 256 }, { width: 1056, height: 800 }, 16);
    expect(viewport.zoom).toBe(2);
    expect(toScreen(viewport, { x: 256, y: 128 })).toEqual({ x: 528, y: 400 });
  });

  it('zooms about the pointer, keeping the point under it fixed', () => {
    const viewport = zoomAbout({ zoom: 1.5, panX: 20, panY: 30 }, { x: 200, y: 120 }, 2);
    expect(viewport.zoom).toBe(3);
    const before = toCanvas({ zoom: 1.5, panX: 20, panY: 30 }, { x: 200, y: 120 });
    const after = toCanvas(viewport, { x: 200, y: 120 });
    expect(after.x).toBeCloseTo(before.x, 10);
    expect(after.y).toBeCloseTo(before.y, 10);
    expect(zoomAbout(viewport, { x: 0, y: 0 }, 1e6).zoom).toBe(40);
  });

  it('pans and scales the hit radius with zoom', () => {
    expect(panBy({ zoom: 1, panX: 1, panY: 2 }, 3, 4)).toEqual({ zoom: 1, panX: 4, panY: 6 });
    expect(hitRadius({ zoom: 4, panX: 0, panY: 0 }, 12)).toBe(3);
  });
});

describe('nearestJoint', () => {
  const points: Keypoint[] = [
    [10, 10, 2],
    [14, 10, 1],
    [12, 10, 0],
  ];
  it('finds the nearest labeled joint within the radius and skips unlabeled ones', () => {
    expect(nearestJoint(points, { x: 12.5, y: 10 }, 5)).toBe(1);
    expect(nearestJoint(points, { x: 11.9, y: 10 }, 5)).toBe(0);
    expect(nearestJoint(points, { x: 30, y: 30 }, 5)).toBeNull();
  });
});
