import { describe, expect, it } from 'vitest';
import { parseTemplate, previewSeeds, promptCombinations, samplePrompt } from './promptTemplate';

describe('prompt templates', () => {
  it('parses text and slots', () => {
    const parsed = parseTemplate('a {red|blue} shirt, {hat| bag }');
    expect(parsed).toEqual({
      ok: true,
      slots: 2,
      parts: [
        { kind: 'text', text: 'a ' },
        { kind: 'slot', choices: ['red', 'blue'] },
        { kind: 'text', text: ' shirt, ' },
        { kind: 'slot', choices: ['hat', 'bag'] },
      ],
    });
    expect(promptCombinations('a {red|blue} shirt, {hat| bag }')).toBe(4);
    expect(promptCombinations('a {red')).toBe(0);
    expect(parseTemplate('')).toEqual({ ok: true, parts: [], slots: 0 });
  });

  it('says where the braces are wrong', () => {
    expect(parseTemplate('a {red|blue shirt')).toEqual({
      ok: false,
      error: 'the slot opened at character 3 is not closed with "}"',
    });
    expect(parseTemplate('a red} shirt')).toMatchObject({
      ok: false,
      error: expect.stringContaining('character 6'),
    });
    expect(parseTemplate('{a|{b}}')).toMatchObject({ ok: false, error: 'slots cannot nest (character 4)' });
    expect(parseTemplate('x { } y')).toMatchObject({ ok: false, error: 'the slot at character 3 is empty' });
  });

  it('samples one choice per slot, the same for the same seed', () => {
    const template = '{red|blue|green} {striped|checked|plain} shirt';
    const prompt = samplePrompt(template, 42);
    expect(prompt).toMatch(/^(red|blue|green) (striped|checked|plain) shirt$/);
    expect(samplePrompt(template, 42)).toBe(prompt);
    const seen = new Set(Array.from({ length: 40 }, (_, seed) => samplePrompt(template, seed)));
    expect(seen.size).toBeGreaterThan(4);
    expect(samplePrompt(' no slots ', 7)).toBe('no slots');
    expect(['a person', 'a person with a hat']).toContain(samplePrompt('a person {|with a hat}', 3));
  });

  it('previews the first variants seeds per mode', () => {
    expect(previewSeeds('increment', 10, 3, 999)).toEqual([10, 11, 12]);
    expect(previewSeeds('fixed', 10, 3, 999)).toEqual([10, 11, 12]);
    expect(previewSeeds('random', 10, 3, 999)).toEqual([999, 1000, 1001]);
    expect(previewSeeds('increment', 2 ** 31 - 1, 2, 0)).toEqual([2 ** 31 - 1, 0]);
  });
});
