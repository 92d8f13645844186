/**
 * @file Pure event mapping for the editor canvas: a DOM pointer event to the model's canvas
 * coordinates and modifiers, wheel deltas to a zoom factor, which gestures pan, and the cursor
 * for the current interaction. Kept apart from the Konva view so the mapping is tested in Node.
 */
import type { Modifiers, Point } from '../model/types';
import { toCanvas, type Viewport } from '../model/viewport';

/** The fields of a PointerEvent/MouseEvent the mapping reads. */
export type PointerLike = {
  clientX: number;
  clientY: number;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
};

/** Where the stage's top-left corner is on the page (`getBoundingClientRect()`). */
export type Origin = { left: number; top: number };

/** The pointer in stage (screen) pixels, relative to the stage's top-left corner. */
export function stagePoint(event: Pick<PointerLike, 'clientX' | 'clientY'>, origin: Origin): Point {
  return { x: event.clientX - origin.left, y: event.clientY - origin.top };
}

export function modifiersOf(event: PointerLike): Modifiers {
  return { shift: event.shiftKey, ctrl: event.ctrlKey, meta: event.metaKey, alt: event.altKey };
}

/** A pointer event as the model wants it: canvas coordinates and the modifiers held. */
export function pointerInput(
  event: PointerLike,
  origin: Origin,
  viewport: Viewport,
): { point: Point; modifiers: Modifiers } {
  return { point: toCanvas(viewport, stagePoint(event, origin)), modifiers: modifiersOf(event) };
}

/** WheelEvent.deltaMode: pixels, lines, pages. */
const LINE_PIXELS = 16;
const PAGE_PIXELS = 800;
/** Zoom doubles every this many wheel pixels (a notched mouse wheel sends ~100 per notch). */
const PIXELS_PER_DOUBLING = 300;

/** The zoom factor for a wheel event: up (negative deltaY) zooms in; lines and pages are scaled to pixels. */
export function wheelZoomFactor(deltaY: number, deltaMode = 0): number {
  const pixels = deltaMode === 1 ? deltaY * LINE_PIXELS : deltaMode === 2 ? deltaY * PAGE_PIXELS : deltaY;
  // Clamp one event's effect so a fast flick cannot jump across the whole zoom range.
  const clamped = Math.max(-PIXELS_PER_DOUBLING, Math.min(PIXELS_PER_DOUBLING, pixels));
  return 2 ** (-clamped / PIXELS_PER_DOUBLING);
}

/** A pointer down pans instead of editing with the middle button, or the primary one while Space is held. */
export function startsPan(button: number, spaceHeld: boolean): boolean {
  return button === 1 || (button === 0 && spaceHeld);
}

export type CursorInput = {
  panning: boolean;
  spaceHeld: boolean;
  placing: boolean;
  dragging: boolean;
  hovering: boolean;
};

export function cursorFor(input: CursorInput): string {
  if (input.panning) return 'grabbing';
  if (input.spaceHeld) return 'grab';
  if (input.placing) return 'crosshair';
  if (input.dragging) return 'grabbing';
  return input.hovering ? 'move' : 'default';
}

/** True for targets where Space types or presses something (inputs, buttons, editable text). */
export function isInteractiveTarget(target: EventTarget | null): boolean {
  if (typeof Element === 'undefined' || !(target instanceof Element)) return false;
  if (
    target.closest('input, textarea, select, button, a[href], [contenteditable=""], [contenteditable="true"]')
  )
    return true;
  return false;
}
