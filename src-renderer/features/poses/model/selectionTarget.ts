/**
 * @file Turning a selection into what the API takes. `poses.tag/delete/mirror` take ids, so an
 * "all matching the filter" selection is resolved by walking the filter's ids with `poses.ids`
 * (a keyset walk in id order, 50,000 a call) and the action then runs in chunks. Export takes a filter: the current
 * filter for a plain select-all, else an explicit id list. Pure apart from the injected fetcher.
 */
import { MAX_IDS_PAGE, StudioError, type PoseFilter } from '../../../../src-main/contract';
import type { Selection } from './selection';

/** Ids matching `filter` greater than `afterId`, in id order, at most `limit` (poses.ids). */
export type IdFetcher = (filter: PoseFilter, afterId: number, limit: number) => Promise<number[]>;

/** The contract's cap on ids in one call / one filter. */
export const MAX_IDS = 100_000;
/** Ids per action call, so a long action reports progress and never holds the write lock for long. */
export const ACTION_CHUNK = 5_000;

export type Progress = (done: number, total: number) => void;

/** The selection's ids in id order; `total` (the filter's count) scales the progress reports. */
export async function resolveSelectedIds(
  selection: Selection,
  filter: PoseFilter,
  fetchIds: IdFetcher,
  total: number,
  onProgress?: Progress,
  pageSize: number = MAX_IDS_PAGE,
): Promise<number[]> {
  if (selection.kind === 'ids') return [...selection.ids].sort((a, b) => a - b);
  const ids: number[] = [];
  let seen = 0;
  for (let afterId = 0; ;) {
    const page = await fetchIds(filter, afterId, pageSize);
    for (const id of page) if (!selection.excluded.has(id)) ids.push(id);
    seen += page.length;
    onProgress?.(Math.min(seen, Math.max(total, seen)), Math.max(total, seen));
    if (page.length < pageSize) return ids;
    afterId = page[page.length - 1]!;
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
