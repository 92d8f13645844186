/**
 * @file The review grid's filter and sort as the page edits them, and their translation into the
 * contract's `ReviewFilter` / `ReviewSort`: states toggled on and off, a score range per check
 * (sent only where narrowed from the check's full slider range, so untouched sliders never drop
 * unscored variants), generator, prompt text, pose tag and run. Also the state labels and the
 * count of each state in `ReviewCounts`. Pure.
 */
import type {
  CheckInfo,
  ReviewCounts,
  ReviewFilter,
  ReviewSort,
  ReviewState,
  ScoreRange,
} from '../../../../src-main/contract';

export const REVIEW_STATES: readonly ReviewState[] = [
  'unreviewed',
  'accepted',
  'rejected-hand',
  'rejected-auto',
];

export const STATE_LABELS: Record<ReviewState, string> = {
  unreviewed: 'Unreviewed',
  accepted: 'Accepted',
  'rejected-hand': 'Rejected by hand',
  'rejected-auto': 'Rejected by rules',
};

export type FilterState = {
  /** States shown; empty means all. */
  states: readonly ReviewState[];
  /** Check id -> [min, max] chosen on its slider; absent: the whole range. */
  ranges: Readonly<Record<string, readonly [number, number]>>;
  /** '' for any. */
  generator: string;
  /** Case-insensitive substring of the prompt; '' for any. */
  prompt: string;
  /** A pose tag; '' for any. */
  tag: string;
  runId: number | null;
};

export const EMPTY_FILTER: FilterState = {
  states: [],
  ranges: {},
  generator: '',
  prompt: '',
  tag: '',
  runId: null,
};

export const DEFAULT_SORT: ReviewSort = { by: 'pose', dir: 'worst-first' };

/** Flip one state in or out of the filter, keeping the canonical order. */
export function toggleState(filter: FilterState, state: ReviewState): FilterState {
  const on = new Set(filter.states);
  if (on.has(state)) on.delete(state);
  else on.add(state);
  return { ...filter, states: REVIEW_STATES.filter((s) => on.has(s)) };
}

/** Set a check's range; a range covering the whole slider removes the check from the filter. */
export function setRange(
  filter: FilterState,
  check: CheckInfo,
  range: readonly [number, number],
): FilterState {
  const lo = Math.max(check.min, Math.min(range[0], range[1]));
  const hi = Math.min(check.max, Math.max(range[0], range[1]));
  const ranges = { ...filter.ranges };
  if (lo <= check.min && hi >= check.max) delete ranges[check.id];
  else ranges[check.id] = [lo, hi];
  return { ...filter, ranges };
}

/** The range shown on a check's slider. */
export function rangeOf(filter: FilterState, check: CheckInfo): readonly [number, number] {
  return filter.ranges[check.id] ?? [check.min, check.max];
}

/** A slider end at the edge of the range is open: values beyond the slider's range still match. */
function scoreRange(check: CheckInfo, [lo, hi]: readonly [number, number]): ScoreRange | null {
  const range: ScoreRange = { check: check.id };
  if (lo > check.min) range.min = lo;
  if (hi < check.max) range.max = hi;
  return range.min === undefined && range.max === undefined ? null : range;
}

/** The contract filter: only the parts that narrow; ranges of checks the studio no longer lists are dropped. */
export function toReviewFilter(filter: FilterState, checks: readonly CheckInfo[]): ReviewFilter {
  const out: ReviewFilter = {};
  if (filter.states.length > 0 && filter.states.length < REVIEW_STATES.length)
    out.states = [...filter.states];
  const scores = checks
    .filter((check) => filter.ranges[check.id] !== undefined)
    .map((check) => scoreRange(check, filter.ranges[check.id]!))
    .filter((range): range is ScoreRange => range !== null);
  if (scores.length > 0) out.scores = scores;
  if (filter.generator !== '') out.generator = filter.generator;
  const prompt = filter.prompt.trim();
  if (prompt !== '') out.promptContains = prompt.slice(0, 200);
  if (filter.tag !== '') out.tag = filter.tag;
  if (filter.runId !== null) out.runId = filter.runId;
  return out;
}

/** The filter without its states: what the rules and the scoring job work on (they pick states themselves). */
export function withoutStates(filter: ReviewFilter): ReviewFilter {
  const { states: _states, ...rest } = filter;
  return rest;
}

export function isFiltered(filter: FilterState): boolean {
  return (
    filter.states.length > 0 ||
    Object.keys(filter.ranges).length > 0 ||
    filter.generator !== '' ||
    filter.prompt.trim() !== '' ||
    filter.tag !== '' ||
    filter.runId !== null
  );
}

/** A stable key of a query (key order fixed by construction), for caches and scroll resets. */
export function reviewQueryKey(filter: ReviewFilter, sort: ReviewSort): string {
  return JSON.stringify([filter, sort]);
}

export function countOf(counts: ReviewCounts, state: ReviewState): number {
  switch (state) {
    case 'unreviewed':
      return counts.unreviewed;
    case 'accepted':
      return counts.accepted;
    case 'rejected-hand':
      return counts.rejectedHand;
    case 'rejected-auto':
      return counts.rejectedAuto;
  }
}

export type SortOption = { value: string; label: string; sort: ReviewSort };

/** Pose order, then each check worst first and best first. */
export function sortOptions(checks: readonly CheckInfo[]): SortOption[] {
  const options: SortOption[] = [{ value: 'pose', label: 'Pose', sort: DEFAULT_SORT }];
  for (const check of checks) {
    for (const dir of ['worst-first', 'best-first'] as const) {
      options.push({
        value: `${check.id}:${dir}`,
        label: `${check.label}, ${dir === 'worst-first' ? 'worst first' : 'best first'}`,
        sort: { by: check.id, dir },
      });
    }
  }
  return options;
}

export function sortValue(sort: ReviewSort): string {
  return sort.by === 'pose' ? 'pose' : `${sort.by}:${sort.dir}`;
}
