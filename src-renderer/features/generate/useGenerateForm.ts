/**
 * @file The Generate form's state and what it derives: the generators and tags to pick from (the
 * generators fetched again when models change, as a model decides whether SD can run), the pose
 * target and its count (`poses.count`), planned variants, option fields from the generator's
 * schema, prompt previews, validation, and submit (`generate.start`, with a select-all that has
 * exclusions resolved to ids first).
 */
import { useCallback, useMemo, useState } from 'react';
import type { EventPayload, GenerationRun, GeneratorInfo, TagCount } from '../../../src-main/contract';
import { useApi } from '../../api/ApiContext';
import { useAction, useQuery, type ActionState } from '../../api/hooks';
import { useLibraryView } from '../poses/LibraryShareContext';
import { hasSelection, type LibraryView } from '../poses/model/libraryShare';
import type { IdFetcher } from '../poses/model/selectionTarget';
import {
  DEFAULT_FORM,
  parseWhole,
  plannedVariants,
  validateForm,
  type GenerateFormState,
  type Validated,
} from './model/generateForm';
import { initialValues, optionFields, type OptionField, type OptionValues } from './model/optionsSchema';
import { poseTarget, requestFilter, targetCount, type PoseTarget } from './model/poseTarget';
import { previewSeeds, samplePrompt } from './model/promptTemplate';
import { useThrottledEvent } from './useGenerateData';

export const PREVIEW_COUNT = 3;

/**
 * Changes after which the generator list is fetched again: a model added or removed, and a
 * project change (also what a reconnect announces, as model events may have been missed). Not
 * every catalog change: a run emits them per committed batch.
 */
const GENERATOR_ENTITIES: ReadonlySet<EventPayload<'catalog.changed'>['entity']> = new Set([
  'models',
  'project',
]);

export type GenerateForm = {
  state: GenerateFormState;
  update(patch: Partial<GenerateFormState>): void;
  setGenerator(id: string): void;
  setOption(key: string, value: string | number | boolean): void;
  view: LibraryView | null;
  generators: GeneratorInfo[] | undefined;
  generator: GeneratorInfo | null;
  tags: TagCount[];
  target: PoseTarget;
  poseCount: number | null;
  planned: number | null;
  fields: OptionField[];
  skippedOptions: string[];
  optionValues: OptionValues;
  previews: Array<{ seed: number; prompt: string }>;
  validated: Validated;
  loadError: unknown;
  action: ActionState;
  submit(): Promise<GenerationRun | undefined>;
};

export function useGenerateForm(): GenerateForm {
  const { client } = useApi();
  const view = useLibraryView();
  const [state, setState] = useState<GenerateFormState>(() => ({
    ...DEFAULT_FORM,
    poses: hasSelection(view) ? { kind: 'selection' } : { kind: 'all' },
  }));
  const [exampleBase] = useState(() => Math.floor(Math.random() * 1_000_000));
  const generatorsQuery = useQuery('generators.list', {}, { live: false });
  useThrottledEvent(
    'catalog.changed',
    (change) => GENERATOR_ENTITIES.has(change.entity),
    generatorsQuery.refetch,
  );
  const tagsQuery = useQuery('tags.list', {});
  const generators = generatorsQuery.data?.items;
  // The chosen generator, else (the default is not installed) the first one that can run.
  const generator =
    generators?.find((candidate) => candidate.id === state.generator) ??
    generators?.find((candidate) => candidate.available) ??
    null;
  const { fields, skipped } = useMemo(
    () => optionFields(generator?.optionsSchema ?? {}),
    [generator?.optionsSchema],
  );
  const optionValues = useMemo(
    () => ({ ...initialValues(fields), ...state.options }),
    [fields, state.options],
  );
  const target = poseTarget(state.poses, view);
  const countQuery = useQuery('poses.count', target.kind === 'filter' ? { filter: target.filter } : null);
  const poseCount = targetCount(target, countQuery.data?.count ?? null);
  const seed = parseWhole(state.seed, 0, 2 ** 31 - 1);
  const previews = previewSeeds(state.seedMode, seed.ok ? seed.value : 0, PREVIEW_COUNT, exampleBase).map(
    (previewSeed) => ({ seed: previewSeed, prompt: samplePrompt(state.promptTemplate, previewSeed) }),
  );
  const validated = validateForm(
    { ...state, generator: generator?.id ?? state.generator, options: optionValues },
    {
      generator: generators === undefined ? undefined : generator,
      optionFields: fields,
      poseCount,
      posesProblem: target.kind === 'none' ? target.reason : null,
    },
  );
  const action = useAction();
  const update = useCallback(
    (patch: Partial<GenerateFormState>) => setState((s) => ({ ...s, ...patch })),
    [],
  );
  const fetchIds: IdFetcher = useCallback(
    async (filter, afterId, limit) => (await client.call('poses.ids', { filter, afterId, limit })).ids,
    [client],
  );

  const submit = () =>
    action.run(async () => {
      if (!validated.ok) throw new Error('fix the fields marked above first');
      const poses = await requestFilter(target, fetchIds, poseCount ?? 0);
      return client.call('generate.start', { ...validated.request, poses });
    });

  return {
    ...{ state, update, view, generators, generator, tags: tagsQuery.data?.items ?? [], target },
    ...{ poseCount, planned: plannedVariants(poseCount, state.variantsPerPose), fields },
    ...{ skippedOptions: skipped, optionValues, previews, validated, action, submit },
    loadError: generatorsQuery.error ?? tagsQuery.error ?? countQuery.error,
    setGenerator: (id) => update({ generator: id, options: {} }),
    setOption: (key, value) => update({ options: { ...state.options, [key]: value } }),
  };
}
