/**
 * @file Data hooks of the Review page: the paged row store (`review.page`, invalidated when
 * variants, scores or decisions change, throttled so a scoring job's stream of `catalog.changed`
 * does not refetch per event), the checks (`quality.checks`), the filter's choices (generators,
 * runs, tags), the recent decision batches, the debounced rules preview and one variant's scores
 * and faces for the large preview.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type {
  CheckInfo,
  EventPayload,
  QualityRule,
  ReviewFilter,
  RulePreview,
  VariantScores,
} from '../../../src-main/contract';
import { useApi } from '../../api/ApiContext';
import { useQuery } from '../../api/hooks';
import { useThrottledEvent } from '../generate/useGenerateData';
import { reviewQueryKey } from './model/filters';
import { ReviewStore, type ReviewQuery } from './model/reviewStore';
import { useDebouncedValue } from './useDebounced';

/** Variants shown per pose row (the contract allows up to 64). */
export const VARIANTS_PER_ROW = 16;
/** Rules preview: wait this long after the last edit. */
export const PREVIEW_DEBOUNCE_MS = 250;

type CatalogEntity = EventPayload<'catalog.changed'>['entity'];

const GRID_ENTITIES: ReadonlySet<CatalogEntity> = new Set([
  'variants',
  'scores',
  'decisions',
  'poses',
  'tags',
]);

export type ReviewStoreState = { store: ReviewStore; key: string; version: number };

export function useReviewStore(query: ReviewQuery): ReviewStoreState {
  const { client } = useApi();
  const [store] = useState(
    () =>
      new ReviewStore(
        (q, offset, limit) =>
          client.call('review.page', {
            ...{ filter: q.filter, sort: q.sort, offset, limit },
            variantsPerRow: VARIANTS_PER_ROW,
          }),
        query,
      ),
  );
  const key = reviewQueryKey(query.filter, query.sort);
  useEffect(() => {
    store.setQuery(query);
    // The grid asks for its visible range once it knows the total; the first page tells it.
    if (store.summary === null) store.ensure(0, 0);
    // query is described completely by key
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, key]);
  useThrottledEvent(
    'catalog.changed',
    (change) => GRID_ENTITIES.has(change.entity),
    () => store.invalidate(),
  );
  useThrottledEvent(
    'variants.created',
    () => true,
    () => store.invalidate(),
  );
  const version = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return { store, key, version };
}

export function useChecks(): { checks: CheckInfo[] | undefined; error: unknown } {
  const query = useQuery('quality.checks', {}, { live: false });
  return { checks: query.data?.items, error: query.error };
}

export type FilterChoices = { generators: string[]; runs: number[]; tags: string[] };

/** Generators, runs and tags to filter by. */
export function useFilterChoices(): FilterChoices {
  const generators = useQuery('generators.list', {}, { live: false });
  const runs = useQuery('generate.runs', { limit: 200 }, { live: false });
  const tags = useQuery('tags.list', {}, { live: false });
  useThrottledEvent('catalog.changed', (c) => c.entity === 'runs', runs.refetch);
  useThrottledEvent('catalog.changed', (c) => c.entity === 'tags' || c.entity === 'poses', tags.refetch);
  return {
    generators: generators.data?.items.map((g) => g.id) ?? [],
    runs: runs.data?.items.map((r) => r.id).sort((a, b) => b - a) ?? [],
    tags: tags.data?.items.map((t) => t.tag).sort() ?? [],
  };
}

export function useBatches(limit = 6) {
  const query = useQuery('review.batches', { limit }, { live: false });
  useThrottledEvent('catalog.changed', (c) => c.entity === 'decisions', query.refetch);
  return { batches: query.data?.items, error: query.error, refetch: query.refetch };
}

export type PreviewState = { preview: RulePreview | undefined; loading: boolean; error: unknown };

/** `quality.preview` of the rules, settled PREVIEW_DEBOUNCE_MS after the last edit; null when no rule is on. */
export function useRulesPreview(rules: QualityRule[], filter: ReviewFilter, sample = 6): PreviewState {
  const input = JSON.stringify({ rules, filter, sample });
  const settled = useDebouncedValue(input, PREVIEW_DEBOUNCE_MS);
  const query = useQuery(
    'quality.preview',
    rules.length === 0
      ? null
      : (JSON.parse(settled) as { rules: QualityRule[]; filter: ReviewFilter; sample: number }),
    { live: false },
  );
  useThrottledEvent(
    'catalog.changed',
    (c) => c.entity === 'scores' || c.entity === 'decisions',
    query.refetch,
  );
  return {
    preview: rules.length === 0 ? undefined : query.data,
    loading: settled !== input || query.loading,
    error: query.error,
  };
}

/** Scores and detected faces of one variant (undefined until answered, null when unscored). */
export function useVariantScores(id: number | null): VariantScores | null | undefined {
  const query = useQuery('quality.scores', id === null ? null : { ids: [id] }, { live: false });
  useThrottledEvent('catalog.changed', (c) => c.entity === 'scores', query.refetch);
  if (query.data === undefined) return undefined;
  return query.data.items.find((item) => item.variantId === id) ?? null;
}
