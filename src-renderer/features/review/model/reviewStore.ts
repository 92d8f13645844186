/**
 * @file The review grid's paged row cache, framework-free (React reads it with
 * useSyncExternalStore): the shared `PagedCache` over `review.page`. Pose rows are fetched by index
 * in pages of `pageSize` for the range the virtual list shows, at most `maxConcurrent` requests at
 * a time and only while still wanted; pages are cached per query (filter + sort) with an LRU bound.
 * Every request gets a sequence number (`seq`), recorded with its rows and with the totals and
 * counts it answered: optimistic decisions (optimistic.ts) use it to know which data already holds
 * them, so here an older answer never replaces a newer one. `invalidate()` (after a catalog change)
 * keeps stale rows on screen while it refetches the wanted ones; `load(row)` fetches one row's page
 * on demand (the "next unreviewed" search).
 */
import type {
  ReviewCounts,
  ReviewFilter,
  ReviewPage,
  ReviewRow,
  ReviewSort,
  ReviewVariant,
} from '../../../../src-main/contract';
import { PagedCache, type PagedCacheOptions } from '../../../api/pagedCache';
import { reviewQueryKey } from './filters';

export type ReviewQuery = { filter: ReviewFilter; sort: ReviewSort };
export type RowsFetcher = (query: ReviewQuery, offset: number, limit: number) => Promise<ReviewPage>;
export type ReviewStoreOptions = PagedCacheOptions;

/** Totals and counts of the current query, from the newest answer. */
export type ReviewSummary = { totalRows: number; totalVariants: number; counts: ReviewCounts; seq: number };

export class ReviewStore extends PagedCache<ReviewQuery, ReviewPage, ReviewRow, ReviewSummary> {
  constructor(fetcher: RowsFetcher, query: ReviewQuery, options: ReviewStoreOptions = {}) {
    super(
      {
        fetch: fetcher,
        keyOf: (q) => reviewQueryKey(q.filter, q.sort),
        itemsOf: (page) => page.rows,
        summaryOf: ({ totalRows, totalVariants, counts }, seq) => ({ totalRows, totalVariants, counts, seq }),
        totalOf: (summary) => summary.totalRows,
        order: 'request',
      },
      query,
      options,
      { pageSize: 50, maxPages: 40, maxConcurrent: 2 },
    );
  }

  /** The row at `index` of the current query, if its page is cached (possibly stale). */
  row(index: number): ReviewRow | undefined {
    return this.item(index);
  }

  /** The request that brought row `index` (-1 when not cached). */
  rowSeq(index: number): number {
    return this.itemSeq(index);
  }

  /** Where these variants sit among the current query's cached rows (ids not cached are left out). */
  locate(ids: Iterable<number>): Map<number, { variant: ReviewVariant; index: number }> {
    const wanted = new Set(ids);
    const found = new Map<number, { variant: ReviewVariant; index: number }>();
    for (const { first, items } of this.cachedPagesOfQuery()) {
      items.forEach((row, i) => {
        for (const variant of row.variants) {
          if (wanted.has(variant.id)) found.set(variant.id, { variant, index: first + i });
        }
      });
    }
    return found;
  }

  /** The oldest request behind anything the current query shows (pages and summary). */
  oldestSeq(): number {
    let oldest = this.summary?.seq ?? Infinity;
    for (const { seq } of this.cachedPagesOfQuery()) oldest = Math.min(oldest, seq);
    return oldest;
  }
}
