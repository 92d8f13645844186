import { describe, expect, it } from 'vitest';
import type { GeneratorInfo } from '../../../../src-main/contract';
import { optionFields } from './optionsSchema';
import { DEFAULT_FORM, parseWhole, plannedVariants, validateForm, type FormContext } from './generateForm';

const mannequin: GeneratorInfo = {
  id: 'mannequin',
  name: 'Mannequin',
  description: 'procedural figure',
  optionsSchema: {
    type: 'object',
    properties: { faceDefectRate: { type: 'number', minimum: 0, maximum: 1, default: 0 } },
  },
  available: true,
  unavailableReason: null,
};

const context = (over: Partial<FormContext> = {}): FormContext => ({
  generator: mannequin,
  optionFields: optionFields(mannequin.optionsSchema).fields,
  poseCount: 12,
  posesProblem: null,
  ...over,
});

describe('generate form', () => {
  it('turns the defaults into a request: 5 variants, 256 px, increment seeds', () => {
    const form = { ...DEFAULT_FORM, options: { faceDefectRate: '0.1' } };
    expect(validateForm(form, context())).toEqual({
      ok: true,
      request: {
        variantsPerPose: 5,
        generator: 'mannequin',
        width: 256,
        height: 256,
        promptTemplate: '',
        seedMode: 'increment',
        seed: 0,
        options: { faceDefectRate: 0.1 },
      },
    });
    expect(plannedVariants(12, '5')).toBe(60);
    expect(plannedVariants(null, '5')).toBeNull();
    expect(plannedVariants(12, 'x')).toBeNull();
  });

  it('puts each error next to its field', () => {
    const form = {
      ...DEFAULT_FORM,
      variantsPerPose: '0',
      width: '32',
      height: '',
      seed: '-1',
      promptTemplate: 'a {red|blue',
      options: { faceDefectRate: '2' },
    };
    const result = validateForm(form, context({ poseCount: 0 }));
    expect(result).toEqual({
      ok: false,
      errors: {
        poses: 'no pose matches: nothing to generate',
        variantsPerPose: 'must be between 1 and 64',
        width: 'must be between 64 and 2,048',
        height: 'required',
        seed: 'must be between 0 and 2,147,483,647',
        promptTemplate: 'the slot opened at character 3 is not closed with "}"',
        options: { faceDefectRate: 'must be at most 1' },
      },
    });
  });

  it('keeps the seed under random (the studio mixes it in), and refuses an unavailable generator', () => {
    const random = validateForm({ ...DEFAULT_FORM, seedMode: 'random', seed: '9' }, context());
    expect(random.ok && [random.request.seedMode, random.request.seed]).toEqual(['random', 9]);
    expect(validateForm({ ...DEFAULT_FORM, seedMode: 'random', seed: '' }, context())).toMatchObject({
      ok: false,
      errors: { seed: 'required' },
    });
    const blocked = { ...mannequin, available: false, unavailableReason: 'no model folder set' };
    expect(validateForm(DEFAULT_FORM, context({ generator: blocked }))).toMatchObject({
      ok: false,
      errors: { generator: 'no model folder set' },
    });
    expect(validateForm(DEFAULT_FORM, context({ generator: undefined }))).toEqual({ ok: false, errors: {} });
    expect(validateForm(DEFAULT_FORM, context({ generator: null }))).toMatchObject({
      errors: { generator: 'no generator is installed in this studio' },
    });
    expect(validateForm(DEFAULT_FORM, context({ posesProblem: 'pick a tag' }))).toMatchObject({
      ok: false,
      errors: { poses: 'pick a tag' },
    });
  });

  it('parses whole numbers strictly', () => {
    expect(parseWhole(' 7 ', 1, 10)).toEqual({ ok: true, value: 7 });
    expect(parseWhole('7.5', 1, 10)).toEqual({ ok: false, error: 'must be a whole number' });
    expect(parseWhole('1e1', 1, 10)).toEqual({ ok: true, value: 10 });
  });
});
