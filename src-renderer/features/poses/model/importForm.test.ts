import { describe, expect, it } from 'vitest';
import { DEFAULT_IMPORT_FORM, parseTags, toImportOptions } from './importForm';

describe('import form', () => {
  it('builds contract options with defaults, margin as a fraction and parsed tags', () => {
    const parsed = toImportOptions({ ...DEFAULT_IMPORT_FORM, marginPercent: '10', tags: 'coco, val ,coco' });
    expect(parsed).toEqual({
      ok: true,
      value: {
        format: 'auto',
        canvas: 'crop',
        margin: 0.1,
        openposeLayout: 'auto',
        occludedBelow: 0.3,
        skipMalformed: false,
        tags: ['coco', 'val'],
      },
    });
  });

  it('explains bad margins and tags', () => {
    expect(toImportOptions({ ...DEFAULT_IMPORT_FORM, marginPercent: 'lots' })).toEqual({
      ok: false,
      error: 'margin: a percentage between 0 and 400',
    });
    const tooLong = parseTags('x'.repeat(65));
    expect(tooLong.ok).toBe(false);
    expect(!tooLong.ok && tooLong.error).toMatch(/at most 64 characters/);
    expect(parseTags(Array.from({ length: 17 }, (_, i) => `t${i}`).join(','))).toEqual({
      ok: false,
      error: 'at most 16 tags at once',
    });
  });
});
