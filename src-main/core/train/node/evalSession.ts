/**
 * @file What the worker does to evaluate a checkpoint: export the encoder at that step to an ONNX
 * inference model (the same function the Export button uses, so the probes measure what users get),
 * extract frozen features of a seeded subset of the training split (to fit the linear probes) and
 * of the held-out split (to score them), and run the four probes.
 */
import type { TrainRequest } from '../../../contract';
import { extractFeatures } from '../eval/node/features';
import { type ProbeReport, runProbes } from '../eval/probes';
import { buildEncoderOnnx, paramsFromFlat } from '../export';
import { resolveVitConfig } from '../modelConfig';
import { createRng } from '../../generate/prng';
import type { ParamLayout } from '../step';
import { prefixTokens } from '../vit';
import { OnnxSession } from '../../onnx/node/session';
import { CheckpointError, checkpointPath, listCheckpoints, loadCheckpoint } from './checkpoint';
import { readFrozenDataset } from './datasetFile';
import { loadRunImages } from './trainSession';

export type EvalWorkerInput = {
  mode: 'eval';
  runDir: string;
  mediaDir: string;
  request: TrainRequest;
  /** The checkpoint's step; the latest when null. */
  step: number | null;
};

export type EvalWorkerMessage =
  | { type: 'prepare'; done: number; total: number }
  | { type: 'features'; done: number; total: number }
  | { type: 'result'; step: number; report: ProbeReport };

/** Linear probes are fitted on at most this many training images (seeded choice). */
export const PROBE_TRAIN_LIMIT = 3000;

/** Up to `limit` of `indices`, a seeded choice kept in ascending order. */
export function subsample(indices: readonly number[], limit: number, seed: number): number[] {
  if (indices.length <= limit) return [...indices];
  const rng = createRng(seed ^ 0x5eed);
  const picked = [...indices];
  for (let i = picked.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [picked[i], picked[j]] = [picked[j]!, picked[i]!];
  }
  return picked.slice(0, limit).sort((a, b) => a - b);
}

async function checkpointAt(runDir: string, step: number | null) {
  if (step === null) {
    const latest = (await listCheckpoints(runDir)).at(-1);
    if (latest === undefined) throw new CheckpointError('the run has no checkpoint yet');
    return loadCheckpoint(latest.path);
  }
  return loadCheckpoint(checkpointPath(runDir, step));
}

export async function runEvaluation(
  input: EvalWorkerInput,
  post: (message: EvalWorkerMessage) => void,
  signal: AbortSignal,
): Promise<void> {
  const { request, runDir } = input;
  const vit = resolveVitConfig(request.model, request.recipe.recipe);
  const frozen = await readFrozenDataset(runDir);
  if (frozen.eval.length === 0)
    throw new Error('the run holds out no variants to evaluate on (evalFraction 0)');
  const store = await loadRunImages(frozen, runDir, input.mediaDir, vit, signal, (done, total) =>
    post({ type: 'prepare', done, total }),
  );
  const ckpt = await checkpointAt(runDir, input.step);
  const theta = ckpt.params[0]?.data;
  if (!(theta instanceof Float32Array || theta instanceof Float64Array))
    throw new CheckpointError(`checkpoint ${ckpt.step} has no float parameters`);
  const params = paramsFromFlat(ckpt.layout as unknown as ParamLayout, theta);
  const session = await OnnxSession.create(buildEncoderOnnx(vit, params), { threads: request.threads });
  try {
    const fit = subsample(frozen.train, PROBE_TRAIN_LIMIT, request.seed);
    const total = fit.length + frozen.eval.length;
    const features = (indices: number[], offset: number) =>
      extractFeatures(session, {
        store,
        samples: frozen.samples,
        indices,
        imageSize: vit.imageSize,
        prefixTokens: prefixTokens(vit),
        signal,
        onProgress: (done) => post({ type: 'features', done: offset + done, total }),
      });
    const train = await features(fit, 0);
    const test = await features(frozen.eval, fit.length);
    const report = runProbes(train, test, { retrievalToken: vit.poseToken ? 'pose' : 'cls' });
    post({ type: 'result', step: ckpt.step, report });
  } finally {
    await session.dispose();
  }
}
