/**
 * @file Which poses a generation run takes: the library selection, one tag, or every pose. Turns
 * the choice into the filter to count with (`poses.count`) and, at submit, into the request's
 * `poses` filter: a plain select-all passes the library filter as is, an explicit selection passes
 * `{ids}`, and a select-all with exclusions is resolved to ids with `poses.ids`. Pure apart from
 * the injected id fetcher.
 */
import { StudioError, type PoseFilter } from '../../../../src-main/contract';
import { viewFilter, viewSelectedCount, type LibraryView } from '../../poses/model/libraryShare';
import { MAX_IDS, resolveSelectedIds, type IdFetcher } from '../../poses/model/selectionTarget';

export type PoseChoice = { kind: 'selection' } | { kind: 'tag'; tag: string } | { kind: 'all' };

export type PoseTarget =
  | {
      kind: 'filter';
      /** What `poses.count` and (without exclusions) `generate.start` get. */
      filter: PoseFilter;
      /** Select-all exclusions, subtracted from the count and resolved away at submit. */
      excluded: ReadonlySet<number>;
    }
  | { kind: 'none'; reason: string };

const NO_EXCLUSIONS: ReadonlySet<number> = new Set();

export function poseTarget(choice: PoseChoice, view: LibraryView | null): PoseTarget {
  if (choice.kind === 'all') return { kind: 'filter', filter: {}, excluded: NO_EXCLUSIONS };
  if (choice.kind === 'tag') {
    if (choice.tag === '') return { kind: 'none', reason: 'pick a tag' };
    return { kind: 'filter', filter: { tags: [choice.tag] }, excluded: NO_EXCLUSIONS };
  }
  const selection = view?.selection;
  if (view === null || selection === undefined || viewSelectedCount(view) === 0) {
    return { kind: 'none', reason: 'nothing is selected in the library: select poses on the Poses page' };
  }
  if (selection.kind === 'ids') {
    if (selection.ids.size > MAX_IDS) {
      return { kind: 'none', reason: `a selection takes at most ${MAX_IDS.toLocaleString('en-US')} poses` };
    }
    const ids = [...selection.ids].sort((a, b) => a - b);
    return { kind: 'filter', filter: { ids }, excluded: NO_EXCLUSIONS };
  }
  return { kind: 'filter', filter: viewFilter(view), excluded: selection.excluded };
}

/** Poses the target holds, from the count of its filter (null while unknown). */
export function targetCount(target: PoseTarget, filterCount: number | null): number | null {
  if (target.kind === 'none') return 0;
  if (filterCount === null) return null;
  return Math.max(0, filterCount - target.excluded.size);
}

/** The request's `poses` filter; exclusions are resolved to an id list (at most MAX_IDS). */
export async function requestFilter(
  target: PoseTarget,
  fetchIds: IdFetcher,
  total: number,
): Promise<PoseFilter> {
  if (target.kind === 'none') throw new StudioError('INVALID_INPUT', target.reason);
  if (target.excluded.size === 0) return target.filter;
  const ids = await resolveSelectedIds(
    { kind: 'all', excluded: target.excluded, anchor: null },
    target.filter,
    fetchIds,
    total,
  );
  if (ids.length === 0) throw new StudioError('INVALID_INPUT', 'every pose of the selection is excluded');
  if (ids.length > MAX_IDS) {
    throw new StudioError(
      'INVALID_INPUT',
      `a selection with exclusions takes at most ${MAX_IDS.toLocaleString('en-US')} poses; select all without exclusions, or use a tag`,
    );
  }
  return { ids };
}

/** One line about the library selection for the poses picker. */
export function describeSelection(view: LibraryView | null): string {
  if (view === null) return 'nothing selected';
  const count = viewSelectedCount(view);
  if (count === 0) return 'nothing selected';
  const amount = count === null ? 'all' : count.toLocaleString('en-US');
  const scope = view.selection.kind === 'all' ? ' matching the library filter' : '';
  return `${amount} selected${scope}`;
}
