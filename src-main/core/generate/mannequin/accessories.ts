/**
 * @file Bags: a shoulder bag (strap across the chest from one shoulder to the other hip, a boxy
 * bag at that hip) or a backpack (straps over both shoulders, the pack behind the torso, which
 * shows it at the side in profile and over the back when the person faces away).
 */
import type { Placed, Quad } from '../raster';
import { solid } from '../raster';
import type { Body, Vec } from './body';
import { darken } from './palette';
import { PART } from './parts';
import { depthOf, place, type Space } from './space';

function box(
  sp: Space,
  c: Vec,
  z: number,
  across: Vec,
  down: Vec,
  hw: number,
  hh: number,
  color: readonly [number, number, number],
): Placed {
  const corner = (sa: number, sd: number): number[] => [
    c.x + across.x * hw * sa + down.x * hh * sd,
    c.y + across.y * hw * sa + down.y * hh * sd,
    depthOf(z),
  ];
  const shape: Quad = {
    kind: 'quad',
    corners: [corner(-1, -1), corner(1, -1), corner(1, 1), corner(-1, 1)],
    bulge: sp.perPx * 0.35,
    material: solid(color, 0.15),
    label: PART.bag,
  };
  return place(shape);
}

function strap(
  sp: Space,
  a: Vec & { z: number },
  b: Vec & { z: number },
  color: readonly [number, number, number],
): Placed {
  const r = 0.028 * sp.unit;
  return place({
    kind: 'capsule',
    ax: a.x,
    ay: a.y,
    az: depthOf(a.z),
    ar: r,
    bx: b.x,
    by: b.y,
    bz: depthOf(b.z),
    br: r,
    bulge: sp.perPx * 0.5,
    material: solid(darken(color, 0.2), 0.1),
    label: PART.bag,
  });
}

export function bagShapes(sp: Space, body: Body): Placed[] {
  const bag = sp.look.bag;
  if (!bag || !body.shoulders || !body.hips) return [];
  const u = sp.unit;
  const { down, across } = body;
  // Straps lie on the side of the torso that faces the viewer.
  const face = body.front >= 0 ? 1 : -1;
  const surface = 0.3 * Math.max(0.35, Math.abs(body.front));
  if (bag.kind === 'backpack') {
    const mid = {
      x: (body.shoulders[0].x + body.shoulders[1].x + body.hips[0].x + body.hips[1].x) / 4,
      y: (body.shoulders[0].y + body.shoulders[1].y + body.hips[0].y + body.hips[1].y) / 4,
    };
    const shift = body.leftNear * 0.25 * u;
    const centre = {
      x: mid.x + across.x * shift - down.x * 0.08 * u,
      y: mid.y + across.y * shift - down.y * 0.08 * u,
    };
    const out = [box(sp, centre, -0.45 * face, across, down, 0.24 * u, 0.32 * u, bag.rgb)];
    if (face > 0) {
      for (const [s, h] of [
        [body.shoulders[0], body.hips[0]],
        [body.shoulders[1], body.hips[1]],
      ] as const) {
        const end = { x: s.x + (h.x - s.x) * 0.6, y: s.y + (h.y - s.y) * 0.6, z: surface };
        out.push(strap(sp, { x: s.x, y: s.y, z: surface }, end, bag.rgb));
      }
    }
    return out;
  }
  const [from, to] =
    bag.side === 'left' ? [body.shoulders[0], body.hips[1]] : [body.shoulders[1], body.hips[0]];
  const outward = {
    x: to.x - (body.hips[0].x + body.hips[1].x) / 2,
    y: to.y - (body.hips[0].y + body.hips[1].y) / 2,
  };
  const n = Math.hypot(outward.x, outward.y) || 1;
  const centre = {
    x: to.x + (outward.x / n) * 0.12 * u + down.x * 0.08 * u,
    y: to.y + (outward.y / n) * 0.12 * u + down.y * 0.08 * u,
  };
  return [
    strap(sp, { x: from.x, y: from.y, z: surface }, { x: centre.x, y: centre.y, z: surface }, bag.rgb),
    box(sp, centre, to.z + 0.3, across, down, 0.17 * u, 0.13 * u, bag.rgb),
  ];
}
