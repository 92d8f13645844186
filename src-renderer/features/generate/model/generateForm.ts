/**
 * @file The Generate form's state, its defaults (5 variants per pose as in GenCOCO, 256 px,
 * increment seeds, the mannequin generator) and validation into a `generate.start` request (all but
 * `poses`, which is resolved from the pose target at submit). Fields are kept as typed text and
 * parsed here, so every error can be shown next to its field. Pure.
 */
import type { GenerateRequest, GeneratorInfo, SeedMode } from '../../../../src-main/contract';
import { parseOptions, type OptionField, type OptionValues } from './optionsSchema';
import type { PoseChoice } from './poseTarget';
import { parseTemplate } from './promptTemplate';

export type GenerateFormState = {
  poses: PoseChoice;
  variantsPerPose: string;
  generator: string;
  options: OptionValues;
  promptTemplate: string;
  seedMode: SeedMode;
  seed: string;
  width: string;
  height: string;
};

export const DEFAULT_FORM: GenerateFormState = {
  poses: { kind: 'all' },
  variantsPerPose: '5',
  generator: 'mannequin',
  options: {},
  promptTemplate: '',
  seedMode: 'increment',
  seed: '0',
  width: '256',
  height: '256',
};

export const LIMITS = {
  variantsPerPose: { min: 1, max: 64 },
  size: { min: 64, max: 2048 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  promptLength: 2000,
} as const;

export const SEED_MODES: ReadonlyArray<{ value: SeedMode; label: string; help: string }> = [
  { value: 'increment', label: 'Increment', help: 'every item of the run gets the next seed' },
  {
    value: 'fixed',
    label: 'Fixed',
    help: 'variant k gets seed + k on every pose: the same people across poses',
  },
  { value: 'random', label: 'Random', help: 'a seed per item, hashed from the run, this seed and the item' },
];

export type FieldName =
  'poses' | 'variantsPerPose' | 'generator' | 'promptTemplate' | 'seed' | 'width' | 'height';

export type FormErrors = Partial<Record<FieldName, string>> & { options?: Record<string, string> };

export type FormContext = {
  /** The chosen generator; null when none is installed, undefined while the list loads. */
  generator: GeneratorInfo | null | undefined;
  optionFields: readonly OptionField[];
  /** Poses the target holds (null while counting); 0 is an error. */
  poseCount: number | null;
  /** Why the pose choice is not usable, if it is not. */
  posesProblem: string | null;
};

type Parsed = { ok: true; value: number } | { ok: false; error: string };

/** A whole number in [min, max] from typed text. */
export function parseWhole(text: string, min: number, max: number): Parsed {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'required' };
  const value = Number(trimmed);
  if (!Number.isFinite(value) || !Number.isInteger(value))
    return { ok: false, error: 'must be a whole number' };
  if (value < min || value > max) {
    return {
      ok: false,
      error: `must be between ${min.toLocaleString('en-US')} and ${max.toLocaleString('en-US')}`,
    };
  }
  return { ok: true, value };
}

/** Variants the run will make (poses × variants per pose), null while either is unknown. */
export function plannedVariants(poseCount: number | null, variantsPerPose: string): number | null {
  const per = parseWhole(variantsPerPose, LIMITS.variantsPerPose.min, LIMITS.variantsPerPose.max);
  return poseCount === null || !per.ok ? null : poseCount * per.value;
}

export type Validated =
  { ok: true; request: Omit<GenerateRequest, 'poses'> } | { ok: false; errors: FormErrors };

export function validateForm(state: GenerateFormState, context: FormContext): Validated {
  const errors: FormErrors = {};
  if (context.posesProblem !== null) errors.poses = context.posesProblem;
  else if (context.poseCount === 0) errors.poses = 'no pose matches: nothing to generate';
  const variants = parseWhole(state.variantsPerPose, LIMITS.variantsPerPose.min, LIMITS.variantsPerPose.max);
  if (!variants.ok) errors.variantsPerPose = variants.error;
  const width = parseWhole(state.width, LIMITS.size.min, LIMITS.size.max);
  if (!width.ok) errors.width = width.error;
  const height = parseWhole(state.height, LIMITS.size.min, LIMITS.size.max);
  if (!height.ok) errors.height = height.error;
  const seed = parseWhole(state.seed, LIMITS.seed.min, LIMITS.seed.max);
  if (!seed.ok) errors.seed = seed.error;
  const template = parseTemplate(state.promptTemplate);
  if (state.promptTemplate.length > LIMITS.promptLength) {
    errors.promptTemplate = `at most ${LIMITS.promptLength} characters`;
  } else if (!template.ok) errors.promptTemplate = template.error;
  if (context.generator === null) errors.generator = 'no generator is installed in this studio';
  else if (context.generator !== undefined && !context.generator.available) {
    errors.generator = context.generator.unavailableReason ?? 'this generator cannot run now';
  }
  const options = parseOptions(context.optionFields, state.options);
  if (Object.keys(options.errors).length > 0) errors.options = options.errors;
  const loading = context.generator === undefined;
  if (loading || !variants.ok || !width.ok || !height.ok || !seed.ok || Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    request: {
      variantsPerPose: variants.value,
      generator: state.generator,
      width: width.value,
      height: height.value,
      promptTemplate: state.promptTemplate,
      seedMode: state.seedMode,
      seed: seed.value,
      options: options.options,
    },
  };
}
