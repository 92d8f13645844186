/**
 * @file Runs (the rest of) a generation job: walk the run's pending items page by page, keep the
 * worker pool fed (its capacity plus one in flight, so a worker never waits while this thread writes
 * files), write each result's files at their content address, and hand it to the batch committer.
 * This thread only writes files (async I/O) and commits rows; drawing, encoding and hashing happen
 * in the workers.
 *
 * Stopping (pause, close, cancel): no new item is dispatched; items in flight finish and commit;
 * then the runner throws the signal's reason and the job manager persists the state. Running the
 * runner again does only what is left, so nothing is lost or made twice. A generator with dedicated
 * workers (slow, model-backed) is the exception: its items in flight are aborted between steps and
 * stay pending, and its pool is stopped when the run ends. Previews its workers post go out as
 * throttled `generate.preview` events. A generator that reports itself unavailable
 * (GeneratorUnavailableError) fails the job with its message and leaves the items pending.
 */
import { StudioError, type EventHub } from '../../contract';
import {
  getRunByJob,
  pendingItems,
  posesForGeneration,
  retryableErrorCount,
  runCounts,
  settledCount,
  type PendingItem,
  type RunRow,
} from '../catalog/node/generationRepo';
import type { JobContext, ResumableRunner } from '../jobs/node/jobManager';
import type { GenerateEvent, GeneratedItem, GenerateTask } from '../jobs/node/generateTask';
import { WorkerAbortError, WorkerCrashError, WorkerTaskError } from '../jobs/node/workerPool';
import { putMedia, sweepTempFiles } from '../media/node/mediaStore';
import type { Mutex } from '../shared/mutex';
import type { GeneratorPose } from '../generate/types';
import { CommitBatch, type Committed } from './generationCommit';
import type { GenerationEngine } from './generationEngine';
import { itemSeed } from './generationItems';
import type { Project } from './project';

export const GENERATE_KIND = 'generate';

export type PromptSampler = (template: string, seed: number) => string;

export type GenerationTuning = {
  /** Items per commit transaction. */
  batchSize?: number;
  /** Longest an item waits for its batch to fill. */
  flushMs?: number;
  /** fsync each media file before its rename (power-loss safety at a cost per file). */
  durable?: boolean;
};

export type GenerationDeps = {
  project: Project;
  lock: Mutex;
  hub: EventHub;
  now: () => number;
  engine: GenerationEngine;
  samplePrompt: PromptSampler;
  tuning?: GenerationTuning;
};

export type GenerationSummary = {
  runId: number;
  made: number;
  failed: number;
  adopted: number;
  seconds: number;
  drawMs: number;
  encodeMs: number;
};

const POSE_PAGE = 64;
/** At most one `generate.preview` per run this often. */
export const PREVIEW_INTERVAL_MS = 250;

type RunState = {
  deps: GenerationDeps;
  run: RunRow;
  ctx: JobContext;
  commits: CommitBatch;
  summary: GenerationSummary;
  fatal: unknown;
  /** The generator has its own workers: items in flight abort with the job. */
  dedicated: boolean;
  lastPreviewAt: number;
};

function taskFor(state: RunState, item: PendingItem, pose: GeneratorPose): GenerateTask {
  const { request, id: runId, variantsPerPose } = state.run;
  const seed = itemSeed({
    mode: request.seedMode,
    seed: request.seed,
    runId,
    ordinal: item.ordinal,
    index: item.index,
    variantsPerPose,
  });
  const prompt = state.deps.samplePrompt(request.promptTemplate, seed);
  const params = {
    width: request.width,
    height: request.height,
    prompt,
    seed,
    count: 1,
    options: request.options,
    poseId: item.poseId,
  };
  return { generatorId: state.run.generator, pose, params };
}

