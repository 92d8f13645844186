import { describe, expect, it } from 'vitest';
import { humanize, initialValues, needsModel, numberStep, optionFields, parseOptions } from './optionsSchema';

/** What zod 4's toJSONSchema makes of a typical generator options object. */
const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    background: {
      default: 'scene',
      description: 'Background kind',
      type: 'string',
      enum: ['plain', 'scene'],
    },
    faceDefectRate: { default: 0, type: 'number', minimum: 0, maximum: 1 },
    hats: { default: true, type: 'boolean' },
    steps: { default: 20, type: 'integer', minimum: 1, maximum: 100 },
    label: { type: 'string' },
    guidance: { default: null, type: ['number', 'null'], exclusiveMinimum: 0 },
    palette: { type: 'array', items: { type: 'string' } },
  },
  required: ['background', 'faceDefectRate', 'hats', 'steps', 'guidance'],
  additionalProperties: false,
};

describe('generator options form', () => {
  it('maps enums, numbers, integers, booleans and strings; skips the rest', () => {
    const { fields, skipped } = optionFields(schema);
    expect(fields.map((field) => [field.key, field.kind])).toEqual([
      ['background', 'enum'],
      ['faceDefectRate', 'number'],
      ['hats', 'boolean'],
      ['steps', 'integer'],
      ['label', 'string'],
      ['guidance', 'number'],
    ]);
    expect(skipped).toEqual(['palette']);
    expect(fields[0]).toMatchObject({
      label: 'Background',
      description: 'Background kind',
      choices: ['plain', 'scene'],
    });
    expect(fields[1]).toMatchObject({ label: 'Face defect rate', min: 0, max: 1 });
    expect(fields[5]).toMatchObject({ min: 0, exclusiveMin: true, max: null, default: null });
  });

  it('starts from the defaults and parses them back to the same options', () => {
    const { fields } = optionFields(schema);
    const values = initialValues(fields);
    expect(values).toEqual({
      background: 'scene',
      faceDefectRate: '0',
      hats: true,
      steps: '20',
      label: '',
      guidance: '',
    });
    expect(parseOptions(fields, values)).toEqual({
      options: { background: 'scene', faceDefectRate: 0, hats: true, steps: 20 },
      errors: {},
    });
  });

  it('reports bounds, whole numbers and non-numbers per field', () => {
    const { fields } = optionFields(schema);
    const values = {
      ...initialValues(fields),
      faceDefectRate: '1.5',
      steps: '2.5',
      guidance: '0',
      label: 'x',
    };
    const { options, errors } = parseOptions(fields, values);
    expect(errors).toEqual({
      faceDefectRate: 'must be at most 1',
      steps: 'must be a whole number',
      guidance: 'must be above 0',
    });
    expect(options.label).toBe('x');
    expect(parseOptions(fields, { ...values, faceDefectRate: 'abc' }).errors.faceDefectRate).toBe(
      'must be a number',
    );
  });

  it('copes with a schema that has no properties, and humanizes keys', () => {
    expect(optionFields({})).toEqual({ fields: [], skipped: [] });
    expect(humanize('face_defect-rate')).toBe('Face defect rate');
  });
});

describe('required options', () => {
  it('an empty required field without a default is an error', () => {
    const { fields } = optionFields({
      type: 'object',
      properties: { steps: { type: 'integer' } },
      required: ['steps'],
    });
    expect(parseOptions(fields, { steps: '' }).errors).toEqual({ steps: 'required' });
    expect(parseOptions(fields, { steps: '3' })).toEqual({ options: { steps: 3 }, errors: {} });
  });
});

describe('options that need app data', () => {
  const sd = {
    type: 'object',
    properties: {
      modelId: { 'x-studio': 'model', title: 'Model', type: 'integer', exclusiveMinimum: 0 },
      steps: { default: 20, type: 'integer', minimum: 1, maximum: 150 },
    },
  };

  it("a model hint makes a model field that starts empty (the project's default) and is left out", () => {
    const { fields } = optionFields(sd);
    expect(fields[0]).toEqual({
      ...{ key: 'modelId', label: 'Model', description: null, required: false },
      ...{ kind: 'model', default: null },
    });
    const values = initialValues(fields);
    expect(values.modelId).toBe('');
    expect(parseOptions(fields, values)).toEqual({ options: { steps: 20 }, errors: {} });
    expect(parseOptions(fields, { ...values, modelId: 3 }).options).toEqual({ modelId: 3, steps: 20 });
    expect(parseOptions(fields, { ...values, modelId: 'x' }).errors).toEqual({ modelId: 'pick a model' });
    expect(needsModel(sd)).toBe(true);
    expect(needsModel(schema)).toBe(false);
  });

  it('the hint on anything but a number is ignored', () => {
    const { fields } = optionFields({
      type: 'object',
      properties: { name: { 'x-studio': 'model', type: 'string' } },
    });
    expect(fields[0]?.kind).toBe('string');
  });
});

describe('number steps', () => {
  it('takes multipleOf, 1 for integers, a round twentieth of a bounded range, else any', () => {
    expect(numberStep('number', 0, 30, null)).toBe(0.5);
    expect(numberStep('number', 0, 2, null)).toBe(0.05);
    expect(numberStep('number', 0, 1, null)).toBe(0.05);
    expect(numberStep('number', 0, 1000, null)).toBe(50);
    expect(numberStep('integer', 1, 150, null)).toBe(1);
    expect(numberStep('number', 0, 1, 0.25)).toBe(0.25);
    expect(numberStep('number', 0, null, null)).toBeNull();
    expect(optionFields(schema).fields[1]).toMatchObject({ key: 'faceDefectRate', step: 0.05 });
  });
});
