/**
 * @file Resolving who the mannequin is: the prompt's attributes win, the seed fills in everything
 * they leave open. Every random draw happens in a fixed order whatever the prompt says, so
 * changing "red shirt" to "blue shirt" changes the shirt and nothing else. The identity id is a
 * hash of the person (not the place or the light): the same id means the same look, which is
 * what re-ID probes need.
 */
import { createRng, hashString, mixSeed, type Rng } from '../prng';
import type { Rgb } from '../raster';
import { darken, GARMENT_COLORS, HAIR_COLORS, lighten, NATURAL_HAIR, SKIN_TONES } from './palette';
import type { HairStyle, PatternName, PromptAttributes, Sleeves } from './promptAttributes';

export type GarmentLook = {
  kind: string;
  color: string;
  rgb: Rgb;
  pattern: PatternName;
  alt: string;
  altRgb: Rgb;
  /** Pattern period as a fraction of the body unit U. */
  period: number;
};

export type Appearance = {
  identity: string;
  /** Girth factor (limb and torso widths). */
  build: number;
  skin: { tone: string; rgb: Rgb };
  eyes: { color: string; rgb: Rgb };
  hair: { style: HairStyle; color: string; rgb: Rgb };
  top: GarmentLook & { sleeves: Sleeves };
  bottom: GarmentLook;
  shoes: { color: string; rgb: Rgb };
  hat: { kind: string; color: string; rgb: Rgb } | null;
  bag: { kind: string; color: string; rgb: Rgb; side: 'left' | 'right' } | null;
};

const EYE_COLORS: Readonly<Record<string, Rgb>> = {
  brown: [78, 48, 28],
  dark: [40, 28, 22],
  blue: [70, 110, 160],
  green: [80, 120, 70],
  grey: [100, 110, 116],
};

/** Draw from a weighted table [value, weight][]. */
export function weighted<T>(rng: Rng, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((sum, [, w]) => sum + w, 0);
  let roll = rng.next() * total;
  for (const [value, w] of table) {
    roll -= w;
    if (roll < 0) return value;
  }
  return table[table.length - 1]![0];
}

/** RGB of a colour name, including "light x" / "dark x". */
export function colorRgb(name: string): Rgb {
  const [shade, base] = name.includes(' ') ? name.split(' ', 2) : ['', name];
  const rgb = GARMENT_COLORS[base ?? name] ?? GARMENT_COLORS.grey!;
  if (shade === 'light') return lighten(rgb, 0.45);
  if (shade === 'dark') return darken(rgb, 0.45);
  return rgb;
}

const TOP_KINDS: readonly (readonly [[string, Sleeves], number])[] = [
  [['tshirt', 'short'], 4],
  [['shirt', 'long'], 2],
  [['sweater', 'long'], 2],
  [['hoodie', 'long'], 1],
  [['jacket', 'long'], 1.5],
  [['tanktop', 'none'], 1],
  [['polo', 'short'], 1],
  [['dress', 'short'], 1],
];
const BOTTOM_KINDS: readonly (readonly [string, number])[] = [
  ['trousers', 3],
  ['jeans', 3],
  ['shorts', 1.5],
  ['skirt', 1.5],
];
const HAIR_STYLES: readonly (readonly [HairStyle, number])[] = [
  ['short', 3],
  ['long', 2],
  ['ponytail', 1.2],
  ['bun', 1],
  ['bob', 1.2],
  ['buzz', 1],
  ['curly', 1.2],
  ['bald', 0.6],
];
const PATTERNS: readonly (readonly [PatternName, number])[] = [
  ['solid', 5],
  ['stripes', 2],
  ['checks', 1.5],
  ['dots', 1],
];
const TOP_COLORS = Object.keys(GARMENT_COLORS).filter((c) => c !== 'denim');
const TROUSER_COLORS = [
  'black',
  'navy',
  'grey',
  'khaki',
  'brown',
  'beige',
  'olive',
  'denim',
  'white',
  'maroon',
];
const JEAN_COLORS = ['denim', 'denim', 'denim', 'black', 'grey', 'navy', 'light blue'];
const SHOE_COLORS = ['black', 'white', 'brown', 'grey', 'red', 'navy', 'beige'];

function sampleGarment(
  rng: Rng,
  colors: readonly string[],
  patternTable: typeof PATTERNS,
  kind: string,
): GarmentLook {
  const color = rng.pick(colors);
  const pattern = weighted(rng, patternTable);
  const alt = rng.chance(0.5) ? rng.pick(['white', 'black', 'beige', 'navy']) : rng.pick(TOP_COLORS);
  const period = rng.range(0.06, 0.13);
  const finalAlt = alt === color ? (color === 'white' ? 'black' : 'white') : alt;
  return { kind, color, rgb: colorRgb(color), pattern, alt: finalAlt, altRgb: colorRgb(finalAlt), period };
}

function override(
  look: GarmentLook,
  spec: { kind?: string; color?: string; pattern?: PatternName },
): GarmentLook {
  const color = spec.color ?? look.color;
  const alt = color === look.alt ? (color === 'white' ? 'black' : 'white') : look.alt;
  return {
    ...look,
    kind: spec.kind ?? look.kind,
    color,
    rgb: colorRgb(color),
    pattern: spec.pattern ?? look.pattern,
    alt,
    altRgb: colorRgb(alt),
  };
}

