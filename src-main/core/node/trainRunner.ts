/**
 * @file Job runners for training and evaluation. Each job start runs one worker thread (training
 * never shares the thread that serves IPC/HTTP); this side turns the worker's messages into job
 * progress (steps, rate, ETA), batched metric rows and `train.metrics` events, and evaluation rows.
 *
 * Stopping (pause, close, cancel): the worker is told to stop; it finishes the step in flight, saves
 * a checkpoint and exits; then the runner throws the signal's reason and the job manager persists
 * the state. Running the runner again resumes from the latest checkpoint, bit-exact with a run that
 * never stopped (Trainer.resume); the steps after that checkpoint are redone and their metric rows
 * rewritten.
 */
import { join } from 'node:path';
import type { EventHub, MetricPoint, TrainRequest } from '../../contract';
import type { JobContext, ResumableRunner } from '../jobs/node/jobManager';
import type { Mutex } from '../shared/mutex';
import { startTrainThread, type ThreadMessage } from '../train/node/trainThread';
import {
  getTrainRun,
  getTrainRunByJob,
  insertEval,
  insertMetrics,
  setRunStep,
} from '../catalog/node/trainRepo';
import type { Project } from './project';

export const TRAIN_KIND = 'train';
export const EVAL_KIND = 'evaluate';

export type TrainDeps = { project: Project; lock: Mutex; hub: EventHub; now: () => number };

export type EvalParams = { runId: number; step: number | null };

export function trainRunDir(project: Project, runId: number): string {
  return join(project.folder('runs'), `train-${runId}`);
}

const FLUSH_MS = 500;

/** Collects step points and writes them in batches (one transaction, one event per flush). */
function metricsSink(deps: TrainDeps, runId: number) {
  let pending: MetricPoint[] = [];
  let timer: NodeJS.Timeout | null = null;
  let chain = Promise.resolve();
  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    const points = pending;
    pending = [];
    if (points.length === 0) return chain;
    chain = chain.then(() =>
      deps.lock.runExclusive(() => {
        const db = deps.project.catalog.writer;
        db.transaction(() => insertMetrics(db, runId, points)).immediate();
        deps.hub.emit('train.metrics', { runId, points });
      }),
    );
    return chain;
  };
  const push = (point: MetricPoint): void => {
    pending.push(point);
    timer ??= setTimeout(() => void flush(), FLUSH_MS);
  };
  return { push, flush };
}

/** Runs the worker until it exits; on an abort asks it to stop, then throws the abort reason. */
async function superviseThread(
  ctx: JobContext,
  start: (onMessage: (m: ThreadMessage) => void) => { finished: Promise<void>; stop(): void },
  onMessage: (m: ThreadMessage) => void,
): Promise<void> {
  const thread = start(onMessage);
  const stop = () => thread.stop();
  ctx.signal.addEventListener('abort', stop, { once: true });
  try {
    await thread.finished;
  } finally {
    ctx.signal.removeEventListener('abort', stop);
  }
  if (ctx.signal.aborted) throw ctx.signal.reason;
}

export function createTrainRunner(deps: TrainDeps): ResumableRunner {
  return async (ctx) => {
    const row = getTrainRunByJob(deps.project.catalog.reader, ctx.id);
    if (!row) throw new Error(`job ${ctx.id} has no training run`);
    const request = JSON.parse(row.request) as TrainRequest;
    const sink = metricsSink(deps, row.id);
    let lastStep = row.step;
    const onMessage = (message: ThreadMessage): void => {
      if (message.type === 'prepare') {
        ctx.progress(lastStep, request.steps, `Preparing images ${message.done}/${message.total}`);
      } else if (message.type === 'start') {
        lastStep = message.fromStep;
        void deps.lock.runExclusive(() => setRunStep(deps.project.catalog.writer, row.id, message.fromStep));
        ctx.progress(lastStep, request.steps, null);
      } else if (message.type === 'step') {
        lastStep = message.point.step + 1;
        sink.push(message.point);
        ctx.progress(lastStep, request.steps, null);
      } else if (message.type === 'checkpoint') {
        deps.hub.emit('catalog.changed', { entity: 'trainRuns', reason: 'checkpoint' });
      }
    };
    const input = {
      mode: 'train' as const,
      runDir: trainRunDir(deps.project, row.id),
      mediaDir: deps.project.folder('media'),
      request,
    };
    try {
      await superviseThread(ctx, (on) => startTrainThread(input, on), onMessage);
    } finally {
      await sink.flush();
      deps.hub.emit('catalog.changed', { entity: 'trainRuns', reason: 'stopped' });
    }
    return { runId: row.id, step: lastStep };
  };
}

export function createEvalRunner(deps: TrainDeps): ResumableRunner {
  return async (ctx, params) => {
    const { runId, step } = params as EvalParams;
    const row = getTrainRun(deps.project.catalog.reader, runId);
    if (!row) throw new Error(`training run ${runId} no longer exists`);
    const request = JSON.parse(row.request) as TrainRequest;
    let total = row.eval_count;
    let outcome: Extract<ThreadMessage, { type: 'result' }> | null = null;
    const onMessage = (message: ThreadMessage): void => {
      if (message.type === 'prepare')
        ctx.progress(0, null, `Preparing images ${message.done}/${message.total}`);
      else if (message.type === 'features') {
        total = message.total;
        ctx.progress(message.done, total, 'Extracting features');
      } else if (message.type === 'result') outcome = message;
    };
    const input = {
      mode: 'eval' as const,
      runDir: trainRunDir(deps.project, runId),
      mediaDir: deps.project.folder('media'),
      request,
      step,
    };
    await superviseThread(ctx, (on) => startTrainThread(input, on), onMessage);
    const got = outcome as Extract<ThreadMessage, { type: 'result' }> | null;
    if (got === null) throw new Error('the evaluation ended without a result');
    const id = await deps.lock.runExclusive(() =>
      insertEval(deps.project.catalog.writer, { runId, step: got.step, ...got.report }, deps.now()),
    );
    ctx.progress(total, total, 'Probes done');
    deps.hub.emit('catalog.changed', { entity: 'evals', reason: 'evaluated' });
    return { step: got.step, id };
  };
}
