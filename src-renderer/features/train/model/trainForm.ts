/**
 * @file The Train form's state and its validation into a `train.start` request. Fields are kept
 * as typed text (so a half-typed value stays on screen) and turned into the request's shape here;
 * the contract's own `TrainRequestSchema` then validates it, so the form and every front door
 * agree on the limits. Zod's issues are keyed by their path (`optimizer.lr`, `recipe.head.out`),
 * which is also how the form finds the field to show each error next to. Pure.
 */
import type { z } from 'zod';
import {
  TrainRequestSchema,
  type GroupBy,
  type MethodInput,
  type ModelPreset,
  type RecipeName,
  type TrainRequestInput,
} from '../../../../src-main/contract';
import { initialRecipeValues, recipeInfo } from './recipes';

export type TrainFormState = {
  name: string;
  recipe: RecipeName;
  /** Each recipe's own fields, kept per recipe so switching back keeps what was typed. */
  recipeValues: Record<RecipeName, Record<string, string>>;
  preset: ModelPreset;
  groups: string;
  members: string;
  steps: string;
  lr: string;
  weightDecay: string;
  warmupSteps: string;
  seed: string;
  checkpointEvery: string;
  includeUnreviewed: boolean;
  /** Null: the recipe's default group key. */
  groupBy: GroupBy | null;
  evalFraction: string;
  cropMin: string;
  cropMax: string;
  colorJitter: string;
  blur: string;
  flip: boolean;
};

/** The text fields and the request path their errors come back under. */
export const FIELD_PATHS = {
  name: 'name',
  groups: 'batch.groups',
  members: 'batch.members',
  steps: 'steps',
  lr: 'optimizer.lr',
  weightDecay: 'optimizer.weightDecay',
  warmupSteps: 'optimizer.warmupSteps',
  seed: 'seed',
  checkpointEvery: 'checkpointEvery',
  evalFraction: 'dataset.evalFraction',
  cropMin: 'augment.cropScale.0',
  cropMax: 'augment.cropScale.1',
  colorJitter: 'augment.colorJitter',
  blur: 'augment.blur',
} as const satisfies Partial<Record<keyof TrainFormState, string>>;

export type TextField = keyof typeof FIELD_PATHS;

/** Defaults: the contract's (GenPoCCL on the tiny ViT, 8 poses x 4 variants, 500 steps). */
export const DEFAULT_TRAIN_FORM: TrainFormState = {
  name: '',
  recipe: 'genpoccl',
  recipeValues: initialRecipeValues(),
  preset: 'tiny',
  groups: '8',
  members: '4',
  steps: '500',
  lr: '0.0005',
  weightDecay: '0.05',
  warmupSteps: '20',
  seed: '0',
  checkpointEvery: '100',
  includeUnreviewed: false,
  groupBy: null,
  evalFraction: '0.15',
  cropMin: '0.6',
  cropMax: '1',
  colorJitter: '0.4',
  blur: '0.2',
  flip: true,
};

/** Field errors keyed by request path. */
export type TrainFormErrors = Record<string, string>;

export type TrainValidated =
  | { ok: true; request: TrainRequestInput }
  | { ok: false; errors: TrainFormErrors; request: TrainRequestInput };

/** Typed text to a number; empty or unreadable text becomes NaN, which the schema refuses. */
export function toNumber(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/** The group key the run uses: the chosen one, else the recipe's. */
export function effectiveGroupBy(state: Pick<TrainFormState, 'recipe' | 'groupBy'>): GroupBy {
  return state.groupBy ?? recipeInfo(state.recipe).groupBy;
}

/** `{a: '1', 'head.out': '2'}` to `{a: 1, head: {out: 2}}`. */
function nest(values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(values)) {
    const parts = key.split('.');
    let target = out;
    for (const part of parts.slice(0, -1)) {
      target[part] ??= {};
      target = target[part] as Record<string, unknown>;
    }
    target[parts[parts.length - 1]!] = toNumber(text);
  }
  return out;
}

/** The request the form describes (numbers may be NaN until the user fixes them). */
export function buildRequest(state: TrainFormState): TrainRequestInput {
  const recipe = { recipe: state.recipe, ...nest(state.recipeValues[state.recipe]) };
  return {
    name: state.name.trim(),
    recipe: recipe as TrainRequestInput['recipe'],
    dataset: {
      includeUnreviewed: state.includeUnreviewed,
      groupBy: effectiveGroupBy(state),
      evalFraction: toNumber(state.evalFraction),
    },
    model: { preset: state.preset },
    batch: { groups: toNumber(state.groups), members: toNumber(state.members) },
    optimizer: {
      lr: toNumber(state.lr),
      weightDecay: toNumber(state.weightDecay),
      warmupSteps: toNumber(state.warmupSteps),
    },
    augment: {
      cropScale: [toNumber(state.cropMin), toNumber(state.cropMax)],
      colorJitter: toNumber(state.colorJitter),
      blur: toNumber(state.blur),
      flip: state.flip,
    },
    steps: toNumber(state.steps),
    seed: toNumber(state.seed),
    checkpointEvery: toNumber(state.checkpointEvery),
  };
}

function bound(value: unknown): string {
  return typeof value === 'number' || typeof value === 'bigint'
    ? value.toLocaleString('en-US', { maximumFractionDigits: 6 })
    : String(value);
}

/** A zod issue as a short phrase for the field it belongs to. */
export function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    if (issue.expected === 'int') return 'must be a whole number';
    if (issue.expected === 'number') return 'enter a number';
  }
  if (issue.code === 'too_small' && issue.origin === 'number') {
    return issue.inclusive
      ? `must be at least ${bound(issue.minimum)}`
      : `must be more than ${bound(issue.minimum)}`;
  }
  if (issue.code === 'too_big' && issue.origin === 'number') {
    return issue.inclusive
      ? `must be at most ${bound(issue.maximum)}`
      : `must be less than ${bound(issue.maximum)}`;
  }
  if (issue.code === 'too_big' && issue.origin === 'string')
    return `at most ${bound(issue.maximum)} characters`;
  return issue.message;
}

/** Validate the form with the contract's schema, plus the checks it leaves to the form. */
export function validateTrainForm(state: TrainFormState): TrainValidated {
  const request = buildRequest(state);
  const parsed = TrainRequestSchema.safeParse(request);
  const errors: TrainFormErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join('.');
      errors[key] ??= issueText(issue);
    }
  }
  const [cropMin, cropMax] = request.augment?.cropScale ?? [0, 0];
  if (cropMin > cropMax) errors[FIELD_PATHS.cropMax] ??= 'must be at least the smallest crop';
  return Object.keys(errors).length > 0 ? { ok: false, errors, request } : { ok: true, request };
}

/** The `train.dataset` question the form asks, or null while its parts are invalid. */
export function datasetInput(validated: TrainValidated): MethodInput<'train.dataset'> | null {
  const { request } = validated;
  if (!validated.ok) {
    const blocking = Object.keys(validated.errors).some(
      (key) => key.startsWith('dataset.') || key.startsWith('batch.') || key === 'seed',
    );
    if (blocking) return null;
  }
  return {
    recipe: request.recipe.recipe,
    dataset: request.dataset,
    batch: request.batch as { groups: number; members: number },
    seed: request.seed,
  };
}
