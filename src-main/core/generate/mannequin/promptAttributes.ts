/**
 * @file The structured reading of a prompt: "a woman in a red striped shirt and blue jeans, blonde
 * ponytail, dark skin, cap, backpack, outdoors" -> an attribute record holding only what the
 * prompt says (everything else stays open for the seed). A token walk: colour, pattern and tone
 * words wait for the next noun (garment, hair, skin, shoes, hat, bag) and bind to it; phrase
 * breaks ("and", "with", commas, people nouns) drop unbound words; "no"/"without" negate the next
 * accessory. Colours may carry "light"/"dark" ("light blue").
 */
import { GARMENT_COLORS } from './palette';
import {
  BAG_WORDS,
  BOTTOM_WORDS,
  BREAK_WORDS,
  COLOR_ALIASES,
  HAIR_COLOR_WORDS,
  HAIR_ONLY_WORDS,
  HAIR_STYLE_WORDS,
  HAT_WORDS,
  PATTERN_WORDS,
  PERSON_WORDS,
  SETTING_WORDS,
  SHOE_WORDS,
  SKIN_WORDS,
  TOP_WORDS,
  tokenize,
} from './vocabulary';

export type PatternName = 'solid' | 'stripes' | 'checks' | 'dots';
export type Sleeves = 'none' | 'short' | 'long';
export type HairStyle = 'short' | 'buzz' | 'bob' | 'long' | 'ponytail' | 'bun' | 'curly' | 'bald';
export type Setting = 'indoor' | 'outdoor' | 'studio';

export type GarmentSpec = { kind?: string; color?: string; pattern?: PatternName };
export type AccessorySpec = { present: boolean; kind?: string; color?: string };

export type PromptAttributes = {
  top: GarmentSpec & { sleeves?: Sleeves };
  bottom: GarmentSpec;
  shoes: { color?: string };
  hair: { color?: string; style?: HairStyle };
  skin?: string;
  hat?: AccessorySpec;
  bag?: AccessorySpec;
  setting?: Setting;
};

type Pending = { words: string[]; pattern?: PatternName; sleeves?: Sleeves; negate: boolean };

/** The last colour named among the pending words, with a light/dark shade word right before it. */
function garmentColor(words: readonly string[]): string | undefined {
  for (let i = words.length - 1; i >= 0; i -= 1) {
    const word = words[i]!;
    const name = COLOR_ALIASES[word] ?? word;
    if (!(name in GARMENT_COLORS)) continue;
    const shade = words[i - 1];
    return shade === 'light' || shade === 'dark' ? `${shade} ${name}` : name;
  }
  return undefined;
}

function lastOf(words: readonly string[], table: Readonly<Record<string, string>>): string | undefined {
  for (let i = words.length - 1; i >= 0; i -= 1) {
    const hit = table[words[i]!];
    if (hit !== undefined) return hit;
  }
  return undefined;
}

function garment(p: Pending, kind: string): GarmentSpec {
  const color = garmentColor(p.words);
  return { kind, ...(color ? { color } : {}), ...(p.pattern ? { pattern: p.pattern } : {}) };
}

function accessory(p: Pending, kind: string | undefined): AccessorySpec {
  const color = garmentColor(p.words);
  return { present: !p.negate, ...(kind ? { kind } : {}), ...(color && !p.negate ? { color } : {}) };
}

function hairFrom(out: PromptAttributes, p: Pending, style?: string): void {
  const color = lastOf(p.words, HAIR_COLOR_WORDS);
  const named = style ?? lastOf(p.words, HAIR_STYLE_WORDS);
  if (color) out.hair.color = color;
  if (named) out.hair.style = named as PromptAttributes['hair']['style'];
}

/** A noun consumes the pending modifiers; returns false when the word is no noun. */
function consumeNoun(out: PromptAttributes, word: string, p: Pending): boolean {
  const top = TOP_WORDS[word];
  if (top) {
    out.top = { ...garment(p, top[0]), sleeves: p.sleeves ?? top[1] };
    if (top[0] === 'dress') out.bottom = { ...garment(p, 'skirt') };
  } else if (BOTTOM_WORDS[word]) out.bottom = garment(p, BOTTOM_WORDS[word]);
  else if (SHOE_WORDS.has(word)) {
    const color = garmentColor(p.words);
    out.shoes = color ? { color } : {};
  } else if (word === 'hair') hairFrom(out, p);
  else if (word === 'ponytail' || word === 'bun' || word === 'afro' || word === 'bob') {
    hairFrom(out, p, HAIR_STYLE_WORDS[word]);
  } else if (word === 'skin' || word === 'complexion') {
    const tone = lastOf(p.words, SKIN_WORDS);
    if (tone) out.skin = tone;
  } else if (word in HAT_WORDS) out.hat = accessory(p, HAT_WORDS[word]);
  else if (word in BAG_WORDS) out.bag = accessory(p, BAG_WORDS[word]);
  else return false;
  return true;
}

/** Modifiers that need no noun, applied at once; returns false when the word is none of them. */
function applyStandalone(out: PromptAttributes, word: string): boolean {
  if (SETTING_WORDS[word]) out.setting = SETTING_WORDS[word];
  else if (HAIR_ONLY_WORDS[word]) out.hair.color = HAIR_ONLY_WORDS[word];
  else if (word === 'bald' || word === 'curly') out.hair.style = HAIR_STYLE_WORDS[word];
  else return false;
  return true;
}

export function parsePrompt(prompt: string): PromptAttributes {
  const out: PromptAttributes = { top: {}, bottom: {}, shoes: {}, hair: {} };
  let pending: Pending = { words: [], negate: false };
  const reset = (): void => {
    pending = { words: [], negate: false };
  };
  for (const word of tokenize(prompt)) {
    if (BREAK_WORDS.has(word) || PERSON_WORDS.has(word)) {
      if (word !== 'a' && word !== 'an') reset();
      continue;
    }
    if (word === 'no' || word === 'without') {
      reset();
      pending.negate = true;
    } else if (consumeNoun(out, word, pending)) reset();
    else if (applyStandalone(out, word)) continue;
    else if (PATTERN_WORDS[word]) pending.pattern = PATTERN_WORDS[word];
    else if ((word === 'sleeves' || word === 'sleeve' || word === 'sleeved') && pending.words.length > 0) {
      const length = pending.words[pending.words.length - 1];
      pending.sleeves = length === 'short' ? 'short' : length === 'long' ? 'long' : pending.sleeves;
      if (out.top.kind && pending.sleeves) out.top.sleeves = pending.sleeves;
    } else if (word === 'sleeveless') pending.sleeves = 'none';
    else pending.words.push(word);
  }
  return out;
}
