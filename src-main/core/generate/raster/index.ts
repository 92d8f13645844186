/**
 * @file The platform-free software rasteriser: shapes (tapered capsules, ellipsoids, bilinear
 * quads) drawn into one z-buffered RGBA + depth + part-label surface, painter-sorted far to near
 * so anti-aliased silhouettes blend over what lies behind them.
 */
import { type Capsule, fillCapsule } from './capsule';
import { type Ellipsoid, fillEllipsoid } from './ellipsoid';
import { fillQuad, type Quad } from './quad';
import type { Light, Surface } from './surface';

export * from './surface';
export * from './effects';
export * from './paint';
export type { Capsule } from './capsule';
export type { Ellipsoid, EllipseClip } from './ellipsoid';
export type { Quad } from './quad';

export type Shape = Capsule | Ellipsoid | Quad;

/** A shape with the depth used to order drawing (decals should sort after what they paint on). */
export type Placed = { shape: Shape; order: number };

export function drawShape(s: Surface, shape: Shape, light: Light, antialias: boolean): void {
  switch (shape.kind) {
    case 'capsule':
      fillCapsule(s, shape, light, antialias);
      break;
    case 'ellipsoid':
      fillEllipsoid(s, shape, light, antialias);
      break;
    case 'quad':
      fillQuad(s, shape, light, antialias);
      break;
  }
}

/** Draw far to near (stable for equal order, so callers control ties by list order). */
export function drawShapes(s: Surface, placed: readonly Placed[], light: Light, antialias: boolean): void {
  const sorted = placed.map((p, index) => ({ p, index }));
  sorted.sort((x, y) => x.p.order - y.p.order || x.index - y.index);
  for (const { p } of sorted) drawShape(s, p.shape, light, antialias);
}
