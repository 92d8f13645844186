/**
 * @file Persisted jobs and the job queue. Two kinds of job:
 * - immediate jobs (`run`, e.g. import): start at once, cannot pause; the caller holds the write
 *   lock; after a crash they are failed as interrupted (their unfinished step rolled back);
 * - queued, resumable jobs (`createQueued` + `schedule`, e.g. generate): run one at a time in FIFO
 *   order by a registered runner that always does "what is left" (idempotent items), which makes
 *   pause, resume, close and crash-resume the same thing: stop dispatching, let items in flight
 *   commit, persist a state; later, run the runner again.
 *
 * States: queued -> running -> done | failed | cancelled, running -> paused (jobs.pause; items in
 * flight still commit) -> queued (jobs.resume). Closing the project puts a running job back to
 * queued; opening it requeues resumable jobs a killed process left running. Live progress (rate,
 * ETA) stays in memory and goes out as throttled `jobs.progress` events; rows are written on state
 * changes only, under the write lock for queued jobs, so an import's open transaction never holds
 * (or rolls back) another job's row.
 */
import type Database from 'better-sqlite3';
import { StudioError, type EventHub, type Job, type JobState } from '../../../contract';
import type { Mutex } from '../../shared/mutex';
import { RateEstimator, createThrottle } from '../progress';
import {
  getJobRow,
  insertJob,
  listJobRows,
  pausedJobIds,
  recoverJobRows,
  saveJob,
  type JobSpec,
} from './jobRows';

export type { JobSpec } from './jobRows';

export type JobContext = {
  readonly id: number;
  readonly signal: AbortSignal;
  /** First run since a killed process left this job running: it may find that run's leftovers. */
  readonly afterCrash: boolean;
  progress(done: number, total?: number | null, message?: string | null): void;
};

/** Does (the rest of) a resumable job; throws `signal.reason` when it stopped early. */
export type ResumableRunner = (ctx: JobContext, params: unknown) => Promise<unknown>;

/** Why a resumable job stopped without being cancelled: it will run again. */
export class JobInterrupt extends Error {
  readonly mode: 'pause' | 'shutdown';
  constructor(mode: 'pause' | 'shutdown') {
    super(mode === 'pause' ? 'paused' : 'the project is closing');
    this.name = 'JobInterrupt';
    this.mode = mode;
  }
}

type LiveJob = {
  job: Job;
  controller: AbortController;
  rate: RateEstimator;
  throttle: (force?: boolean) => boolean;
  /** Queued jobs stopped early: the state to persist once the runner settles. */
  after: 'paused' | 'queued' | 'cancelled' | null;
  settled: Promise<void>;
};

function isCancel(error: unknown, signal: AbortSignal): boolean {
  return (
    (signal.aborted && !(signal.reason instanceof JobInterrupt)) ||
    (error instanceof StudioError && error.code === 'CANCELLED')
  );
}

export class JobManager {
  readonly #db: Database.Database;
  readonly #hub: EventHub;
  readonly #now: () => number;
  readonly #lock: Mutex;
  readonly #live = new Map<number, LiveJob>();
  readonly #runners = new Map<string, ResumableRunner>();
  readonly #queue: number[] = [];
  /** Requeued at open but not run in this session (resumeJobs off): expected, not interrupted. */
  readonly #held = new Set<number>();
  /** Recovered from a crash and not run since. */
  readonly #crashed = new Set<number>();
  #active: LiveJob | null = null;
  #dispatching = false;
  #closed = false;

  constructor(db: Database.Database, hub: EventHub, lock: Mutex, now: () => number = Date.now) {
    this.#db = db;
    this.#hub = hub;
    this.#lock = lock;
    this.#now = now;
  }

  registerRunner(kind: string, runner: ResumableRunner): void {
    this.#runners.set(kind, runner);
  }

