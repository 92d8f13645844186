/**
 * @file Scoring jobs: the quality worker pool (started on first use, kept for the life of the
 * studio) and the runner of `score` jobs. A job's variants were frozen in `score_queue` when it was
 * queued; the runner walks what is left of the queue in variant order, keeps the pool fed, and
 * commits scores in small batches (each batch also removes its items from the queue), so pause,
 * close, cancel and a crash all leave exactly "the queue's remaining rows" to do.
 *
 * An item the worker refuses (an unreadable image) leaves the queue unscored and counts as failed;
 * an item lost because a worker died stays queued, and the job fails asking to be resumed.
 */
import { join } from 'node:path';
import type { EventHub } from '../../contract';
import {
  commitScores,
  dropQueued,
  queueSize,
  queuedVariants,
  type ScoredVariant,
} from '../catalog/node/qualityRepo';
import type { JobContext, ResumableRunner } from '../jobs/node/jobManager';
import { getJobRow } from '../jobs/node/jobRows';
import { createThrottle } from '../jobs/progress';
import type { QualityWorkerData, ScoreResult, ScoreTask } from '../jobs/node/scoreTask';
import { resolveWorkerEntry, spawnWorker } from '../jobs/node/workerEntry';
import { WorkerCrashError, WorkerPool, WorkerTaskError, defaultPoolSize } from '../jobs/node/workerPool';
import type { Mutex } from '../shared/mutex';
import type { Project } from './project';

export const SCORE_KIND = 'score';

export type QualityPool = WorkerPool<ScoreTask, ScoreResult>;

export type QualityEngine = { pool(): QualityPool; close(): Promise<void> };

export type QualityEngineOptions = {
  /** Module exporting a `QualityScorer` to use instead of the built-in one (tests, plug-ins). */
  scorerModule?: string;
  /** Worker threads (default: available parallelism - 1, at least 1). */
  workers?: number;
  /** onnxruntime threads per worker (default 1: the pool spreads work over cores). */
  threads?: number;
};

export function createQualityEngine(options: QualityEngineOptions = {}): QualityEngine {
  let pool: QualityPool | null = null;
  return {
    pool() {
      if (!pool) {
        // Beside workerEntry's own code: core/jobs/node from source, out/main in the bundle.
        const entry = resolveWorkerEntry(undefined, 'qualityWorker');
        const data: QualityWorkerData = {
          scorerModule: options.scorerModule ?? null,
          threads: options.threads ?? 1,
        };
        // Two tasks per worker: one decodes (libuv) while the other runs the detector.
        pool = new WorkerPool<ScoreTask, ScoreResult>(() => spawnWorker(entry, data), {
          size: options.workers ?? defaultPoolSize(),
          tasksPerWorker: 2,
        });
      }
      return pool;
    },
    async close() {
      const current = pool;
      pool = null;
      await current?.close();
    },
  };
}

export type ScoreDeps = {
  project: Project;
  lock: Mutex;
  hub: EventHub;
  now: () => number;
  engine: QualityEngine;
  /** Check id of the near-duplicate score the commit derives. */
  duplicateCheck: string;
  /** Items per commit transaction / longest wait for a batch to fill. */
  batchSize?: number;
  flushMs?: number;
};

export type ScoreSummary = { scored: number; failed: number; errors: string[]; seconds: number };

const PAGE = 256;
const MAX_ERRORS = 5;

type State = {
  deps: ScoreDeps;
  ctx: JobContext;
  total: number;
  done: number;
  summary: ScoreSummary;
  pending: ScoredVariant[];
  timer: NodeJS.Timeout | null;
  chain: Promise<void>;
  failure: unknown;
  crashed: number;
  announce: (force?: boolean) => boolean;
};

function report(state: State): void {
  const { scored, failed } = state.summary;
  state.ctx.progress(
    Math.min(state.done, state.total),
    state.total,
    `${scored} scored${failed ? `, ${failed} failed` : ''}`,
  );
}

function flush(state: State): Promise<void> {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  const items = state.pending.splice(0);
  if (items.length === 0) return state.chain;
  const { deps, ctx } = state;
  state.chain = state.chain
    .then(async () => {
      if (state.failure !== null) return;
      await deps.lock.runExclusive(() =>
        commitScores(deps.project.catalog.writer, items, deps.now(), {
          duplicateCheck: deps.duplicateCheck,
          jobId: ctx.id,
        }),
      );
      state.summary.scored += items.length;
      state.done += items.length;
      report(state);
      if (state.announce()) deps.hub.emit('catalog.changed', { entity: 'scores', reason: 'scored' });
    })
    .catch((error: unknown) => {
      state.failure ??= error;
    });
  return state.chain;
}

