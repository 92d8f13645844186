/**
 * @file Shared drawing context of one figure: depth mapping (units of U -> 16-bit depth, 32768 =
 * the torso's centre plane, 8192 per U, larger = nearer), the body unit in pixels, and the
 * materials of the resolved appearance, built once per variant.
 */
import {
  PATTERN_CHECKS,
  PATTERN_DOTS,
  PATTERN_SOLID,
  PATTERN_STRIPES,
  type Material,
  type Placed,
  type Shape,
  solid,
} from '../raster';
import type { Appearance, GarmentLook } from './appearance';
import { darken, mix } from './palette';

export const DEPTH_ORIGIN = 32768;
export const DEPTH_PER_UNIT = 8192;

export type Materials = {
  skin: Material;
  skinShade: Material;
  hair: Material;
  top: Material;
  bottom: Material;
  shoes: Material;
  eyeWhite: Material;
  iris: Material;
  brow: Material;
  mouth: Material;
};

export type Space = {
  unit: number;
  /** Depth units per pixel (for bulges given in pixels). */
  perPx: number;
  look: Appearance;
  mats: Materials;
};

const PATTERN_CODES = {
  solid: PATTERN_SOLID,
  stripes: PATTERN_STRIPES,
  checks: PATTERN_CHECKS,
  dots: PATTERN_DOTS,
};

function garmentMaterial(g: GarmentLook, unit: number): Material {
  return {
    color: g.rgb,
    alt: g.altRgb,
    pattern: PATTERN_CODES[g.pattern],
    period: Math.max(2, g.period * unit),
    shine: 0.05,
  };
}

export function createSpace(look: Appearance, unit: number): Space {
  const skin = look.skin.rgb;
  const curly = look.hair.style === 'curly';
  return {
    unit,
    perPx: DEPTH_PER_UNIT / unit,
    look,
    mats: {
      skin: solid(skin, 0.25),
      skinShade: solid(darken(skin, 0.12), 0.2),
      hair: curly
        ? {
            color: look.hair.rgb,
            alt: darken(look.hair.rgb, 0.35),
            pattern: PATTERN_DOTS,
            period: Math.max(2, unit * 0.05),
            shine: 0.2,
          }
        : solid(look.hair.rgb, 0.45),
      top: garmentMaterial(look.top, unit),
      bottom: garmentMaterial(look.bottom, unit),
      shoes: solid(look.shoes.rgb, 0.35),
      eyeWhite: solid([236, 232, 226], 0.1),
      iris: solid(look.eyes.rgb, 0.6),
      brow: solid(darken(look.hair.style === 'bald' ? mix(look.hair.rgb, skin, 0.3) : look.hair.rgb, 0.25)),
      mouth: solid(mix(darken(skin, 0.35), [150, 40, 50], 0.45), 0.2),
    },
  };
}

/** 16-bit depth of a depth in units of U. */
export function depthOf(z: number): number {
  return DEPTH_ORIGIN + z * DEPTH_PER_UNIT;
}

/** Order for painter sorting: the shape's centre depth. */
export function place(shape: Shape): Placed {
  switch (shape.kind) {
    case 'capsule':
      return { shape, order: (shape.az + shape.bz) / 2 };
    case 'ellipsoid':
      return { shape, order: shape.decalOn !== undefined ? Number.MAX_SAFE_INTEGER : shape.cz };
    case 'quad':
      return { shape, order: shape.corners.reduce((sum, c) => sum + c[2]!, 0) / 4 };
  }
}
