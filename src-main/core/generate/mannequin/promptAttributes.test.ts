import { describe, expect, it } from 'vitest';
import { parsePrompt } from './promptAttributes';

describe('parsePrompt', () => {
  it('binds colours and patterns to the garment that follows them', () => {
    const a = parsePrompt('red striped shirt, blue trousers, hat, blonde hair, dark skin, bag, outdoor');
    expect(a.top).toEqual({ kind: 'shirt', color: 'red', pattern: 'stripes', sleeves: 'long' });
    expect(a.bottom).toEqual({ kind: 'trousers', color: 'blue' });
    expect(a.hat).toEqual({ present: true });
    expect(a.bag).toEqual({ present: true });
    expect(a.hair).toEqual({ color: 'blonde' });
    expect(a.skin).toBe('dark');
    expect(a.setting).toBe('outdoor');
  });

  it('reads a sentence with people nouns, phrases and shades', () => {
    const a = parsePrompt(
      'A woman wearing a light blue checked t-shirt and dark grey shorts with a black backpack, indoors',
    );
    expect(a.top).toEqual({ kind: 'tshirt', color: 'light blue', pattern: 'checks', sleeves: 'short' });
    expect(a.bottom).toEqual({ kind: 'shorts', color: 'dark grey' });
    expect(a.bag).toEqual({ present: true, kind: 'backpack', color: 'black' });
    expect(a.setting).toBe('indoor');
  });

  it('does not let a colour leak past a people noun or a clause break', () => {
    const a = parsePrompt('a white man, with a shirt');
    expect(a.top.color).toBeUndefined();
    expect(a.top.kind).toBe('shirt');
  });

  it('reads hair styles and colours, skin tones and negations', () => {
    const a = parsePrompt('long curly brown hair, pale skin, no hat, without a bag');
    expect(a.hair).toEqual({ style: 'long', color: 'brown' });
    expect(a.skin).toBe('pale');
    expect(a.hat).toEqual({ present: false });
    expect(a.bag).toEqual({ present: false });
    expect(parsePrompt('a bald man').hair.style).toBe('bald');
    expect(parsePrompt('blonde ponytail').hair).toEqual({ style: 'ponytail', color: 'blonde' });
  });

  it('makes a dress a top and a skirt of one colour', () => {
    const a = parsePrompt('green polka dot dress');
    expect(a.top).toMatchObject({ kind: 'dress', color: 'green', pattern: 'dots' });
    expect(a.bottom).toMatchObject({ kind: 'skirt', color: 'green', pattern: 'dots' });
  });

  it('knows sleeve lengths and jeans', () => {
    expect(parsePrompt('short sleeved yellow shirt').top).toMatchObject({
      kind: 'shirt',
      sleeves: 'short',
      color: 'yellow',
    });
    expect(parsePrompt('blue jeans, red sneakers').shoes).toEqual({ color: 'red' });
  });

  it('returns an empty record for an empty prompt', () => {
    expect(parsePrompt('')).toEqual({ top: {}, bottom: {}, shoes: {}, hair: {} });
  });
});
