/**
 * @file A paged item cache for virtual lists, framework-free (React reads it with
 * useSyncExternalStore). Items are fetched by index in pages of `pageSize` (offset/limit) for the
 * range the list shows, at most `maxConcurrent` requests at a time and only while still wanted, so
 * scrolling through 600k items never queues thousands of requests; pages are cached per query key
 * (filter + sort) with an LRU bound. Every request gets a sequence number (`seq`), recorded with its
 * items and with the summary (totals) it answered. `invalidate()` (after a catalog change) keeps
 * stale items on screen while it refetches the wanted ones; `load(index)` fetches one item's page
 * on demand. The pose library and the review grid are both this cache over different methods.
 */

export type PagedCacheOptions = { pageSize?: number; maxPages?: number; maxConcurrent?: number };

/**
 * Which answer wins when two requests for the same page (or summary) cross:
 * - 'request': an answer never replaces data from a newer request (seq order);
 * - 'generation': an answer sent before the last `invalidate()` never replaces a page fetched after
 *   it, and never replaces a summary already known.
 */
export type AnswerOrder = 'request' | 'generation';

/** What a concrete cache fetches and how it reads the answers. */
export type PagedSource<Q, R, T, S> = {
  fetch: (query: Q, offset: number, limit: number) => Promise<R>;
  keyOf: (query: Q) => string;
  itemsOf: (result: R) => T[];
  summaryOf: (result: R, seq: number) => S;
  /** Items matching the query, read from its summary: no page past it is fetched. */
  totalOf: (summary: S) => number;
  order: AnswerOrder;
};

/** A cached page of the current query, for lookups across what is cached. */
export type CachedPage<T> = { first: number; items: T[]; seq: number };

type Entry<T> = { items: T[]; seq: number; stale: boolean; used: number };
type Known<S> = { value: S; seq: number };
type Flight = { generation: number; done: Promise<void> };

export class PagedCache<Q, R, T, S> {
  readonly pageSize: number;
  readonly #source: PagedSource<Q, R, T, S>;
  readonly #maxPages: number;
  readonly #maxConcurrent: number;
  #query: Q;
  #key: string;
  readonly #cache = new Map<string, Entry<T>>();
  readonly #summaries = new Map<string, Known<S>>();
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

  constructor(
    source: PagedSource<Q, R, T, S>,
    query: Q,
    options: PagedCacheOptions,
    defaults: Required<PagedCacheOptions>,
  ) {
    this.#source = source;
    this.pageSize = options.pageSize ?? defaults.pageSize;
    this.#maxPages = options.maxPages ?? defaults.maxPages;
    this.#maxConcurrent = options.maxConcurrent ?? defaults.maxConcurrent;
    this.#query = query;
    this.#key = source.keyOf(query);
  }

  get key(): string {
    return this.#key;
  }

  get query(): Q {
    return this.#query;
  }

  /** The summary (totals) of the current query, null until its first page answered. */
  get summary(): S | null {
    return this.#summaries.get(this.#key)?.value ?? null;
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
  setQuery(query: Q): void {
    const key = this.#source.keyOf(query);
    if (key === this.#key) return;
    this.#query = query;
    this.#key = key;
    this.#error = null;
    this.#wanted = [0, 0];
    this.#notify();
    this.#pump();
  }

  /** The item at `index` of the current query, if its page is cached (possibly stale). */
  item(index: number): T | undefined {
    const entry = this.#entry(index);
    if (entry === undefined) return undefined;
    entry.used = ++this.#clock;
    return entry.items[index - Math.floor(index / this.pageSize) * this.pageSize];
  }

  /** The request that brought item `index` (-1 when not cached). */
  itemSeq(index: number): number {
    return this.#entry(index)?.seq ?? -1;
  }

  /** The list shows items [first, last]: fetch the pages covering them that are missing or stale. */
  ensure(first: number, last: number): void {
    const from = Math.floor(Math.max(0, first) / this.pageSize);
    const to = Math.max(from, Math.floor(Math.max(0, last) / this.pageSize));
    this.#wanted = [from, to];
    this.#pump();
  }

  /** Make sure item `index`'s page is cached (fetching it now if needed); false if that failed. */
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

  /** The current query's cached pages (possibly stale), in no particular order. */
  protected *cachedPagesOfQuery(): Generator<CachedPage<T>> {
    const prefix = `${this.#key}#`;
    for (const [cacheKey, entry] of this.#cache) {
      if (!cacheKey.startsWith(prefix)) continue;
      const first = Number(cacheKey.slice(prefix.length)) * this.pageSize;
      yield { first, items: entry.items, seq: entry.seq };
    }
  }

  /** Page `page`: the current query's cached items, else fetched for `query` once without caching. */
  protected async pageItems(query: Q, page: number): Promise<T[]> {
    const cached = this.#cache.get(this.#cacheKey(page))?.items;
    if (cached !== undefined) return cached;
    return this.#source.itemsOf(await this.#source.fetch(query, page * this.pageSize, this.pageSize));
  }

  #entry(index: number): Entry<T> | undefined {
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
    const summary = this.#summaries.get(this.#key);
    const lastPage =
      summary === undefined
        ? this.#wanted[1]
        : Math.max(0, Math.ceil(this.#source.totalOf(summary.value) / this.pageSize) - 1);
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
    const done = this.#source.fetch(this.#query, page * this.pageSize, this.pageSize).then(
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

  #store(key: string, cacheKey: string, generation: number, seq: number, result: R): void {
    const stale = generation !== this.#generation;
    const byRequest = this.#source.order === 'request';
    const known = this.#cache.get(cacheKey);
    if (known === undefined || (byRequest ? known.seq < seq : !stale || known.stale)) {
      this.#cache.set(cacheKey, { items: this.#source.itemsOf(result), seq, stale, used: ++this.#clock });
    }
    const summary = this.#summaries.get(key);
    if (summary === undefined || (byRequest ? summary.seq < seq : !stale)) {
      this.#summaries.set(key, { value: this.#source.summaryOf(result, seq), seq });
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
