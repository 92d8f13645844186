/**
 * @file The mannequin's body below the head: torso (bilinear quad from the shoulders to the hips
 * with a waistband in the bottom garment's material), neck, shoulder caps, upper/lower arms and
 * legs as tapered capsules, hands and feet as ellipsoids, with sleeves, trouser legs, shorts and
 * skirts layered as slightly thicker shapes over the skin. Widths are fractions of the body unit
 * U times the build factor; depths come from the body model.
 */
import type { Ellipsoid, Material, Placed, Quad } from '../raster';
import type { Body, Joint, Vec } from './body';
import type { HeadFrame } from './headFrame';
import { PART } from './parts';
import { depthOf, place, type Space } from './space';

type P3 = { x: number; y: number; z: number };

const lerp = (a: P3, b: P3, t: number): P3 => ({
  x: a.x + (b.x - a.x) * t,
  y: a.y + (b.y - a.y) * t,
  z: a.z + (b.z - a.z) * t,
});

function capsule(
  sp: Space,
  a: P3,
  b: P3,
  ra: number,
  rb: number,
  material: Material,
  label: number,
  lift = 0,
): Placed {
  const u = sp.unit;
  return place({
    kind: 'capsule',
    ax: a.x,
    ay: a.y,
    az: depthOf(a.z + lift),
    ar: ra * u,
    bx: b.x,
    by: b.y,
    bz: depthOf(b.z + lift),
    br: rb * u,
    bulge: sp.perPx * 0.9,
    material,
    label,
  });
}

/** An ellipsoid at c whose long axis (ry) points along dir. */
export function blob(
  sp: Space,
  c: P3,
  dir: Vec,
  across: number,
  along: number,
  material: Material,
  label: number,
): Placed {
  const u = sp.unit;
  const shape: Ellipsoid = {
    kind: 'ellipsoid',
    cx: c.x,
    cy: c.y,
    cz: depthOf(c.z),
    rx: across * u,
    ry: along * u,
    rz: across * u * sp.perPx,
    ux: -dir.y,
    uy: dir.x,
    material,
    label,
  };
  return place(shape);
}

function direction(from: Vec | null | undefined, to: Vec, fallback: Vec): Vec {
  if (!from) return fallback;
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const n = Math.hypot(dx, dy);
  return n > 1e-6 ? { x: dx / n, y: dy / n } : fallback;
}

type LimbSpec = { root: Joint; mid: Joint | null; end: Joint | null; left: boolean };

function arm(sp: Space, body: Body, spec: LimbSpec, out: Placed[]): void {
  const g = sp.look.build;
  const { skin, top } = sp.mats;
  const sleeves = sp.look.top.sleeves;
  const [upper, lower, hand] = spec.left
    ? [PART.upper_arm_left, PART.lower_arm_left, PART.hand_left]
    : [PART.upper_arm_right, PART.lower_arm_right, PART.hand_right];
  const { root, end } = spec;
  const mid = spec.mid ?? (end ? lerp(root, end, 0.5) : null);
  // A shoulder cap rounds the joint where an arm hangs; with no arm labelled the torso corner suffices.
  if (spec.mid || end) {
    const cap = sleeves === 'none' ? skin : top;
    out.push(blob(sp, root, body.down, 0.1 * g * (sleeves === 'none' ? 1 : 1.12), 0.1 * g, cap, upper));
  }
  if (mid && spec.mid) {
    const long = sleeves === 'long';
    out.push(
      capsule(
        sp,
        root,
        mid,
        0.085 * g * (long ? 1.15 : 1),
        0.066 * g * (long ? 1.15 : 1),
        long ? top : skin,
        upper,
      ),
    );
    if (sleeves === 'short')
      out.push(capsule(sp, root, lerp(root, mid, 0.55), 0.1 * g, 0.088 * g, top, upper, 0.01));
  }
  if (mid && end) {
    const long = sleeves === 'long';
    out.push(
      capsule(
        sp,
        mid,
        end,
        0.064 * g * (long ? 1.14 : 1),
        0.046 * g * (long ? 1.12 : 1),
        long ? top : skin,
        lower,
      ),
    );
  }
  if (end) {
    const dir = direction(mid, end, body.down);
    const c = { x: end.x + dir.x * 0.075 * sp.unit, y: end.y + dir.y * 0.075 * sp.unit, z: end.z };
    out.push(blob(sp, c, dir, 0.052 * g, 0.078, skin, hand));
  }
}

function leg(sp: Space, body: Body, spec: LimbSpec, out: Placed[]): void {
  const g = sp.look.build;
  const { skin, bottom, shoes } = sp.mats;
  const kind = sp.look.bottom.kind;
  const full = kind === 'trousers' || kind === 'jeans';
  const [upper, lower, foot] = spec.left
    ? [PART.upper_leg_left, PART.lower_leg_left, PART.foot_left]
    : [PART.upper_leg_right, PART.lower_leg_right, PART.foot_right];
  const { root, end } = spec;
  const mid = spec.mid ?? (end ? lerp(root, end, 0.5) : null);
  if (mid) {
    out.push(
      capsule(
        sp,
        root,
        mid,
        0.125 * g * (full ? 1.1 : 1),
        0.088 * g * (full ? 1.1 : 1),
        full ? bottom : skin,
        upper,
      ),
    );
    if (kind === 'shorts')
      out.push(capsule(sp, root, lerp(root, mid, 0.6), 0.14 * g, 0.115 * g, bottom, upper, 0.01));
  }
  if (mid && end)
    out.push(
      capsule(
        sp,
        mid,
        end,
        0.082 * g * (full ? 1.1 : 1),
        0.056 * g * (full ? 1.15 : 1),
        full ? bottom : skin,
        lower,
      ),
    );
  if (end) {
    // Feet point along the body's forward direction in the image (sideways in profile, at the viewer when frontal).
    const side = -body.leftNear;
    const fwd = {
      x: body.across.x * side + body.down.x * 0.35,
      y: body.across.y * side + body.down.y * 0.35,
    };
    const n = Math.hypot(fwd.x, fwd.y);
    const dir = { x: fwd.x / n, y: fwd.y / n };
    const length = 0.07 + 0.06 * Math.abs(side);
    const c = { x: end.x + dir.x * length * sp.unit, y: end.y + dir.y * length * sp.unit, z: end.z + 0.05 };
    out.push(blob(sp, c, dir, 0.058 * g, length + 0.02, shoes, foot));
  }
}