async function storeResult(state: RunState, item: PendingItem, result: GeneratedItem): Promise<void> {
  const mediaRoot = state.deps.project.folder('media');
  const durable = state.deps.tuning?.durable ?? false;
  // Renamed into place before the batch that names them can commit.
  const files = await Promise.all(
    result.files.map(async (file) => ({
      role: file.role,
      stored: await putMedia(mediaRoot, file, { durable }),
    })),
  );
  state.summary.adopted += files.filter((file) => file.stored.adopted).length;
  state.summary.drawMs += result.timings.drawMs;
  state.summary.encodeMs += result.timings.encodeMs;
  const v = result.variant;
  state.commits.add({
    kind: 'variant',
    files,
    row: {
      runId: state.run.id,
      poseId: item.poseId,
      index: item.index,
      generator: state.run.generator,
      prompt: v.prompt,
      seed: v.seed,
      width: v.width,
      height: v.height,
      params: v.params,
      keypoints: v.keypoints,
      attributes: v.attributes,
      faceDefect: v.faceDefect,
    },
  });
}

/** Forwards an item's previews as `generate.preview` events, at most one per interval per run. */
function previewEmitter(state: RunState, item: PendingItem) {
  return (raw: unknown): void => {
    const event = raw as GenerateEvent;
    if (event?.kind !== 'preview') return;
    const at = Date.now();
    if (at - state.lastPreviewAt < PREVIEW_INTERVAL_MS) return;
    state.lastPreviewAt = at;
    state.deps.hub.emit('generate.preview', {
      jobId: state.ctx.id,
      runId: state.run.id,
      poseId: item.poseId,
      index: item.index,
      step: event.step,
      steps: event.steps,
      width: event.width,
      height: event.height,
      dataUrl: `data:image/png;base64,${Buffer.from(event.png).toString('base64')}`,
    });
  };
}

async function processItem(state: RunState, item: PendingItem, pose: GeneratorPose): Promise<void> {
  let result: GeneratedItem;
  try {
    const pool = state.deps.engine.pool(state.run.generator);
    result = await pool.run(taskFor(state, item, pose), {
      onEvent: previewEmitter(state, item),
      ...(state.dedicated ? { signal: state.ctx.signal } : {}),
    });
  } catch (error) {
    // Stopped with the job: nothing recorded, the item stays pending for the resume.
    if (error instanceof WorkerAbortError) return;
    // The generator cannot run at all now (e.g. its model cannot be loaded): the run stops with its
    // message and nothing is recorded, so a resume makes the items once the cause is fixed.
    if (error instanceof WorkerTaskError && error.unavailable) throw error;
    // The generator refused this item: final (it would refuse again). A worker died: retried on resume.
    if (error instanceof WorkerTaskError) {
      state.commits.add({ kind: 'error', item, message: error.message, final: true });
      return;
    }
    if (error instanceof WorkerCrashError && error.phase === 'run') {
      state.commits.add({ kind: 'error', item, message: error.message, final: false });
      return;
    }
    throw error;
  }
  await storeResult(state, item, result);
}

function stopping(state: RunState): boolean {
  return state.ctx.signal.aborted || state.fatal !== null || state.commits.failure !== null;
}

/** Dispatch every pending item, at most `limit` in flight; returns when all dispatched ones settled. */
async function dispatchAll(state: RunState, limit: number): Promise<void> {
  const reader = state.deps.project.catalog.reader;
  const inFlight = new Set<Promise<void>>();
  try {
    for (let after = -1; ;) {
      const page = pendingItems(reader, state.run, after, POSE_PAGE);
      const poses = posesForGeneration(reader, [...new Set(page.items.map((item) => item.poseId))]);
      for (const item of page.items) {
        while (inFlight.size >= limit && !stopping(state)) await Promise.race(inFlight);
        if (stopping(state)) return;
        const pose = poses.get(item.poseId);
        if (!pose) continue; // deleted since the page was read
        const done: Promise<void> = processItem(state, item, pose)
          .catch((error: unknown) => {
            state.fatal ??= error;
          })
          .finally(() => inFlight.delete(done));
        inFlight.add(done);
      }
      if (page.lastOrdinal === null) return;
      after = page.lastOrdinal;
    }
  } finally {
    await Promise.all(inFlight);
  }
}

