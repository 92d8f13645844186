/**
 * @file Bilinear quads (torso, skirt, bags): four corners, found per pixel by inverse bilinear
 * mapping (s across from the first to the second corner, t down from the top edge to the bottom
 * edge; after Inigo Quilez). Depth interpolates the four corner depths and bulges like a cylinder
 * across s, so a turned torso reads as a round body. Part-local coordinates: u = pixels down,
 * v = pixels across. Rows are limited to the span where the quad's edges cross them.
 */
import { clampBox } from './capsule';
import { type Light, type Material, shadePixel, type Surface } from './surface';

// A module-level alias: hot loops call it directly (no re-export getter between modules).
const shade = shadePixel;

export type Quad = {
  kind: 'quad';
  /** Corners: top-left, top-right, bottom-right, bottom-left as [x, y, z] (z in depth units). */
  corners: readonly [readonly number[], readonly number[], readonly number[], readonly number[]];
  bulge: number;
  material: Material;
  label: number;
  /** Radius in pixels of the rounded top corners (shoulders), 0 for sharp ones. */
  round?: number;
};

/**
 * Widen [span[0], span[1]] by where the line y = yc crosses the polygon's edges (no allocation:
 * called per row).
 */
function widenSpan(xs: readonly number[], ys: readonly number[], yc: number, span: Float64Array): void {
  for (let k = 0; k < 4; k += 1) {
    const x0 = xs[k]!;
    const y0 = ys[k]!;
    const x1 = xs[(k + 1) & 3]!;
    const y1 = ys[(k + 1) & 3]!;
    if ((yc < y0 && yc < y1) || (yc > y0 && yc > y1)) continue;
    const lo = y1 === y0 ? Math.min(x0, x1) : x0 + ((yc - y0) * (x1 - x0)) / (y1 - y0);
    const hi = y1 === y0 ? Math.max(x0, x1) : lo;
    if (lo < span[0]!) span[0] = lo;
    if (hi > span[1]!) span[1] = hi;
  }
}

/** Coefficients of one quad: P(s, t) = a + e s + f t + g s t (e across, f down), depth likewise. */
type QuadSetup = {
  ax: number;
  ay: number;
  az: number;
  ex: number;
  ey: number;
  fx: number;
  fy: number;
  gx: number;
  gy: number;
  zb: number;
  zd: number;
  zg: number;
  k2: number;
  linear: boolean;
  round: number;
  edge: number;
};

function setup(q: Quad, antialias: boolean): QuadSetup {
  const [a, b, c, d] = q.corners;
  const [ax, ay, az] = [a[0]!, a[1]!, a[2]!];
  const fx = d[0]! - ax;
  const fy = d[1]! - ay;
  const gx = ax - b[0]! + c[0]! - d[0]!;
  const gy = ay - b[1]! + c[1]! - d[1]!;
  const k2 = gx * fy - gy * fx;
  return {
    ax,
    ay,
    az,
    ex: b[0]! - ax,
    ey: b[1]! - ay,
    fx,
    fy,
    gx,
    gy,
    zb: b[2]! - az,
    zd: d[2]! - az,
    zg: az - b[2]! + c[2]! - d[2]!,
    k2,
    linear: Math.abs(k2) < 1e-6,
    round: q.round ?? 0,
    edge: antialias ? 0.5 : 0,
  };
}

/**
 * Signed distance in pixels from (u, t) to the quad's outline (negative outside), with rounded
 * top corners of radius `rc`.
 */
function edgeDistance(u: number, t: number, across: number, down: number, rc: number): number {
  const du = u < 0.5 ? u * across : (1 - u) * across;
  const dt = t < 0.5 ? t * down : (1 - t) * down;
  if (t < 0.5 && du < rc && dt < rc) {
    const cx = rc - du;
    const cy = rc - dt;
    return rc - Math.sqrt(cx * cx + cy * cy);
  }
  return du < dt ? du : dt;
}

function fillRow(s: Surface, q: Quad, k: QuadSetup, y: number, x0: number, x1: number, light: Light): void {
  const { ax, ex, ey, fx, fy, gx, gy, k2 } = k;
  const hy = y + 0.5 - k.ay;
  let i = y * s.width + x0;
  for (let x = x0; x <= x1; x += 1, i += 1) {
    const hx = x + 0.5 - ax;
    // Inverse bilinear: solve k2 t^2 + k1 t + k0 = 0 for t, then s from the better-conditioned axis.
    const k1 = ex * fy - ey * fx + hx * gy - hy * gx;
    const k0 = hx * ey - hy * ex;
    let t: number;
    if (k.linear) t = -k0 / k1;
    else {
      const w = k1 * k1 - 4 * k0 * k2;
      if (w < 0) continue;
      const root = Math.sqrt(w);
      t = (-k1 - root) / (2 * k2);
      if (t < -0.1 || t > 1.1) t = (-k1 + root) / (2 * k2);
    }
    const acx = ex + gx * t;
    const acy = ey + gy * t;
    const u = Math.abs(acx) > Math.abs(acy) ? (hx - fx * t) / acx : (hy - fy * t) / acy;
    if (!(u > -0.5 && u < 1.5 && t > -0.5 && t < 1.5)) continue;
    const across = Math.sqrt(acx * acx + acy * acy);
    const dnx = fx + gx * u;
    const dny = fy + gy * u;
    const down = Math.sqrt(dnx * dnx + dny * dny);
    const dist = edgeDistance(u, t, across, down, k.round);
    if (dist <= -k.edge) continue;
    const cov = k.edge > 0 ? (dist + 0.5 < 1 ? dist + 0.5 : 1) : 1;
    const w = 2 * (u < 0 ? 0 : u > 1 ? 1 : u) - 1;
    const nz = Math.sqrt(1 - w * w);
    let z = k.az + k.zb * u + k.zd * t + k.zg * u * t + q.bulge * across * 0.5 * nz;
    z = z < 1 ? 1 : z > 65535 ? 65535 : z;
    const ia = 1 / across;
    const nx = w * acx * ia;
    const ny = w * acy * ia;
    shade(s, i, z, nx, ny, nz, t * down, (u - 0.5) * across, cov, q.material, light, q.label);
  }
}

export function fillQuad(s: Surface, q: Quad, light: Light, antialias: boolean): void {
  const xs = q.corners.map((c) => c[0]!);
  const ys = q.corners.map((c) => c[1]!);
  const box = clampBox(s, Math.min(...xs) - 1, Math.min(...ys) - 1, Math.max(...xs) + 1, Math.max(...ys) + 1);
  if (box === null) return;
  const k = setup(q, antialias);
  const span = new Float64Array(2);
  for (let y = box.y0; y <= box.y1; y += 1) {
    // Edges may cross anywhere inside the pixel row: take the span over its top, centre and bottom.
    span[0] = Infinity;
    span[1] = -Infinity;
    widenSpan(xs, ys, y, span);
    widenSpan(xs, ys, y + 0.5, span);
    widenSpan(xs, ys, y + 1, span);
    if (span[0]! > span[1]!) continue;
    fillRow(
      s,
      q,
      k,
      y,
      Math.max(box.x0, Math.floor(span[0]! - 1)),
      Math.min(box.x1, Math.ceil(span[1]! + 1)),
      light,
    );
  }
}