function samplePerson(rng: Rng) {
  const build = rng.range(0.85, 1.2);
  const tone = rng.pick(Object.keys(SKIN_TONES));
  const eye = rng.pick(Object.keys(EYE_COLORS));
  const hairStyle = weighted(rng, HAIR_STYLES);
  const hairColor = rng.chance(0.04) ? rng.pick(['blue', 'pink']) : rng.pick(NATURAL_HAIR);
  const [topKind, sleeves] = weighted(rng, TOP_KINDS);
  const top = sampleGarment(rng, TOP_COLORS, PATTERNS, topKind);
  const bottomKind = topKind === 'dress' ? 'skirt' : weighted(rng, BOTTOM_KINDS);
  const bottomColors =
    bottomKind === 'jeans' ? JEAN_COLORS : bottomKind === 'skirt' ? TOP_COLORS : TROUSER_COLORS;
  const bottomPatterns: typeof PATTERNS = [
    ['solid', 8],
    ['checks', 1],
    ['stripes', 0.7],
  ];
  const bottom = sampleGarment(rng, bottomColors, bottomPatterns, bottomKind);
  const shoes = rng.pick(SHOE_COLORS);
  const hat = rng.chance(0.22)
    ? { kind: rng.pick(['cap', 'beanie', 'sunhat']), color: rng.pick(TOP_COLORS) }
    : null;
  const bag = rng.chance(0.25)
    ? {
        kind: rng.pick(['backpack', 'shoulder']),
        color: rng.pick(TOP_COLORS),
        side: rng.pick(['left', 'right'] as const),
      }
    : null;
  return { build, tone, eye, hairStyle, hairColor, sleeves, top, bottom, shoes, hat, bag };
}

function accessory<T extends { kind: string; color: string }>(
  sampled: T | null,
  spec: { present: boolean; kind?: string; color?: string } | undefined,
  fill: T,
): (T & { rgb: Rgb }) | null {
  if (spec && !spec.present) return null;
  const base = sampled ?? (spec ? fill : null);
  if (!base) return null;
  const look = { ...base, kind: spec?.kind ?? base.kind, color: spec?.color ?? base.color };
  return { ...look, rgb: colorRgb(look.color) };
}

/** The full appearance for a seed, with the prompt's attributes applied on top. */
export function resolveAppearance(attrs: PromptAttributes, seed: number): Appearance {
  const rng = createRng(mixSeed(seed, 1));
  const p = samplePerson(rng);
  const fill = {
    hat: { kind: rng.pick(['cap', 'beanie', 'sunhat']), color: rng.pick(TOP_COLORS) },
    bagSide: rng.pick(['left', 'right'] as const),
  };
  const bagFill = {
    kind: rng.pick(['backpack', 'shoulder']),
    color: rng.pick(TOP_COLORS),
    side: fill.bagSide,
  };
  const tone = attrs.skin ?? p.tone;
  const hairColor = attrs.hair.color ?? p.hairColor;
  const top = { ...override(p.top, attrs.top), sleeves: attrs.top.sleeves ?? p.sleeves };
  const bottomKind = attrs.bottom.kind ?? (top.kind === 'dress' ? 'skirt' : p.bottom.kind);
  let bottom = override(p.bottom, { ...attrs.bottom, kind: bottomKind });
  if (top.kind === 'dress' && !attrs.bottom.kind) bottom = { ...top, kind: 'skirt' };
  if (bottomKind === 'jeans' && !attrs.bottom.color && p.bottom.kind !== 'jeans')
    bottom = override(bottom, { color: 'denim' });
  const person = {
    build: Math.round(p.build * 100) / 100,
    skin: { tone, rgb: SKIN_TONES[tone] ?? SKIN_TONES.medium! },
    eyes: { color: p.eye, rgb: EYE_COLORS[p.eye]! },
    hair: {
      style: attrs.hair.style ?? p.hairStyle,
      color: hairColor,
      rgb: HAIR_COLORS[hairColor] ?? HAIR_COLORS.brown!,
    },
    top,
    bottom,
    shoes: { color: attrs.shoes.color ?? p.shoes, rgb: colorRgb(attrs.shoes.color ?? p.shoes) },
    hat: accessory(p.hat, attrs.hat, fill.hat),
    bag: accessory(p.bag, attrs.bag, bagFill),
  };
  return { identity: identityOf(person), ...person };
}

/** Stable id of a look: hash of the person's resolved attributes (names, not RGB). */
function identityOf(person: Omit<Appearance, 'identity'>): string {
  const key = JSON.stringify([
    person.build,
    person.skin.tone,
    person.eyes.color,
    person.hair.style,
    person.hair.color,
    [person.top.kind, person.top.sleeves, person.top.color, person.top.pattern, person.top.alt],
    [person.bottom.kind, person.bottom.color, person.bottom.pattern, person.bottom.alt],
    person.shoes.color,
    person.hat ? [person.hat.kind, person.hat.color] : null,
    person.bag ? [person.bag.kind, person.bag.color, person.bag.side] : null,
  ]);
  return hashString(key).toString(16).padStart(8, '0');
}
