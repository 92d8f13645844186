/**
 * @file Named colours the prompt understands and the seed samples from: garment colours, skin
 * tones and hair colours (sRGB). Names are what the attribute record stores.
 */
import type { Rgb } from '../raster';

export const GARMENT_COLORS: Readonly<Record<string, Rgb>> = {
  red: [196, 38, 42],
  orange: [232, 118, 36],
  yellow: [236, 200, 52],
  green: [52, 140, 70],
  olive: [110, 116, 52],
  teal: [30, 128, 128],
  blue: [40, 84, 190],
  navy: [28, 38, 86],
  purple: [112, 56, 150],
  pink: [232, 128, 168],
  maroon: [110, 26, 40],
  brown: [112, 72, 42],
  beige: [214, 196, 160],
  khaki: [176, 156, 104],
  white: [238, 238, 234],
  grey: [128, 130, 134],
  black: [34, 34, 38],
  denim: [58, 86, 128],
};

export const SKIN_TONES: Readonly<Record<string, Rgb>> = {
  pale: [246, 218, 196],
  light: [234, 196, 164],
  medium: [214, 164, 124],
  olive: [190, 142, 98],
  tan: [170, 118, 80],
  brown: [132, 86, 56],
  dark: [92, 58, 38],
  deep: [64, 40, 28],
};

export const HAIR_COLORS: Readonly<Record<string, Rgb>> = {
  black: [28, 24, 24],
  'dark brown': [58, 38, 26],
  brown: [100, 66, 38],
  auburn: [128, 50, 28],
  red: [170, 68, 30],
  blonde: [214, 176, 104],
  platinum: [230, 218, 190],
  grey: [150, 148, 146],
  white: [226, 224, 220],
  blue: [50, 90, 200],
  pink: [230, 120, 170],
};

/** Everyday hair colours (dyed ones only when asked for or rarely). */
export const NATURAL_HAIR = [
  'black',
  'dark brown',
  'brown',
  'auburn',
  'red',
  'blonde',
  'platinum',
  'grey',
  'white',
];

export function lighten(c: Rgb, amount: number): Rgb {
  return [c[0] + (255 - c[0]) * amount, c[1] + (255 - c[1]) * amount, c[2] + (255 - c[2]) * amount];
}

export function darken(c: Rgb, amount: number): Rgb {
  return [c[0] * (1 - amount), c[1] * (1 - amount), c[2] * (1 - amount)];
}

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}
