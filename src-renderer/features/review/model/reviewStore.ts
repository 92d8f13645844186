/**
 * @file The review grid's paged row cache, framework-free (React reads it with
 * useSyncExternalStore). Pose rows are fetched by index in pages of `pageSize` (`review.page`
 * offset/limit) for the range the virtual list shows, at most `maxConcurrent` requests at a time
 * and only while still wanted, so scrolling through 600k variants never queues thousands of
 * requests; pages are cached per query (filter + sort) with an LRU bound. Every request gets a
 * sequence number (`seq`), recorded with its rows and with the totals and counts it answered:
 * optimistic decisions (optimistic.ts) use it to know which data already holds them.
 * `invalidate()` (after a catalog change) keeps stale rows on screen while it refetches the wanted
 * ones; `load(row)` fetches one row's page on demand (the "next unreviewed" search).
 */
import type {
  ReviewCounts,
  ReviewFilter,
  ReviewPage,
  ReviewRow,
  ReviewSort,
  ReviewVariant,
} from '../../../../src-main/contract';
import { reviewQueryKey } from './filters';

export type ReviewQuery = { filter: ReviewFilter; sort: ReviewSort };
export type RowsFetcher = (query: ReviewQuery, offset: number, limit: number) => Promise<ReviewPage>;
export type ReviewStoreOptions = { pageSize?: number; maxPages?: number; maxConcurrent?: number };

/** Totals and counts of the current query, from the newest answer. */
export type ReviewSummary = { totalRows: number; totalVariants: number; counts: ReviewCounts; seq: number };

type Entry = { rows: ReviewRow[]; seq: number; stale: boolean; used: number };
type Flight = { generation: number; done: Promise<void> };

export class ReviewStore {
  readonly pageSize: number;
  readonly #fetch: RowsFetcher;
  readonly #maxPages: number;
  readonly #maxConcurrent: number;
  #query: ReviewQuery;
  #key: string;
  readonly #cache = new Map<string, Entry>();
  readonly #summaries = new Map<string, ReviewSummary>();
  readonly #inFlight = new Map<string, Flight>();
  readonly #failed = new Map<string, number>();
  readonly #listeners = new Set<() => void>();
  #running = 0;
  #generation = 0;
  #seq = 0;
  #wanted: [number, number] = [0, 0];
  #clock = 0;
  #version = 0;
  #error: unknown = null;

  constructor(fetcher: RowsFetcher, query: ReviewQuery, options: ReviewStoreOptions = {}) {
    this.#fetch = fetcher;
    this.pageSize = options.pageSize ?? 50;
    this.#maxPages = options.maxPages ?? 40;
    this.#maxConcurrent = options.maxConcurrent ?? 2;
    this.#query = query;
    this.#key = reviewQueryKey(query.filter, query.sort);
  }

  get key(): string {
    return this.#key;
  }

  get query(): ReviewQuery {
    return this.#query;
  }

  /** Totals and counts of the current query, null until its first page answered. */
  get summary(): ReviewSummary | null {
    return this.#summaries.get(this.#key) ?? null;
  }

  get error(): unknown {
    return this.#error;
  }

  get cachedPages(): number {
    return this.#cache.size;
  }

