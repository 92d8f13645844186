/**
 * @file The library's paged pose cache, framework-free (React reads it with useSyncExternalStore).
 * Pages of `pageSize` poses are cached by filter + sort + page number (LRU, bounded), fetched on
 * demand for the range the grid shows, at most `maxConcurrent` at a time and only while still
 * wanted, so scrolling fast through 600k poses never queues thousands of requests. `invalidate()`
 * (after a catalog change) keeps stale pages on screen while it refetches the wanted ones.
 */
import type { Pose, PoseFilter, PoseSort } from '../../../../src-main/contract';
import { queryKey } from './query';

export type PoseQuery = { filter: PoseFilter; sort: PoseSort };
export type PosePage = { items: Pose[]; total: number };
export type PageFetcher = (query: PoseQuery, offset: number, limit: number) => Promise<PosePage>;

export type PoseStoreOptions = { pageSize?: number; maxPages?: number; maxConcurrent?: number };

type Entry = { items: Pose[]; stale: boolean; used: number };

export class PoseStore {
  readonly pageSize: number;
  readonly #fetch: PageFetcher;
  readonly #maxPages: number;
  readonly #maxConcurrent: number;
  #query: PoseQuery;
  #key: string;
  readonly #cache = new Map<string, Entry>();
  readonly #totals = new Map<string, number>();
  /** cache key -> generation of the request in flight for it. */
  readonly #inFlight = new Map<string, number>();
  readonly #failed = new Map<string, number>();
  readonly #listeners = new Set<() => void>();
  #running = 0;
  #generation = 0;
  #wanted: [number, number] = [0, 0];
  #clock = 0;
  #version = 0;
  #error: unknown = null;

  constructor(fetcher: PageFetcher, query: PoseQuery, options: PoseStoreOptions = {}) {
    this.#fetch = fetcher;
    this.pageSize = options.pageSize ?? 200;
    this.#maxPages = options.maxPages ?? 60;
    this.#maxConcurrent = options.maxConcurrent ?? 3;
    this.#query = query;
    this.#key = queryKey(query.filter, query.sort);
  }

  get query(): PoseQuery {
    return this.#query;
  }

  /** Poses matching the current query, or null until the first page answered. */
  get total(): number | null {
    return this.#totals.get(this.#key) ?? null;
  }

  get error(): unknown {
    return this.#error;
  }

  get cachedPages(): number {
    return this.#cache.size;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): number => this.#version;

  /** Switch filter/sort; pages of other queries stay cached (LRU) for when the user comes back. */
  setQuery(query: PoseQuery): void {
    const key = queryKey(query.filter, query.sort);
    if (key === this.#key) return;
    this.#query = query;
    this.#key = key;
    this.#error = null;
    this.#wanted = [0, 0];
    this.#notify();
    this.#pump();
  }

  /** The pose at `index` of the current query, if its page is cached (possibly stale). */
  get(index: number): Pose | undefined {
    const page = Math.floor(index / this.pageSize);
    const entry = this.#cache.get(this.#cacheKey(page));
    if (entry === undefined) return undefined;
    entry.used = ++this.#clock;
    return entry.items[index - page * this.pageSize];
  }

  /** The grid shows indices [first, last]: fetch the pages that cover them and are missing or stale. */
  ensure(first: number, last: number): void {
    const from = Math.floor(Math.max(0, first) / this.pageSize);
    const to = Math.max(from, Math.floor(Math.max(0, last) / this.pageSize));
    this.#wanted = [from, to];
    this.#pump();
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

  /** Ids of the poses at indices [first, last] (fetching pages not cached), for Shift-click ranges. */
  async idsInRange(first: number, last: number): Promise<number[]> {
    const ids: number[] = [];
    const query = this.#query;
    for (let page = Math.floor(first / this.pageSize); page <= Math.floor(last / this.pageSize); page += 1) {
      const items =
        this.#cache.get(this.#cacheKey(page))?.items ??
        (await this.#fetch(query, page * this.pageSize, this.pageSize)).items;
      items.forEach((pose, i) => {
        const index = page * this.pageSize + i;
        if (index >= first && index <= last) ids.push(pose.id);
      });
    }
    return ids;
  }

  #cacheKey(page: number, key = this.#key): string {
    return `${key}#${page}`;
  }

  #notify(): void {
    this.#version += 1;
    for (const listener of this.#listeners) listener();
  }

  #nextPage(): number | null {
    const total = this.total;
    const lastPage = total === null ? this.#wanted[1] : Math.max(0, Math.ceil(total / this.pageSize) - 1);
    for (let page = this.#wanted[0]; page <= Math.min(this.#wanted[1], lastPage); page += 1) {
      const key = this.#cacheKey(page);
      if (this.#inFlight.get(key) === this.#generation || this.#failed.get(key) === this.#generation)
        continue;
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

  async #load(page: number): Promise<void> {
    const key = this.#key;
    const query = this.#query;
    const cacheKey = this.#cacheKey(page, key);
    const generation = this.#generation;
    this.#inFlight.set(cacheKey, generation);
    this.#running += 1;
    try {
      const result = await this.#fetch(query, page * this.pageSize, this.pageSize);
      const stale = generation !== this.#generation;
      const known = this.#cache.get(cacheKey);
      if (!(stale && known !== undefined && !known.stale)) {
        this.#cache.set(cacheKey, { items: result.items, stale, used: ++this.#clock });
      }
      if (!stale || !this.#totals.has(key)) this.#totals.set(key, result.total);
    } catch (error) {
      if (generation === this.#generation) {
        this.#failed.set(cacheKey, generation);
        if (key === this.#key) this.#error = error;
      }
    } finally {
      this.#running -= 1;
      if (this.#inFlight.get(cacheKey) === generation) this.#inFlight.delete(cacheKey);
      this.#evict();
      this.#notify();
      this.#pump();
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
