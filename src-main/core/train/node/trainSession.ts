/**
 * @file What the training worker thread does for one (re)start of a run: read the frozen dataset,
 * decode the images into the run's tensor cache (reused on resume), build the recipe's train step,
 * create or resume the Trainer from the latest checkpoint, and step until done or told to stop,
 * posting progress, metrics and checkpoints to the main thread. Kept apart from the worker entry
 * (trainWorker.ts) so it runs in-process in tests.
 */
import { join } from 'node:path';
import type { MetricPoint, TrainRequest } from '../../../contract';
import { createBatchProvider } from '../data/batches';
import { loadImageStore } from '../data/node/imageCache';
import { type Group, groupSamples } from '../data/samples';
import type { ImageStore } from '../data/augment';
import { resolveVitConfig, samplerBatch } from '../modelConfig';
import { buildRecipe } from '../recipes';
import { buildTrainStep } from '../step';
import { flattenParams, type VitConfig } from '../vit';
import { listCheckpoints, pruneCheckpoints } from './checkpoint';
import { type FrozenDataset, readFrozenDataset } from './datasetFile';
import { Trainer } from './trainer';

export type TrainWorkerInput = {
  mode: 'train';
  runDir: string;
  mediaDir: string;
  request: TrainRequest;
};

export type TrainWorkerMessage =
  | { type: 'prepare'; done: number; total: number }
  | { type: 'start'; fromStep: number }
  | { type: 'step'; point: MetricPoint }
  | { type: 'checkpoint'; step: number }
  | { type: 'done'; step: number; aborted: boolean };

export type Post = (message: TrainWorkerMessage) => void;

export function cacheFile(runDir: string, vit: VitConfig): string {
  return join(runDir, 'cache', `images-${vit.imageSize[0]}x${vit.imageSize[1]}.bin`);
}

/** Decodes (or reloads from the run's cache) every sample image at the model's input size. */
export async function loadRunImages(
  frozen: FrozenDataset,
  runDir: string,
  mediaDir: string,
  vit: VitConfig,
  signal: AbortSignal,
  onProgress: (done: number, total: number) => void,
): Promise<ImageStore> {
  const items = frozen.samples.map((sample) => ({
    file: join(mediaDir, sample.file),
    keypoints: sample.keypoints,
    width: sample.width,
    height: sample.height,
  }));
  return loadImageStore(items, vit.imageSize, { cacheFile: cacheFile(runDir, vit), signal, onProgress });
}

/** The sampler's groups over the training split (simclr: every image its own group). */
export function trainGroups(frozen: FrozenDataset, request: TrainRequest): Group[] {
  if (request.recipe.recipe === 'simclr') return frozen.train.map((i) => ({ key: String(i), members: [i] }));
  return groupSamples(frozen.samples, frozen.train, frozen.groupBy, request.batch.members);
}

async function createTrainer(
  input: TrainWorkerInput,
  vit: VitConfig,
  store: ImageStore,
  frozen: FrozenDataset,
) {
  const { request, runDir } = input;
  const batch = samplerBatch(request);
  const recipe = buildRecipe(request.recipe, vit, batch, request.seed);
  const { optimizer } = request;
  const step = buildTrainStep({
    params: recipe.params.specs,
    data: recipe.data,
    loss: recipe.loss,
    adamw: {
      beta1: optimizer.beta1,
      beta2: optimizer.beta2,
      weightDecay: optimizer.weightDecay,
      clipNorm: optimizer.clipNorm,
    },
  });
  const batches = createBatchProvider({
    store,
    trainGroups: trainGroups(frozen, request),
    recipe: request.recipe.recipe,
    batch,
    imageSize: vit.imageSize,
    augment: request.augment,
  });
  const options = {
    bytes: step.bytes,
    layout: step.layout,
    schedule: {
      baseLr: optimizer.lr,
      warmupSteps: Math.min(optimizer.warmupSteps, request.steps),
      totalSteps: request.steps,
      minLrRatio: optimizer.minLrRatio,
    },
    batches,
    runDir,
    seed: request.seed,
    config: JSON.parse(JSON.stringify({ request, vit })) as never,
    session: { threads: request.threads },
  };
  const resumable = (await listCheckpoints(runDir)).length > 0;
  return resumable ? Trainer.resume(options) : Trainer.create(options, flattenParams(recipe.params));
}

/** Images per second over the last few steps (one step's time alone is too noisy to chart). */
function throughput(imagesPerStep: number, window = 10): () => number {
  const times = [performance.now()];
  return () => {
    times.push(performance.now());
    if (times.length > window + 1) times.shift();
    const seconds = (times[times.length - 1]! - times[0]!) / 1000;
    return (imagesPerStep * (times.length - 1)) / Math.max(1e-6, seconds);
  };
}

/** One (re)start of a run; returns when it finished or stopped (a checkpoint saved either way). */
export async function runTraining(input: TrainWorkerInput, post: Post, signal: AbortSignal): Promise<void> {
  const { request, runDir } = input;
  const vit = resolveVitConfig(request.model, request.recipe.recipe);
  const frozen = await readFrozenDataset(runDir);
  const store = await loadRunImages(frozen, runDir, input.mediaDir, vit, signal, (done, total) =>
    post({ type: 'prepare', done, total }),
  );
  const trainer = await createTrainer(input, vit, store, frozen);
  try {
    post({ type: 'start', fromStep: trainer.step });
    const rate = throughput(request.batch.groups * request.batch.members);
    let pruning = Promise.resolve<unknown>(undefined);
    const result = await trainer.run({
      toStep: request.steps,
      checkpointEvery: request.checkpointEvery,
      signal,
      onStep: (report) => {
        post({ type: 'step', point: { ...report, imagesPerSec: rate() } });
        if ((report.step + 1) % request.checkpointEvery === 0) {
          post({ type: 'checkpoint', step: report.step + 1 });
          pruning = pruning.then(() => pruneCheckpoints(runDir, request.keepCheckpoints));
        }
      },
    });
    await pruning;
    await pruneCheckpoints(runDir, request.keepCheckpoints);
    post({ type: 'checkpoint', step: result.step });
    post({ type: 'done', step: result.step, aborted: result.aborted });
  } finally {
    await trainer.dispose();
  }
}
