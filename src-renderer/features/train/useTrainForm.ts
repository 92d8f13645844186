/**
 * @file The Train form's state and what it derives: validation with the contract's schema, the
 * dataset summary (`train.dataset`, asked again a moment after the dataset, batch or seed fields
 * stop changing, and after catalog changes to variants such as reviews), whether Start may be
 * pressed, and submit (`train.start`).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DatasetSummary, RecipeName, TrainRun } from '../../../src-main/contract';
import { useApi } from '../../api/ApiContext';
import { useAction, useQuery, type ActionState } from '../../api/hooks';
import { useThrottledEvent } from '../generate/useGenerateData';
import {
  DEFAULT_TRAIN_FORM,
  datasetInput,
  validateTrainForm,
  type TrainFormState,
  type TrainValidated,
} from './model/trainForm';

const DATA_ENTITIES: ReadonlySet<string> = new Set(['variants', 'runs', 'project']);

/** The summary is asked for this long after the last keystroke. */
export const SUMMARY_DEBOUNCE_MS = 250;

/** `value` once it has not changed for `delayMs` (compared as JSON). */
export function useDebounced<T>(value: T, delayMs: number): T {
  const json = JSON.stringify(value);
  const [settled, setSettled] = useState(json);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(json), delayMs);
    return () => clearTimeout(timer);
  }, [json, delayMs]);
  return useMemo(() => JSON.parse(settled) as T, [settled]);
}

export type SummaryState = {
  summary: DatasetSummary | undefined;
  /** The form changed since the summary shown was asked for. */
  pending: boolean;
  error: unknown;
};

export type TrainForm = {
  state: TrainFormState;
  update(patch: Partial<TrainFormState>): void;
  setRecipeValue(recipe: RecipeName, key: string, value: string): void;
  validated: TrainValidated;
  errors: Record<string, string>;
  summary: SummaryState;
  /** Why Start is disabled, or null when it may be pressed. */
  blocked: string | null;
  action: ActionState;
  submit(): Promise<TrainRun | undefined>;
};

function blockedReason(validated: TrainValidated, summary: SummaryState): string | null {
  if (!validated.ok) return 'fix the fields marked above';
  if (summary.error) return null;
  if (summary.summary === undefined || summary.pending) return 'checking the dataset…';
  if (summary.summary.problems.length > 0) return 'the dataset has problems (see above)';
  return null;
}

export function useTrainForm(): TrainForm {
  const { client } = useApi();
  const [state, setState] = useState<TrainFormState>(DEFAULT_TRAIN_FORM);
  const validated = useMemo(() => validateTrainForm(state), [state]);
  const question = datasetInput(validated);
  const asked = useDebounced(question, SUMMARY_DEBOUNCE_MS);
  const query = useQuery('train.dataset', asked, { live: false });
  // Reviews, new variants and project switches change what would train; training events do not.
  useThrottledEvent('catalog.changed', (change) => DATA_ENTITIES.has(change.entity), query.refetch);
  // Keep showing the last answer while the next one is asked for (no flicker while typing); set
  // during render, React's pattern for state derived from a changing value.
  const [last, setLast] = useState<DatasetSummary | undefined>(undefined);
  if (query.data !== undefined && query.data !== last) setLast(query.data);
  const summary: SummaryState = {
    summary: query.data ?? last,
    pending: query.loading || JSON.stringify(asked) !== JSON.stringify(question),
    error: query.error,
  };
  const action = useAction();
  const update = useCallback((patch: Partial<TrainFormState>) => setState((s) => ({ ...s, ...patch })), []);
  const setRecipeValue = useCallback(
    (recipe: RecipeName, key: string, value: string) =>
      setState((s) => ({
        ...s,
        recipeValues: { ...s.recipeValues, [recipe]: { ...s.recipeValues[recipe], [key]: value } },
      })),
    [],
  );
  const submit = () =>
    action.run(async () => {
      if (!validated.ok) throw new Error('fix the fields marked above first');
      return client.call('train.start', validated.request);
    });
  return {
    ...{ state, update, setRecipeValue, validated, summary, action, submit },
    errors: validated.ok ? {} : validated.errors,
    blocked: blockedReason(validated, summary),
  };
}
