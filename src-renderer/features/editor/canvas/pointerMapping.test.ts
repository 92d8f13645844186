// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { toScreen } from '../model/viewport';
import {
  cursorFor,
  isInteractiveTarget,
  pointerInput,
  startsPan,
  wheelZoomFactor,
  type PointerLike,
} from './pointerMapping';

const event = (clientX: number, clientY: number, mods: Partial<PointerLike> = {}): PointerLike => ({
  clientX,
  clientY,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('pointerInput', () => {
  it('maps client coordinates through the stage origin and the viewport to canvas pixels', () => {
    const viewport = { zoom: 2.5, panX: 40, panY: -12 };
    const origin = { left: 100, top: 50 };
    const { point } = pointerInput(event(100 + 40 + 2.5 * 30, 50 - 12 + 2.5 * 80), origin, viewport);
    expect(point.x).toBeCloseTo(30);
    expect(point.y).toBeCloseTo(80);
    const screen = toScreen(viewport, point);
    expect(screen.x + origin.left).toBeCloseTo(215);
  });

  it('passes every modifier', () => {
    const { modifiers } = pointerInput(
      event(0, 0, { shiftKey: true, altKey: true, metaKey: true }),
      { left: 0, top: 0 },
      { zoom: 1, panX: 0, panY: 0 },
    );
    expect(modifiers).toEqual({ shift: true, ctrl: false, meta: true, alt: true });
  });
});

describe('wheel and gestures', () => {
  it('zooms in on wheel up, out on wheel down, symmetrically', () => {
    expect(wheelZoomFactor(-100)).toBeGreaterThan(1);
    expect(wheelZoomFactor(100)).toBeLessThan(1);
    expect(wheelZoomFactor(-100) * wheelZoomFactor(100)).toBeCloseTo(1);
  });

  it('scales line deltas to pixels and clamps a flick', () => {
    expect(wheelZoomFactor(3, 1)).toBeCloseTo(wheelZoomFactor(48, 0));
    expect(wheelZoomFactor(-100_000)).toBeCloseTo(2);
    expect(wheelZoomFactor(5, 2)).toBeCloseTo(0.5);
  });

  it('pans with the middle button or Space + primary', () => {
    expect(startsPan(1, false)).toBe(true);
    expect(startsPan(0, true)).toBe(true);
    expect(startsPan(0, false)).toBe(false);
    expect(startsPan(2, true)).toBe(false);
  });

  it('picks the cursor by priority: panning, space, placing, dragging, hover', () => {
    const none = { panning: false, spaceHeld: false, placing: false, dragging: false, hovering: false };
    expect(cursorFor(none)).toBe('default');
    expect(cursorFor({ ...none, hovering: true })).toBe('move');
    expect(cursorFor({ ...none, hovering: true, placing: true })).toBe('crosshair');
    expect(cursorFor({ ...none, placing: true, spaceHeld: true })).toBe('grab');
    expect(cursorFor({ ...none, spaceHeld: true, panning: true })).toBe('grabbing');
  });

  it('knows where Space types or presses something', () => {
    const input = document.createElement('input');
    const div = document.createElement('div');
    const button = document.createElement('button');
    const inner = document.createElement('span');
    button.appendChild(inner);
    expect(isInteractiveTarget(input)).toBe(true);
    expect(isInteractiveTarget(inner)).toBe(true);
    expect(isInteractiveTarget(div)).toBe(false);
    expect(isInteractiveTarget(null)).toBe(false);
  });
});
