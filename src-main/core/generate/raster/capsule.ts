/**
 * @file Tapered capsules (limbs, neck, straps): the set of points within r(t) of segment A-B,
 * r interpolated from rA to rB along the axis, with rounded ends. Depth bulges towards the viewer
 * like a cylinder (z = axis depth + bulge * r * sqrt(1 - (d/r)^2)), so limbs look round and
 * intersect plausibly in the z-buffer. Part-local coordinates: u = pixels along the axis from A,
 * v = signed pixels across it, so patterns follow the limb.
 */
import { type Light, type Material, shadePixel, type Surface } from './surface';

// A module-level alias: hot loops call it directly (no re-export getter between modules).
const shade = shadePixel;

export type Capsule = {
  kind: 'capsule';
  ax: number;
  ay: number;
  /** Depth-buffer units at A and B. */
  az: number;
  ar: number;
  bx: number;
  by: number;
  bz: number;
  br: number;
  /** Depth units added at the centre line per pixel of radius (roundness towards the viewer). */
  bulge: number;
  material: Material;
  label: number;
};

type Box = { x0: number; y0: number; x1: number; y1: number };

export function clampBox(s: Surface, minX: number, minY: number, maxX: number, maxY: number): Box | null {
  const x0 = Math.max(0, Math.floor(minX));
  const y0 = Math.max(0, Math.floor(minY));
  const x1 = Math.min(s.width - 1, Math.ceil(maxX));
  const y1 = Math.min(s.height - 1, Math.ceil(maxY));
  return x0 > x1 || y0 > y1 ? null : { x0, y0, x1, y1 };
}

export function fillCapsule(s: Surface, c: Capsule, light: Light, antialias: boolean): void {
  const { ax, ay, bx, by, ar, br, az, bz, bulge, material, label } = c;
  const pad = Math.max(ar, br) + 1;
  const box = clampBox(
    s,
    Math.min(ax, bx) - pad,
    Math.min(ay, by) - pad,
    Math.max(ax, bx) + pad,
    Math.max(ay, by) + pad,
  );
  if (box === null) return;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const len = Math.sqrt(len2);
  const inv = len2 > 1e-9 ? 1 / len2 : 0;
  const ux = len > 1e-9 ? dx / len : 1;
  const uy = len > 1e-9 ? dy / len : 0;
  const dr = br - ar;
  const dz = bz - az;
  const edge = antialias ? 0.5 : 0;
  const width = s.width;
  // Row spans: only segment points within `pad` rows of this row can reach it.
  const steep = Math.abs(dy) > 1e-6;
  for (let y = box.y0; y <= box.y1; y += 1) {
    const py = y + 0.5 - ay;
    let x0 = box.x0;
    let x1 = box.x1;
    if (steep) {
      let t1 = (py - pad) / dy;
      let t2 = (py + pad) / dy;
      if (t1 > t2) [t1, t2] = [t2, t1];
      t1 = t1 < 0 ? 0 : t1 > 1 ? 1 : t1;
      t2 = t2 < 0 ? 0 : t2 > 1 ? 1 : t2;
      const xa = ax + dx * t1;
      const xb = ax + dx * t2;
      x0 = Math.max(x0, Math.floor(Math.min(xa, xb) - pad));
      x1 = Math.min(x1, Math.ceil(Math.max(xa, xb) + pad));
    }
    let i = y * width + x0;
    for (let x = x0; x <= x1; x += 1, i += 1) {
      const px = x + 0.5 - ax;
      let t = (px * dx + py * dy) * inv;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ox = px - t * dx;
      const oy = py - t * dy;
      const d2 = ox * ox + oy * oy;
      const r = ar + t * dr;
      const reach = r + edge;
      if (d2 >= reach * reach) continue;
      const d = Math.sqrt(d2);
      const cov = antialias ? Math.min(1, reach - d) : 1;
      const q = d < r ? d / r : 1;
      const nz = Math.sqrt(1 - q * q);
      let z = az + t * dz + bulge * r * nz;
      z = z < 1 ? 1 : z > 65535 ? 65535 : z;
      const rinv = 1 / r;
      shade(s, i, z, ox * rinv, oy * rinv, nz, t * len, px * uy - py * ux, cov, material, light, label);
    }
  }
}
