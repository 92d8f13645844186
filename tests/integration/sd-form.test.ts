/**
 * Integration: the JSON Schema that `generators.list` gives for `sd-controlnet` (the generator
 * catalog's z.toJSONSchema of its zod options) turns into the Generate form the renderer builds
 * (features/generate/model/optionsSchema.ts): modelId a model select (the `x-studio` hint survives
 * the export, and both sides spell the key the same), the scheduler an enum select, the negative
 * prompt a text field, numbers with bounds and sensible steps; and the form's default values parse
 * back into options the generator accepts, without a modelId (the project's default model).
 */
import { describe, expect, it } from 'vitest';
import { GeneratorCatalog } from '../../src-main/core/node/generatorCatalog';
import { sdControlnetGenerator } from '../../src-main/core/generate/sd/node/sdGenerator';
import { SdOptionsSchema, STUDIO_HINT } from '../../src-main/core/generate/sd/node/sdGeneratorOptions';
import {
  STUDIO_HINT as FORM_HINT,
  initialValues,
  needsModel,
  optionFields,
  parseOptions,
} from '../../src-renderer/features/generate/model/optionsSchema';

const info = new GeneratorCatalog(new Map([[sdControlnetGenerator.id, sdControlnetGenerator]])).list()[0]!;

describe('the sd-controlnet options form', () => {
  it('is built from the listed JSON Schema: model select, enum, text, stepped numbers', () => {
    expect(FORM_HINT).toBe(STUDIO_HINT);
    expect(needsModel(info.optionsSchema)).toBe(true);
    const { fields, skipped } = optionFields(info.optionsSchema);
    expect(skipped).toEqual([]);
    const byKey = new Map(fields.map((field) => [field.key, field]));
    expect(byKey.get('modelId')).toMatchObject({ kind: 'model', label: 'Model', required: false });
    expect(byKey.get('scheduler')).toMatchObject({
      kind: 'enum',
      default: 'euler-a',
      choices: expect.arrayContaining(['ddim', 'euler-a', 'lcm']),
    });
    expect(byKey.get('negativePrompt')).toMatchObject({
      kind: 'string',
      label: 'Negative prompt',
      default: '',
    });
    expect(byKey.get('steps')).toMatchObject({ kind: 'integer', min: 1, max: 150, step: 1, default: 20 });
    expect(byKey.get('guidance')).toMatchObject({ kind: 'number', min: 0, max: 30, step: 0.5 });
    expect(byKey.get('controlnetScale')).toMatchObject({ label: 'ControlNet scale', step: 0.05 });
    expect(byKey.get('controlEnd')).toMatchObject({ min: 0, max: 1, step: 0.05, default: 1 });
  });

  it("parses its defaults into options the generator accepts, leaving the model to the project's default", () => {
    const { fields } = optionFields(info.optionsSchema);
    const { options, errors } = parseOptions(fields, initialValues(fields));
    expect(errors).toEqual({});
    expect(options).not.toHaveProperty('modelId');
    const parsed = SdOptionsSchema.parse(options);
    expect(parsed).toMatchObject({ steps: 20, guidance: 7.5, scheduler: 'euler-a', controlnetScale: 1 });
    const picked = parseOptions(fields, { ...initialValues(fields), modelId: 2, steps: '4' }).options;
    expect(SdOptionsSchema.parse(picked)).toMatchObject({ modelId: 2, steps: 4 });
  });
});
