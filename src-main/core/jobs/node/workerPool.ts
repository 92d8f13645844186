/**
 * @file A small worker_threads pool: a fixed number of workers (spawned lazily, kept warm), a FIFO
 * queue, and up to `tasksPerWorker` tasks on each worker at once: a generation task draws in the
 * worker's JS thread, then encodes on libuv threads, so a second task can draw while the first
 * encodes. Compute never runs on the thread that serves IPC/HTTP.
 *
 * Protocol: the worker posts `{ type: 'ready' }` once loaded, then answers each `{ id, task }` with
 * `{ id, ok: true, result }` or `{ id, ok: false, message }` (see `serveWorkerTasks`). While a task
 * runs it may post `{ type: 'event', id, event }` (e.g. a preview), handed to that task's `onEvent`;
 * a task run with a signal gets `{ type: 'cancel', id }` when it aborts, and the worker's handler
 * sees its own signal abort (an aborted task fails with WorkerAbortError). An error the handler
 * throws with `unavailable: true` (e.g. GeneratorUnavailableError) keeps that flag on the
 * WorkerTaskError: no task can succeed now, not just this one. A worker that
 * dies fails only the tasks it held (`WorkerCrashError`, phase 'run') and is replaced; one that dies
 * before it was ready fails every waiting task (phase 'start'): it would die again.
 */
import { availableParallelism } from 'node:os';
import { parentPort, type Worker } from 'node:worker_threads';

export class WorkerCrashError extends Error {
  readonly phase: 'start' | 'run';
  constructor(phase: 'start' | 'run', message: string) {
    super(message);
    this.name = 'WorkerCrashError';
    this.phase = phase;
  }
}

/** A task stopped by its caller's signal before it finished (nothing of it is done). */
export class WorkerAbortError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerAbortError';
  }
}

/** A task the worker's own handler refused (thrown in the worker, reported back). */
export class WorkerTaskError extends Error {
  /** The handler said no task can succeed now (its error had `unavailable: true`), not only this one. */
  readonly unavailable: boolean;
  constructor(message: string, unavailable = false) {
    super(message);
    this.name = 'WorkerTaskError';
    this.unavailable = unavailable;
  }
}

export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

type Pending<TTask, TResult> = {
  id: number;
  task: TTask;
  resolve: (result: TResult) => void;
  reject: (error: Error) => void;
  options: RunOptions;
};

/** Per task: events the worker posts while it runs, and a signal that cancels it. */
export type RunOptions = { onEvent?: (event: unknown) => void; signal?: AbortSignal };

type Slot<TTask, TResult> = {
  worker: Worker;
  ready: boolean;
  busy: Map<number, Pending<TTask, TResult>>;
};

type Reply<TResult> =
  | { type: 'ready' }
  | { type: 'event'; id: number; event: unknown }
  | { type: 'result'; id: number; ok: true; result: TResult }
  | { type: 'result'; id: number; ok: false; message: string; aborted?: boolean; unavailable?: boolean };

export type PoolOptions = {
  /** Worker threads (default: available parallelism - 1, at least 1). */
  size?: number;
  /** Tasks handed to one worker at once (default 1). */
  tasksPerWorker?: number;
};

export class WorkerPool<TTask, TResult> {
  readonly size: number;
  readonly tasksPerWorker: number;
  readonly #spawn: () => Worker;
  readonly #slots = new Set<Slot<TTask, TResult>>();
  readonly #queue: Pending<TTask, TResult>[] = [];
  #nextId = 1;
  #closed = false;

  constructor(spawn: () => Worker, options: PoolOptions = {}) {
    this.#spawn = spawn;
    this.size = Math.max(1, Math.floor(options.size ?? defaultPoolSize()));
    this.tasksPerWorker = Math.max(1, Math.floor(options.tasksPerWorker ?? 1));
  }

  /** Tasks the pool runs at once. */
  get capacity(): number {
    return this.size * this.tasksPerWorker;
  }

  /** Workers alive now (spawned lazily, up to `size`). */
  get workers(): number {
    return this.#slots.size;
  }

  run(task: TTask, options: RunOptions = {}): Promise<TResult> {
    if (this.#closed) return Promise.reject(new Error('the worker pool is closed'));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new WorkerAbortError('the task was cancelled'));
    return new Promise<TResult>((resolve, reject) => {
      // The listener goes when the task settles: one job signal serves thousands of tasks.
      const onAbort = () => this.#cancel(pending);
      const settle = () => signal?.removeEventListener('abort', onAbort);
      const pending: Pending<TTask, TResult> = {
        id: this.#nextId++,
        task,
        resolve: (result) => (settle(), resolve(result)),
        reject: (error) => (settle(), reject(error)),
        options,
      };
      this.#queue.push(pending);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pump();
    });
  }

  /** A queued task leaves the queue; a running one is told to stop (it answers aborted). */
  #cancel(pending: Pending<TTask, TResult>): void {
    const queued = this.#queue.indexOf(pending);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      pending.reject(new WorkerAbortError('the task was cancelled'));
      return;
    }
    for (const slot of this.#slots)
      if (slot.busy.get(pending.id) === pending) slot.worker.postMessage({ type: 'cancel', id: pending.id });
  }

