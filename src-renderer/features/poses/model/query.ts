/**
 * @file The library's query state as the filter bar edits it, and its translation to the
 * contract's `PoseFilter`/`PoseSort`, plus the stable key the page cache uses. Pure.
 */
import type { PoseFilter, PoseFormat, PoseSort } from '../../../../src-main/contract';

/** Tag choice: any tag, poses without tags, or one tag. */
export type TagChoice = { kind: 'any' } | { kind: 'untagged' } | { kind: 'tag'; tag: string };

export type FilterState = {
  tag: TagChoice;
  /** Import batch id, or null for every source. */
  importId: number | null;
  minLabeled: number | null;
  maxLabeled: number | null;
  format: PoseFormat | null;
};

export type SortState = PoseSort;

export const EMPTY_FILTER: FilterState = {
  tag: { kind: 'any' },
  importId: null,
  minLabeled: null,
  maxLabeled: null,
  format: null,
};

export const DEFAULT_SORT: SortState = { by: 'id', dir: 'asc' };

export const SORT_FIELDS: ReadonlyArray<{ value: SortState['by']; label: string }> = [
  { value: 'id', label: 'Id' },
  { value: 'created', label: 'Created' },
  { value: 'updated', label: 'Updated' },
  { value: 'labeled', label: 'Labeled keypoints' },
  { value: 'area', label: 'Box area' },
];

export function toPoseFilter(state: FilterState): PoseFilter {
  const filter: PoseFilter = {};
  if (state.tag.kind === 'tag') filter.tags = [state.tag.tag];
  if (state.tag.kind === 'untagged') filter.untagged = true;
  if (state.importId !== null) filter.importIds = [state.importId];
  if (state.format !== null) filter.format = state.format;
  if (state.minLabeled !== null) filter.minLabeled = state.minLabeled;
  if (state.maxLabeled !== null) filter.maxLabeled = state.maxLabeled;
  return filter;
}

export function isFiltered(state: FilterState): boolean {
  return Object.keys(toPoseFilter(state)).length > 0;
}

/** Stable cache key of a filter + sort: same meaning, same key (property order does not matter). */
export function queryKey(filter: PoseFilter, sort: SortState): string {
  const entries = Object.entries(filter)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([entries, sort.by, sort.dir]);
}

/** Parse a keypoint-count field: empty → null, else an integer clamped to 0..17. */
export function parseLabeledBound(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return null;
  return Math.min(17, Math.max(0, Math.round(value)));
}

/** TagChoice <-> the value of a <select>. */
export function tagChoiceValue(choice: TagChoice): string {
  return choice.kind === 'tag' ? `tag:${choice.tag}` : choice.kind;
}

export function parseTagChoice(value: string): TagChoice {
  if (value.startsWith('tag:')) return { kind: 'tag', tag: value.slice(4) };
  return value === 'untagged' ? { kind: 'untagged' } : { kind: 'any' };
}