  /** The sequence number the next request will get: data from it on sees everything settled now. */
  get nextSeq(): number {
    return this.#seq + 1;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): number => this.#version;

  /** Switch filter/sort; pages of other queries stay cached (LRU) for when the user comes back. */
  setQuery(query: ReviewQuery): void {
    const key = reviewQueryKey(query.filter, query.sort);
    if (key === this.#key) return;
    this.#query = query;
    this.#key = key;
    this.#error = null;
    this.#wanted = [0, 0];
    this.#notify();
    this.#pump();
  }

  /** The row at `index` of the current query, if its page is cached (possibly stale). */
  row(index: number): ReviewRow | undefined {
    const entry = this.#entry(index);
    if (entry === undefined) return undefined;
    entry.used = ++this.#clock;
    return entry.rows[index - Math.floor(index / this.pageSize) * this.pageSize];
  }

  /** The request that brought row `index` (-1 when not cached). */
  rowSeq(index: number): number {
    return this.#entry(index)?.seq ?? -1;
  }

  /** Where these variants sit among the current query's cached rows (ids not cached are left out). */
  locate(ids: Iterable<number>): Map<number, { variant: ReviewVariant; index: number }> {
    const wanted = new Set(ids);
    const found = new Map<number, { variant: ReviewVariant; index: number }>();
    const prefix = `${this.#key}#`;
    for (const [cacheKey, entry] of this.#cache) {
      if (!cacheKey.startsWith(prefix)) continue;
      const first = Number(cacheKey.slice(prefix.length)) * this.pageSize;
      entry.rows.forEach((row, i) => {
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
    const prefix = `${this.#key}#`;
    for (const [cacheKey, entry] of this.#cache) {
      if (cacheKey.startsWith(prefix)) oldest = Math.min(oldest, entry.seq);
    }
    return oldest;
  }

  /** The grid shows rows [first, last]: fetch the pages covering them that are missing or stale. */
  ensure(first: number, last: number): void {
    const from = Math.floor(Math.max(0, first) / this.pageSize);
    const to = Math.max(from, Math.floor(Math.max(0, last) / this.pageSize));
    this.#wanted = [from, to];
    this.#pump();
  }

  /** Make sure row `index`'s page is cached (fetching it now if needed); false if that failed. */
  async load(index: number): Promise<boolean> {
    const page = Math.floor(Math.max(0, index) / this.pageSize);
    const cacheKey = this.#cacheKey(page);
    const flight = this.#inFlight.get(cacheKey);
    if (this.#cache.get(cacheKey)?.stale === false) return true;
    await (flight?.generation === this.#generation ? flight.done : this.#load(page));
    return this.#cache.has(cacheKey);
  }

  /** Everything cached may be out of date: keep showing it, refetch what is wanted. */
  invalidate(): void {
    this.#generation += 1;
    for (const entry of this.#cache.values()) entry.stale = true;
    this.#failed.clear();
    this.#error = null;
    this.#notify();
    this.#pump();
  }

  #entry(index: number): Entry | undefined {
    return this.#cache.get(this.#cacheKey(Math.floor(index / this.pageSize)));
  }

  #cacheKey(page: number, key = this.#key): string {
    return `${key}#${page}`;
  }

  #notify(): void {
    this.#version += 1;
    for (const listener of this.#listeners) listener();
  }

  #nextPage(): number | null {
    const total = this.summary?.totalRows ?? null;
    const lastPage = total === null ? this.#wanted[1] : Math.max(0, Math.ceil(total / this.pageSize) - 1);
    for (let page = this.#wanted[0]; page <= Math.min(this.#wanted[1], lastPage); page += 1) {
      const key = this.#cacheKey(page);
      if (this.#inFlight.get(key)?.generation === this.#generation) continue;
      if (this.#failed.get(key) === this.#generation) continue;
      const entry = this.#cache.get(key);
      if (entry === undefined || entry.stale) return page;
    }
    return null;
  }

  #pump(): void {
    while (this.#running < this.#maxConcurrent) {
      const page = this.#nextPage();
      if (page === null) return;
      void this.#load(page);
    }
  }

  #load(page: number): Promise<void> {
    const key = this.#key;
    const cacheKey = this.#cacheKey(page, key);
    const generation = this.#generation;
    const seq = ++this.#seq;
    this.#running += 1;
    const done = this.#fetch(this.#query, page * this.pageSize, this.pageSize).then(
      (result) => this.#store(key, cacheKey, generation, seq, result),
      (error: unknown) => {
        if (generation !== this.#generation) return;
        this.#failed.set(cacheKey, generation);
        if (key === this.#key) this.#error = error;
      },
    );
    const settled = done.finally(() => {
      this.#running -= 1;
      if (this.#inFlight.get(cacheKey)?.generation === generation) this.#inFlight.delete(cacheKey);
      this.#evict();
      this.#notify();
      this.#pump();
    });
    this.#inFlight.set(cacheKey, { generation, done: settled });
    return settled;
  }

  #store(key: string, cacheKey: string, generation: number, seq: number, result: ReviewPage): void {
    const stale = generation !== this.#generation;
    const known = this.#cache.get(cacheKey);
    // An answer to a request older than what is cached never replaces it.
    if (known === undefined || known.seq < seq) {
      this.#cache.set(cacheKey, { rows: result.rows, seq, stale, used: ++this.#clock });
    }
    const summary = this.#summaries.get(key);
    if (summary === undefined || summary.seq < seq) {
      const { totalRows, totalVariants, counts } = result;
      this.#summaries.set(key, { totalRows, totalVariants, counts, seq });
    }
  }

  #evict(): void {
    if (this.#cache.size <= this.#maxPages) return;
    const keep = new Set<string>();
    for (let page = this.#wanted[0]; page <= this.#wanted[1]; page += 1) keep.add(this.#cacheKey(page));
    const victims = [...this.#cache.entries()]
      .filter(([cacheKey]) => !keep.has(cacheKey))
      .sort(([, a], [, b]) => a.used - b.used);
    for (const [cacheKey] of victims) {
      if (this.#cache.size <= this.#maxPages) break;
      this.#cache.delete(cacheKey);
    }
  }
}