  /** Fail queued tasks, stop every worker. Tasks running now are rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const pending of this.#queue.splice(0)) pending.reject(new Error('the worker pool is closed'));
    const slots = [...this.#slots];
    this.#slots.clear();
    for (const slot of slots)
      for (const pending of slot.busy.values()) pending.reject(new Error('the worker pool is closed'));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      const ready = [...this.#slots].filter((slot) => slot.ready && slot.busy.size < this.tasksPerWorker);
      // The least busy worker first, so tasks spread over workers before doubling up.
      const idle = ready.sort((a, b) => a.busy.size - b.busy.size)[0];
      if (idle && (idle.busy.size === 0 || this.#slots.size >= this.size)) {
        this.#assign(idle, this.#queue.shift()!);
        continue;
      }
      const starting = [...this.#slots].filter((slot) => !slot.ready).length;
      // Spawn only as many workers as there are tasks waiting for one.
      if (this.#slots.size < this.size && starting < this.#queue.length) {
        this.#start();
        continue;
      }
      return;
    }
  }

  #assign(slot: Slot<TTask, TResult>, pending: Pending<TTask, TResult>): void {
    slot.busy.set(pending.id, pending);
    slot.worker.postMessage({ id: pending.id, task: pending.task });
  }

  #start(): void {
    const worker = this.#spawn();
    const slot: Slot<TTask, TResult> = { worker, ready: false, busy: new Map() };
    this.#slots.add(slot);
    worker.on('message', (reply: Reply<TResult>) => this.#onMessage(slot, reply));
    worker.on('error', (error) => this.#onDeath(slot, error.message));
    worker.on('exit', (code) => this.#onDeath(slot, `the worker exited with code ${code}`));
  }

  #onMessage(slot: Slot<TTask, TResult>, reply: Reply<TResult>): void {
    if (reply.type === 'event') {
      slot.busy.get(reply.id)?.options.onEvent?.(reply.event);
      return;
    }
    if (reply.type === 'ready') {
      slot.ready = true;
    } else {
      const pending = slot.busy.get(reply.id);
      slot.busy.delete(reply.id);
      if (pending && reply.ok) pending.resolve(reply.result);
      else if (pending && !reply.ok)
        pending.reject(
          reply.aborted
            ? new WorkerAbortError(reply.message)
            : new WorkerTaskError(reply.message, reply.unavailable === true),
        );
    }
    this.#pump();
  }

  #onDeath(slot: Slot<TTask, TResult>, message: string): void {
    if (!this.#slots.delete(slot)) return;
    void slot.worker.terminate();
    if (!slot.ready) {
      const error = new WorkerCrashError('start', `the generation worker failed to start: ${message}`);
      for (const pending of this.#queue.splice(0)) pending.reject(error);
      return;
    }
    const error = new WorkerCrashError('run', `the generation worker died: ${message}`);
    for (const pending of slot.busy.values()) pending.reject(error);
    if (!this.#closed) this.#pump();
  }
}

/** What a worker-side handler gets besides its task: a way to post events, and its cancel signal. */
export type TaskContext = { emit: (event: unknown) => void; signal: AbortSignal };

/**
 * Worker side: announce readiness once `init` resolved, then answer tasks one at a time.
 * An `init` failure is thrown, so the worker dies and the pool reports it as a start failure.
 */
export function serveWorkerTasks<TTask, TResult>(
  init: () => Promise<(task: TTask, context: TaskContext) => Promise<TResult>>,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorkerTasks must run in a worker thread');
  const running = new Map<number, AbortController>();
  init().then(
    (handle) => {
      port.on('message', (message: { type?: 'cancel'; id: number; task: TTask }) => {
        if (message.type === 'cancel') {
          running.get(message.id)?.abort(new Error('the task was cancelled'));
          return;
        }
        const { id } = message;
        const controller = new AbortController();
        running.set(id, controller);
        const emit = (event: unknown) => port.postMessage({ type: 'event', id, event });
        handle(message.task, { emit, signal: controller.signal })
          .then(
            (result) => port.postMessage({ type: 'result', id, ok: true, result }),
            (error: unknown) =>
              port.postMessage({
                type: 'result',
                id,
                ok: false,
                message: error instanceof Error ? error.message : String(error),
                aborted: controller.signal.aborted,
                unavailable: (error as { unavailable?: unknown } | null)?.unavailable === true,
              }),
          )
          .finally(() => running.delete(id));
      });
      port.postMessage({ type: 'ready' });
    },
    (error: unknown) => {
      // Rethrown outside the promise chain: an uncaught error ends the worker with it.
      setImmediate(() => {
        throw error;
      });
    },
  );
}
