/**
 * @file The words the mannequin's prompt reader knows: garment nouns (with their sleeve length
 * or leg cut), patterns, colour aliases, hair styles and colours, skin tones, accessories and
 * settings, plus the tokenizer that joins multi-word phrases ("t-shirt", "tank top") first.
 */
import type { HairStyle, PatternName, Setting, Sleeves } from './promptAttributes';

const PHRASES: readonly [RegExp, string][] = [
  [/\bt[\s-]?shirts?\b/g, 'tshirt'],
  [/\btank[\s-]?tops?\b/g, 'tanktop'],
  [/\bpolka[\s-]?dots?\b/g, 'dotted'],
  [/\bbaseball[\s-]?caps?\b/g, 'cap'],
  [/\bsun[\s-]?hats?\b/g, 'sunhat'],
  [/\bbuzz[\s-]?cut\b/g, 'buzz'],
  [/\bdark[\s-]brown\b/g, 'darkbrown'],
  [/\bliving[\s-]room\b/g, 'room'],
];

/** Lower-case words; multi-word phrases joined; punctuation that ends a clause kept as ','. */
export function tokenize(prompt: string): string[] {
  let text = prompt.toLowerCase();
  for (const [pattern, replacement] of PHRASES) text = text.replace(pattern, replacement);
  return text
    .replace(/[,;.]/g, ' , ')
    .split(/[\s/-]+/)
    .filter((word) => word.length > 0);
}

export const PATTERN_WORDS: Readonly<Record<string, PatternName>> = {
  striped: 'stripes',
  stripes: 'stripes',
  stripy: 'stripes',
  stripe: 'stripes',
  pinstriped: 'stripes',
  checked: 'checks',
  checkered: 'checks',
  chequered: 'checks',
  checks: 'checks',
  plaid: 'checks',
  tartan: 'checks',
  gingham: 'checks',
  plain: 'solid',
  solid: 'solid',
  dotted: 'dots',
  spotted: 'dots',
};

export const COLOR_ALIASES: Readonly<Record<string, string>> = {
  gray: 'grey',
  crimson: 'red',
  scarlet: 'red',
  violet: 'purple',
  lilac: 'purple',
  cream: 'beige',
  tan: 'khaki',
  turquoise: 'teal',
  cyan: 'teal',
  gold: 'yellow',
  golden: 'yellow',
  burgundy: 'maroon',
  darkbrown: 'brown',
  silver: 'grey',
};

/** Top garments: canonical kind and sleeve length. */
export const TOP_WORDS: Readonly<Record<string, readonly [string, Sleeves]>> = {
  shirt: ['shirt', 'long'],
  tshirt: ['tshirt', 'short'],
  tee: ['tshirt', 'short'],
  top: ['tshirt', 'short'],
  polo: ['polo', 'short'],
  blouse: ['blouse', 'long'],
  sweater: ['sweater', 'long'],
  jumper: ['sweater', 'long'],
  pullover: ['sweater', 'long'],
  cardigan: ['sweater', 'long'],
  hoodie: ['hoodie', 'long'],
  jacket: ['jacket', 'long'],
  coat: ['jacket', 'long'],
  tanktop: ['tanktop', 'none'],
  vest: ['tanktop', 'none'],
  dress: ['dress', 'short'],
};

/** Bottom garments: canonical kind (trousers, jeans, shorts, skirt). */
export const BOTTOM_WORDS: Readonly<Record<string, string>> = {
  trousers: 'trousers',
  pants: 'trousers',
  slacks: 'trousers',
  chinos: 'trousers',
  leggings: 'trousers',
  jeans: 'jeans',
  shorts: 'shorts',
  skirt: 'skirt',
};

export const SHOE_WORDS = new Set(['shoes', 'shoe', 'sneakers', 'trainers', 'boots', 'sandals']);

/** Hat nouns -> kind ('hat' leaves the kind to the seed). */
export const HAT_WORDS: Readonly<Record<string, string | undefined>> = {
  hat: undefined,
  cap: 'cap',
  beanie: 'beanie',
  sunhat: 'sunhat',
  fedora: 'sunhat',
};

export const BAG_WORDS: Readonly<Record<string, string | undefined>> = {
  bag: undefined,
  backpack: 'backpack',
  rucksack: 'backpack',
  handbag: 'shoulder',
  purse: 'shoulder',
  satchel: 'shoulder',
};

/** Style words before "hair" ("short hair") or standing alone ("a ponytail"). */
export const HAIR_STYLE_WORDS: Readonly<Record<string, HairStyle>> = {
  short: 'short',
  buzz: 'buzz',
  shaved: 'buzz',
  bob: 'bob',
  long: 'long',
  ponytail: 'ponytail',
  bun: 'bun',
  curly: 'curly',
  afro: 'curly',
  bald: 'bald',
};

/** Hair colours by word before "hair"; the first group also needs no noun ("a blonde woman"). */
export const HAIR_ONLY_WORDS: Readonly<Record<string, string>> = {
  blonde: 'blonde',
  blond: 'blonde',
  brunette: 'brown',
  redhead: 'red',
  ginger: 'red',
  auburn: 'auburn',
  platinum: 'platinum',
};
export const HAIR_COLOR_WORDS: Readonly<Record<string, string>> = {
  ...HAIR_ONLY_WORDS,
  black: 'black',
  brown: 'brown',
  darkbrown: 'dark brown',
  red: 'red',
  grey: 'grey',
  gray: 'grey',
  silver: 'grey',
  white: 'white',
  blue: 'blue',
  pink: 'pink',
};

export const SKIN_WORDS: Readonly<Record<string, string>> = {
  pale: 'pale',
  fair: 'pale',
  light: 'light',
  medium: 'medium',
  olive: 'olive',
  tan: 'tan',
  tanned: 'tan',
  brown: 'brown',
  dark: 'dark',
  black: 'deep',
  deep: 'deep',
  white: 'light',
};

export const SETTING_WORDS: Readonly<Record<string, Setting>> = {
  outdoor: 'outdoor',
  outdoors: 'outdoor',
  outside: 'outdoor',
  park: 'outdoor',
  street: 'outdoor',
  beach: 'outdoor',
  garden: 'outdoor',
  forest: 'outdoor',
  city: 'outdoor',
  field: 'outdoor',
  indoor: 'indoor',
  indoors: 'indoor',
  inside: 'indoor',
  room: 'indoor',
  office: 'indoor',
  kitchen: 'indoor',
  home: 'indoor',
  bedroom: 'indoor',
  studio: 'studio',
};

/** Words that end a noun phrase: modifiers before them bind to nothing. */
export const BREAK_WORDS = new Set([',', 'and', 'with', 'wearing', 'in', 'on', 'at', 'a', 'an']);
/** People nouns also end a phrase ("a white man" says nothing about a garment). */
export const PERSON_WORDS = new Set([
  'man',
  'woman',
  'person',
  'boy',
  'girl',
  'guy',
  'lady',
  'people',
  'kid',
  'child',
]);