/** Torso corners [right-top, left-top, left-bottom, right-bottom] widened to plausible outlines. */
function torsoCorners(body: Body, build: number): [P3, P3, P3, P3] | null {
  if (!body.shoulders || !body.hips) return null;
  const u = body.unit;
  const edge = (pair: [Joint, Joint], pad: number, minHalf: number, shift: number): [P3, P3] => {
    const [l, r] = pair;
    const mx = (l.x + r.x) / 2 + body.down.x * shift;
    const my = (l.y + r.y) / 2 + body.down.y * shift;
    const hx = (l.x - r.x) / 2;
    const hy = (l.y - r.y) / 2;
    const len = Math.hypot(hx, hy);
    const dir = len > 1e-6 ? { x: hx / len, y: hy / len } : body.across;
    const half = Math.max(len, minHalf) + pad;
    return [
      { x: mx + dir.x * half, y: my + dir.y * half, z: l.z },
      { x: mx - dir.x * half, y: my - dir.y * half, z: r.z },
    ];
  };
  const [ls, rs] = edge(body.shoulders, 0.04 * u * build, 0.17 * u * build, -0.05 * u);
  const [lh, rh] = edge(body.hips, 0.1 * u * build, 0.16 * u * build, 0.06 * u);
  return [rs, ls, lh, rh];
}

function quad(
  sp: Space,
  c: readonly [P3, P3, P3, P3],
  material: Material,
  label: number,
  lift: number,
  round = 0.5,
  corner = 0,
): Placed {
  const shape: Quad = {
    kind: 'quad',
    corners: [
      [c[0].x, c[0].y, depthOf(c[0].z + lift)],
      [c[1].x, c[1].y, depthOf(c[1].z + lift)],
      [c[2].x, c[2].y, depthOf(c[2].z + lift)],
      [c[3].x, c[3].y, depthOf(c[3].z + lift)],
    ],
    bulge: sp.perPx * round,
    material,
    label,
    round: corner,
  };
  return place(shape);
}

function torso(sp: Space, body: Body, head: HeadFrame | null, out: Placed[]): void {
  const c = torsoCorners(body, sp.look.build);
  if (!c) return;
  const [rs, ls, lh, rh] = c;
  out.push(quad(sp, c, sp.mats.top, PART.torso, 0, 0.5, 0.12 * sp.unit * sp.look.build));
  const kind = sp.look.bottom.kind;
  const waist = 0.8;
  const wr = lerp(rs, rh, waist);
  const wl = lerp(ls, lh, waist);
  if (kind !== 'skirt') out.push(quad(sp, [wr, wl, lh, rh], sp.mats.bottom, PART.torso, 0.015, 0.52));
  else {
    const knee = (hip: P3, j: Joint | null | undefined): P3 =>
      j
        ? lerp(hip, j, 0.85)
        : { x: hip.x + body.down.x * sp.unit * 0.7, y: hip.y + body.down.y * sp.unit * 0.7, z: hip.z };
    const flare = (p: P3, from: P3): P3 => ({
      x: p.x + (p.x - from.x) * 0.18,
      y: p.y + (p.y - from.y) * 0.18,
      z: p.z + 0.15,
    });
    const kl = knee(lh, body.joints[13]);
    const kr = knee(rh, body.joints[14]);
    out.push(quad(sp, [wr, wl, flare(kl, kr), flare(kr, kl)], sp.mats.bottom, PART.skirt, 0.03, 0.6));
  }
  if (head) {
    const base = { x: (rs.x + ls.x) / 2, y: (rs.y + ls.y) / 2, z: 0 };
    const top = {
      x: head.cx - head.up.x * head.hh * 0.5,
      y: head.cy - head.up.y * head.hh * 0.5,
      z: head.z - 0.05,
    };
    out.push(
      capsule(sp, base, top, 0.085 * sp.look.build, 0.08 * sp.look.build, sp.mats.skin, PART.neck, -0.05),
    );
  }
}

/** Shapes of the body (everything but the head and accessories). */
export function bodyShapes(sp: Space, body: Body, head: HeadFrame | null): Placed[] {
  const out: Placed[] = [];
  torso(sp, body, head, out);
  const j = body.joints;
  const sh = body.shoulders;
  const hips = body.hips;
  const sides: readonly [number, boolean][] = [
    [0, true],
    [1, false],
  ];
  for (const [side, left] of sides) {
    const o = left ? 0 : 1;
    const root = sh?.[side] ?? j[5 + o] ?? null;
    if (root) arm(sp, body, { root, mid: j[7 + o] ?? null, end: j[9 + o] ?? null, left }, out);
    const hip = hips?.[side] ?? j[11 + o] ?? null;
    if (hip) leg(sp, body, { root: hip, mid: j[13 + o] ?? null, end: j[15 + o] ?? null, left }, out);
  }
  return out;
}
