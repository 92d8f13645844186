/**
 * @file The onnxruntime sessions of one SD model folder on one execution provider, and the cache that
 * keeps them per worker thread. Sessions are created lazily, one graph at a time, with the provider
 * falling back to the CPU when it cannot start (the provider actually used and the warning are
 * recorded for the variant's params); every run is timed, so benchmarks can split a step into
 * session.run and the JS around it. The cache key is the model's hash plus the provider; a cached
 * set is reused by every image of a job and released after an idle time, when the cache is
 * cleared, and when the worker thread ends. A graph that cannot be loaded fails with a
 * GeneratorUnavailableError naming its file: no image of the model can be made until it is fixed.
 */
import { join, resolve } from 'node:path';
import type * as ort from 'onnxruntime-node';
import type { ExecutionProvider } from '../../../../contract';
import { GeneratorUnavailableError } from '../../types';
import { createSessionWithFallback, type SdSessionOptions, type SessionWithProvider } from './providers';
import type { SdSignatures } from './signatures';

export type SdGraph = 'textEncoder' | 'unet' | 'controlnet' | 'vaeDecoder';

/** What the runtime needs of an ORT session (tests wrap real ones to watch the feeds). */
export interface SessionLike {
  run(
    feeds: Record<string, ort.Tensor>,
    fetches?: Record<string, ort.Tensor | null>,
  ): Promise<Record<string, ort.Tensor>>;
  release(): Promise<void>;
}

export type CreateSession = (
  file: string,
  provider: ExecutionProvider,
  options: SdSessionOptions,
) => Promise<{ session: SessionLike; provider: ExecutionProvider; warning: string | null }>;

const defaultCreate: CreateSession = (file, provider, options) =>
  createSessionWithFallback(file, provider, options) as Promise<SessionWithProvider>;

/** A cataloged model as a worker needs it: where its files are and how to feed each graph. */
export interface SdModelRef {
  /** Absolute model folder; component files are relative to it. */
  path: string;
  /** The catalog's content hash (the cache key, with the provider). */
  hash: string;
  signatures: SdSignatures;
}

export interface RunStats {
  /** Milliseconds inside session.run, per graph and in all. */
  ms: Record<SdGraph, number>;
  runs: Record<SdGraph, number>;
}

const zeroStats = (): RunStats => ({
  ms: { textEncoder: 0, unet: 0, controlnet: 0, vaeDecoder: 0 },
  runs: { textEncoder: 0, unet: 0, controlnet: 0, vaeDecoder: 0 },
});

/** The four graphs of one model on one provider, created on first use. */
export class SdSessions {
  readonly stats: RunStats = zeroStats();
  readonly warnings: string[] = [];
  /** The provider the UNet runs on once created (the requested one until then). */
  providerUsed: ExecutionProvider;
  readonly #pending = new Map<SdGraph, Promise<SessionLike>>();
  #released = false;

  constructor(
    readonly model: SdModelRef,
    readonly provider: ExecutionProvider,
    private readonly options: SdSessionOptions = {},
    private readonly create: CreateSession = defaultCreate,
  ) {
    this.providerUsed = provider;
  }

  file(graph: SdGraph): string {
    return resolve(join(this.model.path, this.model.signatures[graph].file));
  }

  session(graph: SdGraph): Promise<SessionLike> {
    if (this.#released) return Promise.reject(new Error('the model sessions were released'));
    let pending = this.#pending.get(graph);
    if (!pending) {
      const file = this.file(graph);
      pending = this.create(file, this.provider, this.options).then(
        (created) => {
          if (created.warning && !this.warnings.includes(created.warning))
            this.warnings.push(created.warning);
          if (graph === 'unet') this.providerUsed = created.provider;
          return created.session;
        },
        (error: unknown) => {
          const why = error instanceof Error ? error.message : String(error);
          throw new GeneratorUnavailableError(`${file} (${graph}) cannot be loaded: ${why}`);
        },
      );
      // A failed creation is not cached: the next image tries again (and reports it again).
      pending.catch(() => this.#pending.delete(graph));
      this.#pending.set(graph, pending);
    }
    return pending;
  }

  /** Runs one graph, timing session.run. */
  async run(
    graph: SdGraph,
    feeds: Record<string, ort.Tensor>,
    fetches?: Record<string, ort.Tensor | null>,
  ): Promise<Record<string, ort.Tensor>> {
    const session = await this.session(graph);
    const started = performance.now();
    try {
      return await (fetches ? session.run(feeds, fetches) : session.run(feeds));
    } finally {
      this.stats.ms[graph] += performance.now() - started;
      this.stats.runs[graph] += 1;
    }
  }

  resetStats(): void {
    Object.assign(this.stats, zeroStats());
  }

  async release(): Promise<void> {
    this.#released = true;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    const sessions = await Promise.allSettled(pending);
    await Promise.all(
      sessions.map((s) => (s.status === 'fulfilled' ? s.value.release().catch(() => undefined) : undefined)),
    );
  }
}

export interface SessionCacheOptions {
  /** Release a model's sessions after this long unused (default 2 minutes). */
  idleMs?: number;
  sessionOptions?: SdSessionOptions;
  create?: CreateSession;
}

interface Entry {
  sessions: SdSessions;
  users: number;
  timer: ReturnType<typeof setTimeout> | null;
}

/** Sessions per (model hash, provider), leased by each generate call and released when idle. */
export class SdSessionCache {
  readonly #entries = new Map<string, Entry>();
  constructor(private readonly options: SessionCacheOptions = {}) {}

  /** The model's sessions, held until `done()` is called (then the idle clock starts). */
  lease(model: SdModelRef, provider: ExecutionProvider): { sessions: SdSessions; done(): void } {
    const key = `${model.hash}:${provider}:${model.path}`;
    let entry = this.#entries.get(key);
    if (!entry) {
      const sessions = new SdSessions(model, provider, this.options.sessionOptions, this.options.create);
      entry = { sessions, users: 0, timer: null };
      this.#entries.set(key, entry);
    }
    const held = entry;
    if (held.timer) clearTimeout(held.timer);
    held.timer = null;
    held.users += 1;
    let returned = false;
    return {
      sessions: held.sessions,
      done: () => {
        if (returned) return;
        returned = true;
        held.users -= 1;
        if (held.users === 0) this.#startIdleClock(key, held);
      },
    };
  }

  #startIdleClock(key: string, entry: Entry): void {
    const timer = setTimeout(() => {
      if (entry.users > 0 || this.#entries.get(key) !== entry) return;
      this.#entries.delete(key);
      void entry.sessions.release();
    }, this.options.idleMs ?? 120_000);
    // The idle clock never keeps a worker (or a test process) alive.
    timer.unref?.();
    entry.timer = timer;
  }

  /** Models with sessions held or idle. */
  get size(): number {
    return this.#entries.size;
  }

  /** Releases every model's sessions now (job end, worker shutdown). */
  async clear(): Promise<void> {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    for (const entry of entries) if (entry.timer) clearTimeout(entry.timer);
    await Promise.all(entries.map((entry) => entry.sessions.release()));
  }
}
