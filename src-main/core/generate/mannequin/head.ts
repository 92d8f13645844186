/**
 * @file The head: skull ellipsoid oriented by the head frame, ears and a nose as small ellipsoids
 * sitting on its surface (so they stick out of the outline in profile), and eyes, brows and mouth
 * as decals painted only over head skin (hair, hats and arms in front hide them). The
 * face-defect factor 'distort' moves and rescales features here; 'missing' leaves them out.
 */
import type { Rng } from '../prng';
import type { Ellipsoid, Material, Placed } from '../raster';
import type { FaceLayout, FacePoint, HeadFrame } from './headFrame';
import { PART } from './parts';
import { depthOf, place, type Space } from './space';

export type FaceStyle = 'normal' | 'distort' | 'missing';

/** Depth of the head surface at an image point (for features that sit on it). */
export function headSurface(sp: Space, h: HeadFrame, x: number, y: number): number {
  const px = x - h.cx;
  const py = y - h.cy;
  const a = (px * h.across.x + py * h.across.y) / h.hw;
  const b = (px * h.up.x + py * h.up.y) / h.hh;
  const q = Math.min(1, a * a + b * b);
  return depthOf(h.z) + h.hw * sp.perPx * Math.sqrt(1 - q);
}

export function headEllipse(
  sp: Space,
  h: HeadFrame,
  scale: number,
  material: Material,
  label: number,
): Ellipsoid {
  return {
    kind: 'ellipsoid',
    cx: h.cx,
    cy: h.cy,
    cz: depthOf(h.z),
    rx: h.hw * scale,
    ry: h.hh * scale,
    rz: h.hw * sp.perPx * scale,
    ux: h.across.x,
    uy: h.across.y,
    material,
    label,
  };
}

function decal(h: HeadFrame, p: FacePoint, rx: number, ry: number, material: Material, tilt = 0): Placed {
  const c = Math.cos(tilt);
  const s = Math.sin(tilt);
  return place({
    kind: 'ellipsoid',
    cx: p.x,
    cy: p.y,
    cz: 0,
    rx,
    ry,
    rz: 0,
    ux: h.across.x * c - h.across.y * s,
    uy: h.across.y * c + h.across.x * s,
    material,
    label: PART.face,
    decalOn: PART.head,
  });
}

function onSurface(
  sp: Space,
  h: HeadFrame,
  p: FacePoint,
  rx: number,
  ry: number,
  sink: number,
  m: Material,
  label: number,
): Placed {
  return place({
    kind: 'ellipsoid',
    cx: p.x,
    cy: p.y,
    cz: headSurface(sp, h, p.x, p.y) - sink * sp.perPx,
    rx,
    ry,
    rz: Math.min(rx, ry) * sp.perPx,
    ux: h.across.x,
    uy: h.across.y,
    material: m,
    label,
  });
}

function jitter(rng: Rng | null, p: FacePoint, amount: number, h: HeadFrame): FacePoint {
  if (!rng) return p;
  return { ...p, x: p.x + rng.range(-amount, amount) * h.hw, y: p.y + rng.range(-amount, amount) * h.hh };
}

/** Eyes with brows above them; sizes shrink with the yaw so a turned face looks turned. */
function eyes(sp: Space, h: HeadFrame, face: FaceLayout, rng: Rng | null, out: Placed[]): void {
  const squash = 1 - 0.45 * Math.abs(h.yaw);
  for (const eye of face.eyes) {
    if (!eye.shown) continue;
    const p = jitter(rng, eye, 0.22, h);
    const k = rng ? rng.range(0.55, 1.9) : 1;
    const tilt = rng ? rng.range(-0.8, 0.8) : 0;
    out.push(decal(h, p, 0.16 * h.hw * squash * k, 0.085 * h.hh * k, sp.mats.eyeWhite, tilt));
    out.push(decal(h, p, 0.085 * h.hw * squash * k, 0.075 * h.hh * k, sp.mats.iris, tilt));
    const brow = { ...p, x: p.x + h.up.x * 0.2 * h.hh, y: p.y + h.up.y * 0.2 * h.hh };
    out.push(decal(h, brow, 0.19 * h.hw * squash, 0.035 * h.hh, sp.mats.brow, tilt * 0.5));
  }
}

/** Skull, ears, nose and face features of one head. */
export function headShapes(sp: Space, h: HeadFrame, face: FaceLayout, style: FaceStyle, rng: Rng): Placed[] {
  const out: Placed[] = [place(headEllipse(sp, h, 1, sp.mats.skin, PART.head))];
  const distort = style === 'distort' ? rng : null;
  for (const ear of face.ears) {
    if (ear.shown)
      out.push(onSurface(sp, h, ear, 0.16 * h.hw, 0.17 * h.hh, 0.06 * sp.unit, sp.mats.skin, PART.head));
  }
  if (style === 'missing' || !h.faceVisible) return out;
  eyes(sp, h, face, distort, out);
  if (face.nose.shown) {
    const nose = jitter(distort, face.nose, 0.25, h);
    out.push(onSurface(sp, h, nose, 0.11 * h.hw, 0.1 * h.hh, 0.045 * sp.unit, sp.mats.skinShade, PART.face));
  }
  if (face.mouth.shown) {
    const mouth = jitter(distort, face.mouth, 0.3, h);
    const tilt = distort ? distort.range(-0.9, 0.9) : 0;
    const width = (0.26 - 0.12 * Math.abs(h.yaw)) * h.hw * (distort ? distort.range(0.5, 1.8) : 1);
    out.push(decal(h, mouth, width, 0.055 * h.hh, sp.mats.mouth, tilt));
  }
  return out;
}
