/**
 * @file Turning a selection into what the API takes. `poses.tag/delete/mirror` take ids, so an
 * "all matching the filter" selection is resolved by paging the filter's ids (500 a call, sorted by
 * id so the walk is stable) and the action then runs in chunks. Export takes a filter: the current
 * filter for a plain select-all, else an explicit id list. Pure apart from the injected fetcher.
 */
import { MAX_PAGE, StudioError, type PoseFilter } from '../../../../src-main/contract';
import type { Selection } from './selection';

/** One page of ids matching `filter`, in id order. */
export type IdFetcher = (
  filter: PoseFilter,
  offset: number,
  limit: number,
) => Promise<{ ids: number[]; total: number }>;

/** The contract's cap on ids in one call / one filter. */
export const MAX_IDS = 100_000;
/** Ids per action call, so a long action reports progress and never holds the write lock for long. */
export const ACTION_CHUNK = 5_000;

export type Progress = (done: number, total: number) => void;

export async function resolveSelectedIds(
  selection: Selection,
  filter: PoseFilter,
  fetchIds: IdFetcher,
  onProgress?: Progress,
): Promise<number[]> {
  if (selection.kind === 'ids') return [...selection.ids].sort((a, b) => a - b);
  const ids: number[] = [];
  for (let offset = 0; ; offset += MAX_PAGE) {
    const page = await fetchIds(filter, offset, MAX_PAGE);
    for (const id of page.ids) if (!selection.excluded.has(id)) ids.push(id);
    onProgress?.(Math.min(page.total, offset + page.ids.length), page.total);
    if (page.ids.length < MAX_PAGE || offset + MAX_PAGE >= page.total) return ids;
  }
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** Run `work` over `ids` in chunks; returns the sum of what each call reports (updated/deleted). */
export async function runInChunks(
  ids: readonly number[],
  work: (chunk: number[]) => Promise<number>,
  onProgress?: Progress,
  size: number = ACTION_CHUNK,
): Promise<number> {
  let done = 0;
  let sum = 0;
  for (const chunk of chunks(ids, size)) {
    sum += await work(chunk);
    done += chunk.length;
    onProgress?.(done, ids.length);
  }
  return sum;
}

/**
 * The filter to export a selection with. A select-all without exclusions exports the filter as is;
 * anything else becomes an id list (at most MAX_IDS), resolved with `resolve` when needed.
 */
export async function exportFilterFor(
  selection: Selection,
  filter: PoseFilter,
  resolve: () => Promise<number[]>,
): Promise<PoseFilter> {
  if (selection.kind === 'all' && selection.excluded.size === 0) return filter;
  const ids = selection.kind === 'ids' ? [...selection.ids].sort((a, b) => a - b) : await resolve();
  if (ids.length === 0) throw new StudioError('INVALID_INPUT', 'nothing is selected');
  if (ids.length > MAX_IDS) {
    throw new StudioError(
      'INVALID_INPUT',
      `an export by selection takes at most ${MAX_IDS.toLocaleString('en-US')} poses; export the filter instead`,
    );
  }
  return { ids };
}
