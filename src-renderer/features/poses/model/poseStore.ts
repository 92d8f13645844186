/**
 * @file The library's paged pose cache, framework-free (React reads it with useSyncExternalStore):
 * the shared `PagedCache` over `poses.list`. Pages of `pageSize` poses are cached by filter + sort
 * + page number (LRU, bounded), fetched on demand for the range the grid shows, at most
 * `maxConcurrent` at a time and only while still wanted. `invalidate()` (after a catalog change)
 * keeps stale pages on screen while it refetches the wanted ones.
 */
import type { Pose, PoseFilter, PoseSort } from '../../../../src-main/contract';
import { PagedCache, type PagedCacheOptions } from '../../../api/pagedCache';
import { queryKey } from './query';

export type PoseQuery = { filter: PoseFilter; sort: PoseSort };
export type PosePage = { items: Pose[]; total: number };
export type PageFetcher = (query: PoseQuery, offset: number, limit: number) => Promise<PosePage>;

export type PoseStoreOptions = PagedCacheOptions;

export class PoseStore extends PagedCache<PoseQuery, PosePage, Pose, number> {
  constructor(fetcher: PageFetcher, query: PoseQuery, options: PoseStoreOptions = {}) {
    super(
      {
        fetch: fetcher,
        keyOf: (q) => queryKey(q.filter, q.sort),
        itemsOf: (page) => page.items,
        summaryOf: (page) => page.total,
        totalOf: (total) => total,
        // Answers from before an invalidate() never overwrite a fresh page or a known total.
        order: 'generation',
      },
      query,
      options,
      { pageSize: 200, maxPages: 60, maxConcurrent: 3 },
    );
  }

  /** Poses matching the current query, or null until the first page answered. */
  get total(): number | null {
    return this.summary;
  }

  /** The pose at `index` of the current query, if its page is cached (possibly stale). */
  get(index: number): Pose | undefined {
    return this.item(index);
  }

  /** Ids of the poses at indices [first, last] (fetching pages not cached), for Shift-click ranges. */
  async idsInRange(first: number, last: number): Promise<number[]> {
    const ids: number[] = [];
    const query = this.query;
    for (let page = Math.floor(first / this.pageSize); page <= Math.floor(last / this.pageSize); page += 1) {
      const items = await this.pageItems(query, page);
      items.forEach((pose, i) => {
        const index = page * this.pageSize + i;
        if (index >= first && index <= last) ids.push(pose.id);
      });
    }
    return ids;
  }
}
