/**
 * @file The view transform as pure functions: screen = canvas * zoom + pan. The view converts
 * pointer positions with `toCanvas` before handing them to the editor, fits the canvas into its
 * stage with `fitViewport`, and scales the hit radius with `hitRadius` so a joint is as easy to
 * grab at every zoom. Kept in the model so it is tested without a DOM.
 */
import type { Point } from './types';

export type Viewport = Readonly<{ zoom: number; panX: number; panY: number }>;

export const IDENTITY_VIEWPORT: Viewport = { zoom: 1, panX: 0, panY: 0 };
export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 40;

export function toCanvas(viewport: Viewport, screen: Point): Point {
  return { x: (screen.x - viewport.panX) / viewport.zoom, y: (screen.y - viewport.panY) / viewport.zoom };
}

export function toScreen(viewport: Viewport, canvas: Point): Point {
  return { x: canvas.x * viewport.zoom + viewport.panX, y: canvas.y * viewport.zoom + viewport.panY };
}

const clampZoom = (zoom: number): number => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));

/** The whole canvas centred in a stage of `stageWidth` x `stageHeight`, `padding` pixels from its edges. */
export function fitViewport(
  canvas: { width: number; height: number },
  stage: { width: number; height: number },
  padding = 16,
): Viewport {
  const zoom = clampZoom(
    Math.min(
      (stage.width - 2 * padding) / Math.max(canvas.width, 1e-6),
      (stage.height - 2 * padding) / Math.max(canvas.height, 1e-6),
    ),
  );
  return {
    zoom,
    panX: (stage.width - canvas.width * zoom) / 2,
    panY: (stage.height - canvas.height * zoom) / 2,
  };
}

/** Zoom by `factor` keeping the canvas point under `screen` where it is (wheel zoom). */
export function zoomAbout(viewport: Viewport, screen: Point, factor: number): Viewport {
  const zoom = clampZoom(viewport.zoom * factor);
  const anchor = toCanvas(viewport, screen);
  return { zoom, panX: screen.x - anchor.x * zoom, panY: screen.y - anchor.y * zoom };
}

export function panBy(viewport: Viewport, dx: number, dy: number): Viewport {
  return { zoom: viewport.zoom, panX: viewport.panX + dx, panY: viewport.panY + dy };
}

/** A hit radius of `screenRadius` on screen, in canvas pixels. */
export function hitRadius(viewport: Viewport, screenRadius = 10): number {
  return screenRadius / viewport.zoom;
}
