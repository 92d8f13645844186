/**
 * @file Ellipsoids seen along their depth axis (head, hands, feet, hair volumes, hat, bag): an
 * ellipse in the image (semi-axes rx along a unit axis, ry across it) with depth bulge rz. An
 * optional clip keeps only one side of a curved line in ellipse-local coordinates (hairlines,
 * hat crowns). A decal ellipse paints only over pixels of one part label without touching depth
 * (eyes, mouth, brows on the face), so whatever covers the face also covers its features.
 */
import { clampBox } from './capsule';
import { type Light, type Material, shadePixel, type Surface } from './surface';

// A module-level alias: hot loops call it directly (no re-export getter between modules).
const shade = shadePixel;

/** Keep where nx*a + ny*b + curve*(ny*a - nx*b)^2 >= offset, (a, b) ellipse-local in [-1, 1]. */
export type EllipseClip = { nx: number; ny: number; curve: number; offset: number };

export type Ellipsoid = {
  kind: 'ellipsoid';
  cx: number;
  cy: number;
  cz: number;
  rx: number;
  ry: number;
  rz: number;
  /** Unit vector of the rx axis in the image. */
  ux: number;
  uy: number;
  material: Material;
  label: number;
  clip?: EllipseClip;
  /** Paint only over pixels with this label, keeping their depth. */
  decalOn?: number;
};

function inClip(clip: EllipseClip | undefined, a: number, b: number): boolean {
  if (clip === undefined) return true;
  const side = clip.ny * a - clip.nx * b;
  return clip.nx * a + clip.ny * b + clip.curve * side * side >= clip.offset;
}

export function fillEllipsoid(s: Surface, e: Ellipsoid, light: Light, antialias: boolean): void {
  const { cx, cy, cz, rx, ry, rz, ux, uy, material, label, clip, decalOn } = e;
  const reach = Math.max(rx, ry) + 1;
  const box = clampBox(s, cx - reach, cy - reach, cx + reach, cy + reach);
  if (box === null || rx <= 0 || ry <= 0) return;
  const irx = 1 / rx;
  const iry = 1 / ry;
  const width = s.width;
  const parts = s.parts;
  // Outside q2 > edgeQ the pixel is at most half a pixel inside the rim: worth a coverage estimate.
  const rmin = Math.min(rx, ry);
  const edgeQ = antialias ? (1 - 1 / rmin) ** 2 : 1;
  const limitQ = antialias ? (1 + 0.5 / rmin) ** 2 : 1;
  // Row spans from the ellipse's quadratic in x: qa px^2 + qb py px + qc py^2 < limitQ.
  const qa = (ux * ux) / (rx * rx) + (uy * uy) / (ry * ry);
  const qb = 2 * ux * uy * (1 / (rx * rx) - 1 / (ry * ry));
  const qc = (uy * uy) / (rx * rx) + (ux * ux) / (ry * ry);
  for (let y = box.y0; y <= box.y1; y += 1) {
    const py = y + 0.5 - cy;
    const disc = qb * qb * py * py - 4 * qa * (qc * py * py - limitQ);
    if (disc < 0) continue;
    const root = Math.sqrt(disc);
    const x0 = Math.max(box.x0, Math.floor(cx + (-qb * py - root) / (2 * qa) - 0.5));
    const x1 = Math.min(box.x1, Math.ceil(cx + (-qb * py + root) / (2 * qa) - 0.5));
    let i = y * width + x0;
    for (let x = x0; x <= x1; x += 1, i += 1) {
      const px = x + 0.5 - cx;
      const a = (px * ux + py * uy) * irx;
      const b = (py * ux - px * uy) * iry;
      const q2 = a * a + b * b;
      if (q2 >= limitQ) continue;
      if (decalOn !== undefined && parts[i] !== decalOn) continue;
      if (!inClip(clip, a, b)) continue;
      let cov = 1;
      if (q2 > edgeQ) {
        const q = Math.sqrt(q2);
        // Radial distance to the rim in pixels: |p| (1/q - 1).
        cov = Math.min(1, Math.sqrt(px * px + py * py) * (1 / q - 1) + 0.5);
        if (cov <= 0) continue;
      }
      const nz = q2 < 1 ? Math.sqrt(1 - q2) : 0;
      const nx = a * ux - b * uy;
      const ny = a * uy + b * ux;
      let z = decalOn !== undefined ? s.depth[i]! + 1 : cz + rz * nz;
      z = z < 1 ? 1 : decalOn === undefined && z > 65535 ? 65535 : z;
      shade(s, i, z, nx, ny, nz, b * ry, a * rx, cov, material, light, label);
      if (decalOn !== undefined) s.depth[i] = z - 1;
    }
  }
}
