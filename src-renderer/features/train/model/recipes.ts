/**
 * @file What the Train form says about each recipe, model preset and group key: one line per
 * recipe, its default group key (what makes two variants positives), and the recipe's own
 * hyperparameter fields (temperatures, loss weights, projection head widths) with the contract's
 * defaults. Values follow src-main/contract/training.ts and shared/research/methods.md. Pure.
 */
import type { GroupBy, ModelPreset, RecipeName } from '../../../../src-main/contract';

export type RecipeField = {
  /** Path inside the recipe config (`temperature`, `head.hidden`). */
  key: string;
  label: string;
  help: string;
  /** The contract's default, as typed text. */
  initial: string;
  /** Whole numbers only (head widths). */
  whole: boolean;
};

export type RecipeInfo = {
  name: RecipeName;
  label: string;
  summary: string;
  groupBy: GroupBy;
  fields: readonly RecipeField[];
};

const HEAD_FIELDS: readonly RecipeField[] = [
  {
    key: 'head.hidden',
    label: 'Head hidden width',
    help: 'Linear-GELU-Linear projection head',
    initial: '512',
    whole: true,
  },
  {
    key: 'head.out',
    label: 'Head output width',
    help: 'embedding the loss sees',
    initial: '128',
    whole: true,
  },
];

const temperature = (help: string, initial = '0.1'): RecipeField => ({
  key: 'temperature',
  label: 'Temperature (τ)',
  help,
  initial,
  whole: false,
});

export const RECIPES: readonly RecipeInfo[] = [
  {
    name: 'genpoccl',
    label: 'GenPoCCL',
    summary:
      'Variants generated from the same pose are positives: a multi-positive loss on the [POSE] token plus HAP’s two-view alignment on [CLS].',
    groupBy: 'pose',
    fields: [
      { key: 'mpTemperature', label: 'L_mp temperature', help: '[POSE] token', initial: '0.1', whole: false },
      { key: 'mpWeight', label: 'L_mp weight (γ2)', help: '0 turns it off', initial: '0.05', whole: false },
      {
        key: 'alignTemperature',
        label: 'L_align temperature',
        help: '[CLS] token',
        initial: '0.2',
        whole: false,
      },
      {
        key: 'alignWeight',
        label: 'L_align weight (γ1)',
        help: '0 turns it off',
        initial: '0.05',
        whole: false,
      },
      ...HEAD_FIELDS,
    ],
  },
  {
    name: 'stablerep',
    label: 'StableRep',
    summary:
      'Images that share a group key (the prompt by default) are all positives of each other: a multi-positive contrastive loss on [CLS].',
    groupBy: 'prompt',
    fields: [temperature('StableRep uses 0.1'), ...HEAD_FIELDS],
  },
  {
    name: 'simclr',
    label: 'SimCLR',
    summary:
      'Two augmented views of the same image are the only positives; the rest of the batch are negatives (symmetric InfoNCE on [CLS]).',
    groupBy: 'pose',
    fields: [temperature('0.1 to 0.2 is usual'), ...HEAD_FIELDS],
  },
];

export function recipeInfo(name: RecipeName): RecipeInfo {
  const info = RECIPES.find((recipe) => recipe.name === name);
  if (info === undefined) throw new Error(`unknown recipe ${name}`);
  return info;
}

/** Every recipe's fields at their defaults, keyed by recipe then field key. */
export function initialRecipeValues(): Record<RecipeName, Record<string, string>> {
  const entries = RECIPES.map(
    (recipe) =>
      [recipe.name, Object.fromEntries(recipe.fields.map((field) => [field.key, field.initial]))] as const,
  );
  return Object.fromEntries(entries) as Record<RecipeName, Record<string, string>>;
}

export const PRESETS: ReadonlyArray<{ value: ModelPreset; label: string; help: string }> = [
  { value: 'micro', label: 'Micro', help: 'the smallest ViT: a quick check that everything runs' },
  { value: 'tiny', label: 'Tiny', help: '64 × 64 images, 4 blocks of width 96: a first run on any laptop' },
  {
    value: 'small',
    label: 'Small',
    help: '128 × 64 person crops, 6 blocks of width 192 (about 2.7M parameters)',
  },
];

export const GROUP_KEYS: ReadonlyArray<{ value: GroupBy; label: string }> = [
  { value: 'pose', label: 'Same pose' },
  { value: 'prompt', label: 'Same prompt' },
  { value: 'identity', label: 'Same identity' },
];