function add(state: State, result: ScoreResult): void {
  state.pending.push({
    variantId: result.variantId,
    scores: result.scores,
    faces: result.faces,
    phash: result.phash,
  });
  if (state.pending.length >= (state.deps.batchSize ?? 32)) void flush(state);
  else state.timer ??= setTimeout(() => void flush(state), state.deps.flushMs ?? 250);
}

async function drop(state: State, ids: number[], message: string | null): Promise<void> {
  if (ids.length === 0) return;
  await state.deps.lock.runExclusive(() => dropQueued(state.deps.project.catalog.writer, state.ctx.id, ids));
  state.done += ids.length;
  if (message !== null) {
    state.summary.failed += ids.length;
    if (state.summary.errors.length < MAX_ERRORS) state.summary.errors.push(message);
  }
  report(state);
}

async function scoreOne(state: State, task: ScoreTask): Promise<void> {
  try {
    add(state, await state.deps.engine.pool().run(task));
  } catch (error) {
    if (error instanceof WorkerTaskError)
      return drop(state, [task.variantId], `variant ${task.variantId}: ${error.message}`);
    if (error instanceof WorkerCrashError && error.phase === 'run') {
      state.crashed += 1; // stays queued: tried again on resume
      return;
    }
    throw error;
  }
}

const stopping = (state: State): boolean => state.ctx.signal.aborted || state.failure !== null;

async function dispatchAll(state: State, limit: number): Promise<void> {
  const reader = state.deps.project.catalog.reader;
  const media = state.deps.project.folder('media');
  const inFlight = new Set<Promise<void>>();
  try {
    for (let after = 0; ;) {
      const page = queuedVariants(reader, state.ctx.id, after, PAGE);
      if (page.length === 0) return;
      await drop(
        state,
        page.filter((q) => q.item === null).map((q) => q.variantId),
        null,
      );
      for (const queued of page) {
        if (queued.item === null) continue;
        while (inFlight.size >= limit && !stopping(state)) await Promise.race(inFlight);
        if (stopping(state)) return;
        const task = {
          variantId: queued.variantId,
          rgbPath: join(media, queued.item.rgbPath),
          keypoints: queued.item.keypoints,
        };
        const done: Promise<void> = scoreOne(state, task)
          .catch((error: unknown) => {
            state.failure ??= error;
          })
          .finally(() => inFlight.delete(done));
        inFlight.add(done);
      }
      after = page[page.length - 1]!.variantId;
    }
  } finally {
    await Promise.all(inFlight);
  }
}

/** Do what is left of scoring job `ctx.id`. Throws the abort reason when stopped early. */
export async function runScoring(deps: ScoreDeps, ctx: JobContext): Promise<ScoreSummary> {
  const started = deps.now();
  const reader = deps.project.catalog.reader;
  const total = getJobRow(reader, ctx.id)?.job.total ?? queueSize(reader, ctx.id);
  const state: State = {
    deps,
    ctx,
    total,
    done: Math.max(0, total - queueSize(reader, ctx.id)),
    summary: { scored: 0, failed: 0, errors: [], seconds: 0 },
    pending: [],
    timer: null,
    chain: Promise.resolve(),
    failure: null,
    crashed: 0,
    announce: createThrottle(1000, deps.now),
  };
  report(state);
  try {
    if (total > state.done) await dispatchAll(state, deps.engine.pool().capacity + 1);
  } finally {
    await flush(state);
    deps.hub.emit('catalog.changed', { entity: 'scores', reason: 'scored' });
  }
  if (state.failure !== null) throw state.failure;
  if (ctx.signal.aborted) throw ctx.signal.reason;
  if (state.crashed > 0) {
    throw new Error(
      `${state.crashed} variants were not scored because a worker stopped; resume the job to try them again`,
    );
  }
  state.summary.seconds = (deps.now() - started) / 1000;
  return state.summary;
}

export function createScoreRunner(deps: ScoreDeps): ResumableRunner {
  return (ctx) => runScoring(deps, ctx);
}
