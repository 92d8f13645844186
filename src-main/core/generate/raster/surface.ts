/**
 * @file The render target of the software rasteriser: RGBA8 colour, a 16-bit depth buffer that
 * doubles as the z-buffer (0 = background/far, larger = nearer) and a part label per pixel, all
 * written in one pass by the shape fillers. Also materials (base colour, pattern in part-local
 * coordinates, shine), the light, and the one per-pixel shading/write routine every filler calls.
 */

export type Surface = {
  width: number;
  height: number;
  rgba: Uint8Array;
  depth: Uint16Array;
  parts: Uint8Array;
};

export function createSurface(width: number, height: number): Surface {
  // Opaque from the start (a native fill): writers then only touch RGB.
  return {
    width,
    height,
    rgba: new Uint8Array(width * height * 4).fill(255),
    depth: new Uint16Array(width * height),
    parts: new Uint8Array(width * height),
  };
}

export const PATTERN_SOLID = 0;
/** Bands across the part's axis (horizontal stripes on an upright torso or limb). */
export const PATTERN_STRIPES = 1;
/** Bands along the part's axis. */
export const PATTERN_LONG_STRIPES = 2;
export const PATTERN_CHECKS = 3;
export const PATTERN_DOTS = 4;

export type Rgb = readonly [number, number, number];

/** A surface material; `period` is the pattern period in pixels, evaluated in part-local (u, v). */
export type Material = {
  color: Rgb;
  alt: Rgb;
  pattern: number;
  period: number;
  /** Specular strength 0..1 (skin and hair a little, cloth almost none). */
  shine: number;
};

export function solid(color: Rgb, shine = 0): Material {
  return { color, alt: color, pattern: PATTERN_SOLID, period: 1, shine };
}

/** Directional light (unit vector towards the light, screen x right, y down, z to the viewer). */
export type Light = {
  lx: number;
  ly: number;
  lz: number;
  /** Blinn half vector between the light and the viewer (0, 0, 1). */
  hx: number;
  hy: number;
  hz: number;
  ambient: number;
  diffuse: number;
  specular: number;
};

export function makeLight(
  azimuthDeg: number,
  elevationDeg: number,
  ambient: number,
  diffuse: number,
  specular = 0.35,
): Light {
  const az = (azimuthDeg * Math.PI) / 180;
  const el = (elevationDeg * Math.PI) / 180;
  // Elevation tilts the light from the viewer towards the side given by the azimuth.
  const lx = Math.cos(az) * Math.sin(el);
  const ly = Math.sin(az) * Math.sin(el);
  const lz = Math.cos(el);
  const hn = Math.hypot(lx, ly, lz + 1);
  return { lx, ly, lz, hx: lx / hn, hy: ly / hn, hz: (lz + 1) / hn, ambient, diffuse, specular };
}

/** Alt colour of the pattern at part-local (u, v) in pixels? */
function patternAlt(m: Material, u: number, v: number): boolean {
  const k = 1 / m.period;
  switch (m.pattern) {
    case PATTERN_STRIPES:
      return (Math.floor(u * k) & 1) === 1;
    case PATTERN_LONG_STRIPES:
      return (Math.floor(v * k) & 1) === 1;
    case PATTERN_CHECKS:
      return ((Math.floor(u * k) + Math.floor(v * k)) & 1) === 1;
    case PATTERN_DOTS: {
      const fu = u * k - Math.floor(u * k) - 0.5;
      const fv = v * k - Math.floor(v * k) - 0.5;
      return fu * fu + fv * fv < 0.09;
    }
    default:
      return false;
  }
}

/**
 * Shade one pixel (Lambert + Blinn with the unit normal n) with material m at part-local (u, v)
 * and write it if it is nearer than what is there. `cov` < 1 at silhouettes blends the colour
 * (cheap anti-aliasing); depth and label are taken only where the pixel is mostly covered.
 */
export function shadePixel(
  s: Surface,
  i: number,
  z: number,
  nx: number,
  ny: number,
  nz: number,
  u: number,
  v: number,
  cov: number,
  m: Material,
  light: Light,
  label: number,
): void {
  const depth = s.depth;
  if (z <= depth[i]!) return;
  const c = m.pattern !== PATTERN_SOLID && patternAlt(m, u, v) ? m.alt : m.color;
  const lambert = nx * light.lx + ny * light.ly + nz * light.lz;
  const k = light.ambient + light.diffuse * (lambert > 0 ? lambert : 0);
  let spec = nx * light.hx + ny * light.hy + nz * light.hz;
  spec = spec > 0 ? spec * spec : 0;
  spec *= spec;
  spec *= spec;
  const add = 255 * m.shine * light.specular * spec * spec;
  const rgba = s.rgba;
  const o = i << 2;
  // Typed-array stores wrap modulo 256, so clamp before writing.
  let r = c[0] * k + add;
  let g = c[1] * k + add;
  let b = c[2] * k + add;
  r = r > 255 ? 255 : r;
  g = g > 255 ? 255 : g;
  b = b > 255 ? 255 : b;
  if (cov >= 1) {
    rgba[o] = r;
    rgba[o + 1] = g;
    rgba[o + 2] = b;
    depth[i] = z;
    s.parts[i] = label;
    return;
  }
  const keep = 1 - cov;
  rgba[o] = rgba[o]! * keep + r * cov;
  rgba[o + 1] = rgba[o + 1]! * keep + g * cov;
  rgba[o + 2] = rgba[o + 2]! * keep + b * cov;
  if (cov >= 0.5) {
    depth[i] = z;
    s.parts[i] = label;
  }
}

/** Depth-buffer value for a float depth: clamped to 1..65535 (0 is reserved for background). */
export function depthValue(z: number): number {
  return z < 1 ? 1 : z > 65535 ? 65535 : z;
}