type Progress = Pick<RunState, 'deps' | 'run' | 'ctx'> & { summary: GenerationSummary; settled: number };

function onCommitted(progress: Progress) {
  return (committed: Committed): void => {
    const { summary, run, ctx, deps } = progress;
    summary.made += committed.variants;
    summary.failed += committed.errors;
    progress.settled += committed.entries;
    const message = `${summary.made} made${summary.failed > 0 ? `, ${summary.failed} failed` : ''}`;
    ctx.progress(Math.min(progress.settled, run.total), run.total, message);
    if (committed.variants > 0 && committed.lastId !== null) {
      deps.hub.emit('variants.created', {
        runId: run.id,
        count: committed.variants,
        lastId: committed.lastId,
      });
    }
  };
}

function checkOutcome(state: RunState): void {
  const reader = state.deps.project.catalog.reader;
  const counts = runCounts(reader, state.run.id);
  if (counts.done === 0 && counts.failed > 0) {
    throw new Error(`every item failed (${counts.failed}); see the run's item errors`);
  }
  const retryable = retryableErrorCount(reader, state.run.id);
  if (retryable > 0) {
    throw new Error(`${retryable} items failed because a worker stopped; resume the job to try them again`);
  }
}

/** Do what is left of `run`. Throws the abort reason when stopped early. */
export async function runGeneration(
  deps: GenerationDeps,
  run: RunRow,
  ctx: JobContext,
): Promise<GenerationSummary> {
  const started = deps.now();
  const generator = deps.engine.catalog.require(run.generator);
  // A kill mid-write leaves temp files; this run is now the only writer of the store.
  if (ctx.afterCrash) await sweepTempFiles(deps.project.folder('media'));
  const summary: GenerationSummary = {
    runId: run.id,
    made: 0,
    failed: 0,
    adopted: 0,
    seconds: 0,
    drawMs: 0,
    encodeMs: 0,
  };
  const progress: Progress = {
    deps,
    run,
    ctx,
    summary,
    settled: settledCount(deps.project.catalog.reader, run.id),
  };
  ctx.progress(Math.min(progress.settled, run.total), run.total, null);
  const commits = new CommitBatch({
    db: deps.project.catalog.writer,
    lock: deps.lock,
    runId: run.id,
    now: deps.now,
    batchSize: deps.tuning?.batchSize ?? 8,
    flushMs: deps.tuning?.flushMs ?? 200,
    onCommitted: onCommitted(progress),
  });
  const dedicated = generator.dedicatedWorkers !== undefined;
  const state: RunState = { deps, run, ctx, summary, fatal: null, commits, dedicated, lastPreviewAt: 0 };
  try {
    await dispatchAll(state, deps.engine.pool(run.generator).capacity + 1);
  } finally {
    await state.commits.flush();
    // A model-backed generator's workers (and the model they hold) go with the run.
    if (dedicated) await deps.engine.releasePool(run.generator);
  }
  if (state.commits.failure !== null) throw state.commits.failure;
  if (state.fatal !== null) throw state.fatal;
  if (ctx.signal.aborted) throw ctx.signal.reason;
  checkOutcome(state);
  summary.seconds = (deps.now() - started) / 1000;
  return summary;
}

/** The runner of `generate` jobs: finds the job's run and does what is left of it. */
export function createGenerationRunner(deps: GenerationDeps): ResumableRunner {
  return (ctx) => {
    const run = getRunByJob(deps.project.catalog.reader, ctx.id);
    if (!run) throw new StudioError('NOT_FOUND', `job ${ctx.id} has no generation run`);
    return runGeneration(deps, run, ctx);
  };
}
