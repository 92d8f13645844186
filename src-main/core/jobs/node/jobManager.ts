/**
 * @file Persisted jobs: a row per long task (kind, params, state, progress, error, result), live
 * progress in memory with rate and ETA, throttled `jobs.progress` events, cancellation through an
 * AbortSignal, and recovery of jobs a killed process left `running`.
 *
 * Rows are written only at start, end and state changes, and only outside catalog transactions
 * (callers hold the write lock), so a rolled-back import never rewinds its own job row.
 */
import type Database from 'better-sqlite3';
import { StudioError, type EventHub, type Job, type JobState } from '../../../contract';
import { RateEstimator, createThrottle } from '../progress';

export type JobSpec = {
  kind: string;
  title: string;
  params: unknown;
  unit: string;
  total?: number | null;
  /** The client's id for this request, echoed in the job so it can follow it. */
  requestId?: string | null;
};

export type JobContext = {
  readonly id: number;
  readonly signal: AbortSignal;
  progress(done: number, total?: number | null, message?: string | null): void;
};

type LiveJob = {
  job: Job;
  controller: AbortController;
  rate: RateEstimator;
  throttle: (force?: boolean) => boolean;
};

type JobRow = {
  id: number;
  kind: string;
  request_id: string | null;
  title: string;
  state: JobState;
  done: number;
  total: number | null;
  unit: string;
  message: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
};

function fromRow(row: JobRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    requestId: row.request_id,
    title: row.title,
    state: row.state,
    done: row.done,
    total: row.total,
    unit: row.unit,
    rate: null,
    etaSeconds: null,
    message: row.message,
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class JobManager {
  readonly #db: Database.Database;
  readonly #hub: EventHub;
  readonly #now: () => number;
  readonly #live = new Map<number, LiveJob>();

  constructor(db: Database.Database, hub: EventHub, now: () => number = Date.now) {
    this.#db = db;
    this.#hub = hub;
    this.#now = now;
  }

  /** Mark jobs a killed process left queued/running as failed; returns how many. */
  recoverInterrupted(): number {
    const info = this.#db
      .prepare(
        `UPDATE jobs SET state = 'failed', error = ?, updated_at = ? WHERE state IN ('queued', 'running', 'paused')`,
      )
      .run(
        'interrupted: the studio stopped while this job ran; work from its unfinished step was rolled back',
        this.#now(),
      );
    return info.changes;
  }

  /** Run `task` as a persisted job. Resolves with its result; rejects with its error. */
  async run<T>(spec: JobSpec, task: (ctx: JobContext) => Promise<T>): Promise<{ jobId: number; result: T }> {
    const live = this.#start(spec);
    const ctx: JobContext = {
      id: live.job.id,
      signal: live.controller.signal,
      progress: (done, total, message) => this.#progress(live, done, total, message),
    };
    try {
      const result = await task(ctx);
      this.#finish(live, 'done', null, result);
      return { jobId: live.job.id, result };
    } catch (error) {
      const cancelled =
        live.controller.signal.aborted || (error instanceof StudioError && error.code === 'CANCELLED');
      const message = error instanceof Error ? error.message : String(error);
      this.#finish(live, cancelled ? 'cancelled' : 'failed', cancelled ? null : message, null);
      throw error;
    } finally {
      this.#live.delete(live.job.id);
    }
  }

  cancel(id: number): boolean {
    const live = this.#live.get(id);
    if (!live) {
      const row = this.#db.prepare('SELECT state FROM jobs WHERE id = ?').get(id) as
        { state: JobState } | undefined;
      if (!row) throw new StudioError('NOT_FOUND', `job ${id} does not exist`, { id });
      return false;
    }
    live.controller.abort(new StudioError('CANCELLED', `${live.job.title}: cancelled`));
    return true;
  }

  /** Cancel every running job (closing the project, shutting down). */
  cancelAll(): void {
    for (const id of [...this.#live.keys()]) this.cancel(id);
  }

  liveIds(): ReadonlySet<number> {
    return new Set(this.#live.keys());
  }

  list(limit: number): Job[] {
    const rows = this.#db.prepare('SELECT * FROM jobs ORDER BY id DESC LIMIT ?').all(limit) as JobRow[];
    return rows.map((row) => this.#live.get(row.id)?.job ?? fromRow(row));
  }

  #start(spec: JobSpec): LiveJob {
    const now = this.#now();
    const info = this.#db
      .prepare(
        `INSERT INTO jobs (kind, request_id, title, params, state, done, total, unit, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'running', 0, ?, ?, ?, ?)`,
      )
      .run(
        spec.kind,
        spec.requestId ?? null,
        spec.title,
        JSON.stringify(spec.params ?? null),
        spec.total ?? null,
        spec.unit,
        now,
        now,
      );
    const job: Job = {
      id: Number(info.lastInsertRowid),
      kind: spec.kind,
      requestId: spec.requestId ?? null,
      title: spec.title,
      state: 'running',
      done: 0,
      total: spec.total ?? null,
      unit: spec.unit,
      rate: null,
      etaSeconds: null,
      message: null,
      error: null,
      createdAt: now,
      updatedAt: now,
    };
    const live: LiveJob = {
      job,
      controller: new AbortController(),
      rate: new RateEstimator(),
      throttle: createThrottle(250, this.#now),
    };
    this.#live.set(job.id, live);
    this.#hub.emit('jobs.progress', { ...job });
    return live;
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
    if (live.throttle()) this.#hub.emit('jobs.progress', { ...job });
  }

  #finish(live: LiveJob, state: JobState, error: string | null, result: unknown): void {
    const job = live.job;
    job.state = state;
    job.error = error;
    job.etaSeconds = state === 'done' ? 0 : null;
    if (state === 'done' && job.total !== null) job.done = job.total;
    job.updatedAt = this.#now();
    this.#db
      .prepare(
        'UPDATE jobs SET state = ?, done = ?, total = ?, message = ?, error = ?, result = ?, updated_at = ? WHERE id = ?',
      )
      .run(
        state,
        job.done,
        job.total,
        job.message,
        error,
        JSON.stringify(result ?? null),
        job.updatedAt,
        job.id,
      );
    this.#hub.emit('jobs.progress', { ...job });
  }
}
