/**
 * @file Hair and hats, built on the head frame. A hair cap is an ellipsoid slightly larger than
 * the skull, clipped by a curved hairline that rises at the forehead, drops at the temples and
 * moves to the back of the head as the face turns (the whole head seen from behind). Longer
 * styles add volumes behind the head (bob, long, ponytail, bun) whose depth flips with the body
 * so long hair falls behind the shoulders from the front and over the back from behind.
 */
import type { EllipseClip, Material, Placed } from '../raster';
import type { HeadFrame } from './headFrame';
import { headEllipse } from './head';
import { PART } from './parts';
import { depthOf, place, type Space } from './space';
import { darken, lighten } from './palette';
import { solid } from '../raster';

/** A hairline in ellipse-local (a across, b down): covers the top and the back, per the yaw. */
function hairline(h: HeadFrame, offset: number, curve: number): EllipseClip {
  if (!h.faceVisible) return { nx: 0, ny: -1, curve: 0, offset: -3 };
  const nx = -h.yaw * 0.9;
  const ny = -1;
  const n = Math.hypot(nx, ny);
  return { nx: nx / n, ny: ny / n, curve, offset };
}

/** A volume at head-local (a, b) in half sizes, radii in half sizes, depth offset in U. */
function volume(
  sp: Space,
  h: HeadFrame,
  a: number,
  b: number,
  rx: number,
  ry: number,
  dz: number,
  m: Material,
  label: number,
  clip?: EllipseClip,
): Placed {
  return place({
    kind: 'ellipsoid',
    cx: h.cx + h.across.x * a * h.hw + h.up.x * b * h.hh,
    cy: h.cy + h.across.y * a * h.hw + h.up.y * b * h.hh,
    cz: depthOf(h.z + dz),
    rx: rx * h.hw,
    ry: ry * h.hh,
    rz: rx * h.hw * sp.perPx * 0.8,
    ux: h.across.x,
    uy: h.across.y,
    material: m,
    label,
    ...(clip ? { clip } : {}),
  });
}

function cap(
  sp: Space,
  h: HeadFrame,
  scale: number,
  clip: EllipseClip,
  m: Material,
  label: number,
  lift = 0,
): Placed {
  const e = headEllipse(sp, h, scale, m, label);
  return place({ ...e, cx: e.cx + h.up.x * lift * h.hh, cy: e.cy + h.up.y * lift * h.hh, clip });
}

/** Behind the head from the front, in front of it from behind. */
function behind(sp: Space, h: HeadFrame, amount: number): number {
  return h.faceVisible ? -amount : amount * 0.5;
}

export function hairShapes(sp: Space, h: HeadFrame): Placed[] {
  const m = sp.mats.hair;
  const style = sp.look.hair.style;
  const back = -h.yaw;
  switch (style) {
    case 'bald':
      return [];
    case 'buzz':
      return [cap(sp, h, 1.03, hairline(h, 0.42, 0.25), m, PART.hair)];
    case 'short':
      return [cap(sp, h, 1.08, hairline(h, 0.36, 0.45), m, PART.hair, 0.02)];
    case 'curly':
      return [cap(sp, h, 1.22, hairline(h, 0.16, 0.5), m, PART.hair, 0.08)];
    case 'bob':
      return [
        cap(sp, h, 1.1, hairline(h, 0.36, 0.55), m, PART.hair, 0.02),
        volume(sp, h, back * 0.25, -0.2, 1.2, 0.95, behind(sp, h, 0.3), m, PART.hair, {
          nx: 0,
          ny: -1,
          curve: 0,
          offset: -0.55,
        }),
      ];
    case 'long':
      return [
        cap(sp, h, 1.08, hairline(h, 0.36, 0.5), m, PART.hair, 0.02),
        volume(sp, h, back * 0.3, -0.9, 1.22, 1.7, behind(sp, h, 0.45), m, PART.hair),
      ];
    case 'ponytail':
      return [
        cap(sp, h, 1.06, hairline(h, 0.36, 0.4), m, PART.hair, 0.02),
        volume(sp, h, back * 0.95, -0.35, 0.38, 0.75, behind(sp, h, 0.1), m, PART.hair),
      ];
    case 'bun':
      return [
        cap(sp, h, 1.06, hairline(h, 0.36, 0.4), m, PART.hair, 0.02),
        volume(sp, h, back * 0.45, 0.95, 0.45, 0.36, behind(sp, h, 0.05), m, PART.hair),
      ];
  }
}

export function hatShapes(sp: Space, h: HeadFrame): Placed[] {
  const hat = sp.look.hat;
  if (!hat) return [];
  const m = solid(hat.rgb, 0.1);
  const brimM = solid(darken(hat.rgb, 0.12), 0.1);
  const yaw = h.faceVisible ? h.yaw : -h.yaw;
  const front = h.faceVisible ? 1 - Math.abs(h.yaw) : 0;
  const top: EllipseClip = { nx: -yaw * 0.3, ny: -1, curve: 0.15, offset: 0.28 };
  switch (hat.kind) {
    case 'beanie': {
      const knit = { ...m, alt: lighten(hat.rgb, 0.25), pattern: 1, period: Math.max(2, h.hh * 0.12) };
      return [cap(sp, h, 1.16, { ...top, offset: 0.12 }, knit, PART.hat, 0.1)];
    }
    case 'sunhat':
      return [
        volume(sp, h, 0, 0.42, 2.0, 0.42, 0.3 + 0.05 * front, brimM, PART.hat),
        cap(sp, h, 1.14, { ...top, offset: 0.3 }, m, PART.hat, 0.22),
      ];
    default:
      return [
        cap(sp, h, 1.13, top, m, PART.hat, 0.06),
        volume(
          sp,
          h,
          yaw * 0.75,
          0.34,
          0.75 + 0.35 * Math.abs(yaw),
          0.16,
          0.22 * front + 0.02,
          brimM,
          PART.hat,
        ),
      ];
  }
}
