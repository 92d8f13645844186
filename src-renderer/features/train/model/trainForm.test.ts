import { describe, expect, it } from 'vitest';
import { TrainRequestSchema } from '../../../../src-main/contract';
import {
  DEFAULT_TRAIN_FORM,
  buildRequest,
  datasetInput,
  effectiveGroupBy,
  validateTrainForm,
  type TrainFormState,
} from './trainForm';
import { RECIPES, initialRecipeValues } from './recipes';

const form = (patch: Partial<TrainFormState> = {}): TrainFormState => ({ ...DEFAULT_TRAIN_FORM, ...patch });

describe('Train form validation', () => {
  it('turns the defaults into a request the contract accepts with its own defaults', () => {
    const validated = validateTrainForm(form());
    expect(validated.ok).toBe(true);
    expect(validated.request).toEqual({
      name: '',
      recipe: {
        recipe: 'genpoccl',
        ...{ mpTemperature: 0.1, mpWeight: 0.05, alignTemperature: 0.2, alignWeight: 0.05 },
        head: { hidden: 512, out: 128 },
      },
      dataset: { includeUnreviewed: false, groupBy: 'pose', evalFraction: 0.15 },
      model: { preset: 'tiny' },
      batch: { groups: 8, members: 4 },
      optimizer: { lr: 0.0005, weightDecay: 0.05, warmupSteps: 20 },
      augment: { cropScale: [0.6, 1], colorJitter: 0.4, blur: 0.2, flip: true },
      steps: 500,
      seed: 0,
      checkpointEvery: 100,
    });
    // The form's defaults are the contract's: parsing an empty-ish request gives the same numbers.
    const contract = TrainRequestSchema.parse({ recipe: { recipe: 'genpoccl' } });
    const ours = TrainRequestSchema.parse(validated.request);
    expect(ours).toEqual({ ...contract, dataset: { ...contract.dataset, groupBy: 'pose' } });
  });

  it('keys errors by request path with short messages', () => {
    const validated = validateTrainForm(
      form({
        steps: '1.5',
        lr: '2',
        groups: '',
        members: 'x',
        warmupSteps: '-1',
        evalFraction: '0.9',
        cropMin: '0.01',
        name: 'n'.repeat(201),
        recipeValues: {
          ...initialRecipeValues(),
          genpoccl: { ...initialRecipeValues().genpoccl, mpTemperature: '0' },
        },
      }),
    );
    expect(validated.ok).toBe(false);
    expect(validated.ok ? {} : validated.errors).toEqual({
      steps: 'must be a whole number',
      'optimizer.lr': 'must be at most 1',
      'batch.groups': 'enter a number',
      'batch.members': 'enter a number',
      'optimizer.warmupSteps': 'must be at least 0',
      'dataset.evalFraction': 'must be at most 0.5',
      'augment.cropScale.0': 'must be at least 0.05',
      name: 'at most 200 characters',
      'recipe.mpTemperature': 'must be more than 0',
    });
  });

  it('refuses a crop range that runs backwards and a head width that is not whole', () => {
    const values = initialRecipeValues();
    values.simclr['head.out'] = '64.5';
    const validated = validateTrainForm(
      form({ recipe: 'simclr', recipeValues: values, cropMin: '0.9', cropMax: '0.7' }),
    );
    expect(validated.ok ? {} : validated.errors).toEqual({
      'augment.cropScale.1': 'must be at least the smallest crop',
      'recipe.head.out': 'must be a whole number',
    });
  });

  it('sends only the chosen recipe’s fields, nested as the schema wants them', () => {
    const values = initialRecipeValues();
    values.stablerep.temperature = '0.08';
    values.stablerep['head.hidden'] = '256';
    const request = buildRequest(form({ recipe: 'stablerep', recipeValues: values }));
    expect(request.recipe).toEqual({
      recipe: 'stablerep',
      temperature: 0.08,
      head: { hidden: 256, out: 128 },
    });
  });

  it('groups by the recipe’s key unless the user picks one', () => {
    expect(
      RECIPES.map((recipe) => [recipe.name, effectiveGroupBy({ recipe: recipe.name, groupBy: null })]),
    ).toEqual([
      ['genpoccl', 'pose'],
      ['stablerep', 'prompt'],
      ['simclr', 'pose'],
    ]);
    expect(effectiveGroupBy({ recipe: 'stablerep', groupBy: 'identity' })).toBe('identity');
    expect(buildRequest(form({ recipe: 'stablerep' })).dataset?.groupBy).toBe('prompt');
  });

  it('asks for a dataset summary unless the dataset, batch or seed fields are invalid', () => {
    expect(datasetInput(validateTrainForm(form({ steps: '0', includeUnreviewed: true })))).toEqual({
      recipe: 'genpoccl',
      dataset: { includeUnreviewed: true, groupBy: 'pose', evalFraction: 0.15 },
      batch: { groups: 8, members: 4 },
      seed: 0,
    });
    expect(datasetInput(validateTrainForm(form({ members: '0' })))).toBeNull();
    expect(datasetInput(validateTrainForm(form({ evalFraction: '' })))).toBeNull();
    expect(datasetInput(validateTrainForm(form({ seed: '-3' })))).toBeNull();
  });
});