  /**
   * On open, before anything else runs: fail interrupted immediate jobs, requeue resumable ones
   * (with `resume` false they stay queued in the catalog for a later open, and are not run now).
   * Returns the queued job ids; `start()` begins running them.
   */
  recoverInterrupted(resume = true): number[] {
    const { queued, crashed } = recoverJobRows(this.#db, [...this.#runners.keys()], this.#now());
    for (const id of crashed) this.#crashed.add(id);
    for (const id of queued) {
      if (resume && !this.#queue.includes(id)) this.#queue.push(id);
      else if (!resume) this.#held.add(id);
    }
    return queued;
  }

  /** Begin dispatching queued jobs (off until the project is fully open). */
  start(): void {
    this.#dispatching = true;
    this.#pump();
  }

  /** Run `task` as an immediate job. The caller holds the write lock. */
  async run<T>(spec: JobSpec, task: (ctx: JobContext) => Promise<T>): Promise<{ jobId: number; result: T }> {
    const live = this.#track(insertJob(this.#db, spec, 'running', this.#now()));
    this.#emit(live);
    try {
      const result = await task(this.#context(live));
      this.#settle(live, 'done', null);
      saveJob(this.#db, live.job, result);
      return { jobId: live.job.id, result };
    } catch (error) {
      const cancelled = isCancel(error, live.controller.signal);
      this.#settle(live, cancelled ? 'cancelled' : 'failed', cancelled ? null : errorMessage(error));
      saveJob(this.#db, live.job, null);
      throw error;
    } finally {
      this.#live.delete(live.job.id);
    }
  }

  /** Insert a queued job row; call inside the transaction that creates its work, then `schedule`. */
  createQueued(spec: JobSpec): Job {
    if (!this.#runners.has(spec.kind)) throw new Error(`no runner for job kind ${spec.kind}`);
    return insertJob(this.#db, spec, 'queued', this.#now());
  }

  /** Queue a committed job row (from `createQueued`) to run. */
  schedule(id: number): void {
    if (!this.#queue.includes(id)) this.#queue.push(id);
    this.#hub.emit('jobs.progress', this.get(id));
    this.#pump();
  }

  /** Stop dispatching a queued job's items; it shows paused at once, items in flight still commit. */
  async pause(id: number): Promise<boolean> {
    const live = this.#live.get(id);
    if (live) {
      if (live !== this.#active || live.after !== null) return live.after === 'paused';
      live.after = 'paused';
      live.controller.abort(new JobInterrupt('pause'));
      this.#mark(live, 'paused');
      return true;
    }
    return this.#changeStored(id, ['queued'], 'paused');
  }

  async resume(id: number): Promise<boolean> {
    const live = this.#live.get(id);
    if (live) {
      if (live.after !== 'paused') return false;
      live.after = 'queued';
      this.#mark(live, 'queued');
      return true;
    }
    const resumed = await this.#changeStored(id, ['paused', 'failed'], 'queued');
    if (resumed) this.schedule(id);
    return resumed;
  }

  async cancel(id: number): Promise<boolean> {
    const live = this.#live.get(id);
    if (live) {
      if (live.after === 'cancelled') return false;
      if (live === this.#active) live.after = 'cancelled';
      if (!live.controller.signal.aborted) {
        live.controller.abort(new StudioError('CANCELLED', `${live.job.title}: cancelled`));
      }
      if (live === this.#active) this.#mark(live, 'cancelled');
      return true;
    }
    return this.#changeStored(id, ['queued', 'paused'], 'cancelled');
  }

  /**
   * Closing: stop dispatching, cancel immediate jobs (they cannot resume), interrupt the running
   * queued job (it goes back to queued, or stays paused/cancelled if asked) and wait for it.
   */
  async shutdown(): Promise<void> {
    this.#closed = true;
    this.#dispatching = false;
    const settling: Promise<void>[] = [];
    for (const live of this.#live.values()) {
      if (live === this.#active) {
        live.after ??= 'queued';
        if (!live.controller.signal.aborted) live.controller.abort(new JobInterrupt('shutdown'));
        settling.push(live.settled);
      } else {
        live.controller.abort(new StudioError('CANCELLED', `${live.job.title}: cancelled`));
      }
    }
    await Promise.all(settling);
  }

  /** Jobs running now. */
  liveIds(): ReadonlySet<number> {
    return new Set(this.#live.keys());
  }

  /** Jobs whose unfinished state is expected: running, waiting in the queue, or paused (resumable). */
  accountedIds(): ReadonlySet<number> {
    const paused = pausedJobIds(this.#db, [...this.#runners.keys()]);
    return new Set([...this.#live.keys(), ...this.#queue, ...this.#held, ...paused]);
  }

  list(limit: number): Job[] {
    return listJobRows(this.#db, limit).map((job) => this.#snapshot(job));
  }

  get(id: number): Job {
    const stored = getJobRow(this.#db, id);
    if (!stored) throw new StudioError('NOT_FOUND', `job ${id} does not exist`, { id });
    return this.#snapshot(stored.job);
  }

  #snapshot(job: Job): Job {
    const live = this.#live.get(job.id);
    return live ? { ...live.job } : job;
  }

  #pump(): void {
    if (!this.#dispatching || this.#closed || this.#active !== null) return;
    const id = this.#queue.shift();
    if (id === undefined) return;
    void this.#runQueued(id);
  }

  async #runQueued(id: number): Promise<void> {
    const stored = getJobRow(this.#db, id);
    const runner = stored && this.#runners.get(stored.job.kind);
    if (!stored || !runner || stored.job.state !== 'queued') {
      this.#pump();
      return;
    }
    let release!: () => void;
    const live = this.#track(
      { ...stored.job, state: 'running', error: null },
      new Promise((r) => (release = r)),
    );
    this.#active = live;
    try {
      await this.#lock.runExclusive(() => saveJob(this.#db, live.job));
      this.#emit(live);
      const result = await this.#runRunner(live, runner, stored.params);
      await this.#lock.runExclusive(() => saveJob(this.#db, live.job, result));
    } catch (error) {
      console.error(`[pose-studio] job ${id} bookkeeping failed:`, error);
    } finally {
      this.#live.delete(id);
      this.#active = null;
      release();
      if (live.job.state === 'queued' && !this.#closed) this.#queue.push(id);
      this.#pump();
    }
  }

  /** Run the runner; leaves `live.job` in its final state and returns the result to persist. */
  async #runRunner(live: LiveJob, runner: ResumableRunner, params: unknown): Promise<unknown> {
    try {
      const result = await runner(this.#context(live), params);
      this.#settle(live, 'done', null);
      return result;
    } catch (error) {
      const signal = live.controller.signal;
      if (signal.aborted && live.after !== null) this.#settle(live, live.after, null);
      else if (isCancel(error, signal)) this.#settle(live, 'cancelled', null);
      else this.#settle(live, 'failed', errorMessage(error));
      return null;
    }
  }

  async #changeStored(id: number, from: readonly JobState[], to: JobState): Promise<boolean> {
    const changed = await this.#lock.runExclusive(() => {
      const stored = getJobRow(this.#db, id);
      if (!stored) throw new StudioError('NOT_FOUND', `job ${id} does not exist`, { id });
      if (!this.#runners.has(stored.job.kind) && to !== 'cancelled') return null;
      if (!from.includes(stored.job.state) || this.#live.has(id)) return null;
      const job: Job = { ...stored.job, state: to, error: to === 'queued' ? null : stored.job.error };
      job.updatedAt = this.#now();
      saveJob(this.#db, job);
      return job;
    });
    if (!changed) return false;
    const at = this.#queue.indexOf(id);
    if (at >= 0 && to !== 'queued') this.#queue.splice(at, 1);
    this.#hub.emit('jobs.progress', changed);
    return true;
  }

  #track(job: Job, settled: Promise<void> = Promise.resolve()): LiveJob {
    const live: LiveJob = {
      job,
      controller: new AbortController(),
      rate: new RateEstimator(),
      throttle: createThrottle(250, this.#now),
      after: null,
      settled,
    };
    this.#live.set(job.id, live);
    return live;
  }

  #context(live: LiveJob): JobContext {
    const afterCrash = this.#crashed.delete(live.job.id);
    return {
      id: live.job.id,
      signal: live.controller.signal,
      afterCrash,
      progress: (done, total, message) => this.#progress(live, done, total, message),
    };
  }

  #progress(live: LiveJob, done: number, total?: number | null, message?: string | null): void {
    const now = this.#now();
    const job = live.job;
    job.done = done;
    if (total !== undefined) job.total = total;
    if (message !== undefined) job.message = message;
    job.updatedAt = now;
    live.rate.push(done, now);
    job.rate = live.rate.rate();
    job.etaSeconds = live.rate.etaSeconds(done, job.total);
    if (live.throttle()) this.#emit(live);
  }

  /** Show a requested state at once (pause, resume, cancel while items in flight finish). */
  #mark(live: LiveJob, state: JobState): void {
    live.job.state = state;
    live.job.updatedAt = this.#now();
    this.#emit(live);
  }

  #settle(live: LiveJob, state: JobState, error: string | null): void {
    const job = live.job;
    job.state = state;
    job.error = error;
    job.rate = state === 'running' ? job.rate : null;
    job.etaSeconds = state === 'done' ? 0 : null;
    if (state === 'done' && job.total !== null) job.done = job.total;
    job.updatedAt = this.#now();
    this.#emit(live);
  }

  #emit(live: LiveJob): void {
    this.#hub.emit('jobs.progress', { ...live.job });
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
