/**
 * Integration: pre-training through the contract on mannequin variants, in the real training worker
 * thread: the dataset summary and its refusals, a whole run (metrics rows, events, checkpoints, job
 * progress), pause and resume giving the same weights as an uninterrupted run, evaluation with the
 * four probes, and export of the encoder to ONNX (dynamic batch) and timm safetensors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { StudioError, type TrainRun } from '../../src-main/contract';
import { OnnxSession } from '../../src-main/core/onnx/node/session';
import { listCheckpoints, loadCheckpoint } from '../../src-main/core/train/node/checkpoint';
import { trainRunDir } from '../../src-main/core/node/trainRunner';
import { openProject } from '../../src-main/core/node/project';
import { waitForJob } from '../helpers/generation';
import { microRequest, trainProject, type TrainProject } from '../helpers/training';

const opened: TrainProject[] = [];
afterAll(async () => {
  for (const { studio } of opened) await studio.close();
});

async function project(options: Parameters<typeof trainProject>[0] = {}): Promise<TrainProject> {
  const p = await trainProject(options);
  opened.push(p);
  return p;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof StudioError ? `${error.code}: ${error.message}` : String(error);
  }
}

async function finalTheta(dir: string, run: TrainRun): Promise<Float32Array> {
  const p = openProject(dir);
  try {
    const runDir = trainRunDir(p, run.id);
    const last = (await listCheckpoints(runDir)).at(-1)!;
    return (await loadCheckpoint(last.path)).params[0]!.data as Float32Array;
  } finally {
    p.catalog.close();
  }
}

describe('the training dataset', () => {
  it('counts accepted variants, groups and the held-out split, and names what stops a run', async () => {
    const p = await project({ accept: false });
    const none = await p.client.call('train.dataset', {
      recipe: 'genpoccl',
      batch: { groups: 4, members: 2 },
    });
    expect(none.variants).toBe(0);
    expect(none.problems[0]).toMatch(/no accepted variants/);
    expect(await codeOf(p.client.call('train.start', microRequest()))).toMatch(
      /^INVALID_INPUT: no accepted variants/,
    );
    const withNew = await p.client.call('train.dataset', {
      recipe: 'genpoccl',
      batch: { groups: 4, members: 2 },
      dataset: { includeUnreviewed: true },
    });
    expect(withNew.variants).toBe(p.variantIds.length);
    expect(withNew.groupBy).toBe('pose');
    expect(withNew.trainVariants + withNew.evalVariants).toBeLessThanOrEqual(withNew.variants);
    expect(withNew.evalVariants).toBeGreaterThan(0);
    expect(withNew.problems).toEqual([]);
    const tooBig = await p.client.call('train.dataset', {
      recipe: 'genpoccl',
      batch: { groups: 500, members: 2 },
      dataset: { includeUnreviewed: true },
    });
    expect(tooBig.problems[0]).toMatch(/needs 500 groups of 2 variants sharing the pose/);
    await p.client.call('variants.review', {
      ids: p.variantIds.slice(0, 5),
      status: 'rejected',
      reason: 'test',
    });
    const after = await p.client.call('train.dataset', {
      recipe: 'genpoccl',
      batch: { groups: 4, members: 2 },
      dataset: { includeUnreviewed: true },
    });
    expect(after.variants).toBe(p.variantIds.length - 5);
    expect(
      await codeOf(
        p.client.call('train.start', microRequest({ model: { preset: 'micro', imageSize: [30, 32] } })),
      ),
    ).toMatch(/^INVALID_INPUT: model.imageSize\[0\] = 30 is not a multiple of the patch size 8/);
  });
});

describe('a training run', () => {
  it('trains in its worker thread: metrics, events, checkpoints, then evaluates and exports', async () => {
    const p = await project();
    const metrics: number[] = [];
    p.studio.hub.subscribe((event, payload) => {
      if (event === 'train.metrics')
        metrics.push(...(payload as { points: { step: number }[] }).points.map((x) => x.step));
    });
    const run = await p.client.call('train.start', microRequest());
    expect(run).toMatchObject({ recipe: 'genpoccl', steps: 6, step: 0 });
    expect(['queued', 'running']).toContain(run.state);
    const job = await waitForJob(p.client, run.jobId, ['done', 'failed'], 120_000);
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ state: 'done', done: 6, total: 6, unit: 'steps' });
    const detail = await p.client.call('train.get', { id: run.id });
    expect(detail.run).toMatchObject({ state: 'done', step: 6 });
    expect(detail.metrics.map((m) => m.step)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(metrics).toEqual([0, 1, 2, 3, 4, 5]);
    for (const m of detail.metrics) {
      expect(Number.isFinite(m.loss)).toBe(true);
      expect(m.imagesPerSec).toBeGreaterThan(0);
    }
    expect(detail.metrics[1]!.lr).toBeGreaterThan(detail.metrics[0]!.lr); // warmup
    expect(detail.checkpoints.map((c) => c.step)).toEqual([3, 6]);

    const { jobId } = await p.client.call('train.eval', { id: run.id });
    const evalJob = await waitForJob(p.client, jobId, ['done', 'failed'], 120_000);
    expect(evalJob.error).toBeNull();
    const [result] = (await p.client.call('train.evals', { runIds: [run.id] })).items;
    expect(result).toMatchObject({ runId: run.id, step: 6 });
    const { keypoints, poseRetrieval, attributes } = result!.results;
    expect(keypoints!.pck).toBeGreaterThanOrEqual(0);
    expect(keypoints!.pck).toBeLessThanOrEqual(1);
    expect(poseRetrieval!.token).toBe('pose');
    expect(poseRetrieval!.top1Oks).toBeGreaterThan(0);
    expect(attributes === null || attributes.meanAccuracy >= 0).toBe(true);

    const onnx = await p.client.call('train.export', { id: run.id, format: 'onnx' });
    expect(onnx).toMatchObject({ step: 6, name: `genpoccl-run${run.id}-step6.onnx` });
    const session = await OnnxSession.create(readFileSync(onnx.path));
    for (const batch of [1, 3]) {
      const out = await session.run({
        images: { data: new Float32Array(batch * 3 * 32 * 32), dims: [batch, 3, 32, 32] },
      });
      expect(out.cls!.length).toBe(batch * 32);
      expect(out.pose!.length).toBe(batch * 32);
    }
    await session.dispose();
    const fp16 = await p.client.call('train.export', { id: run.id, format: 'onnx-fp16' });
    expect(fp16.bytes).toBeLessThan(onnx.bytes);
    const timm = await p.client.call('train.export', { id: run.id, format: 'timm-safetensors' });
    expect(existsSync(timm.path)).toBe(true);
    expect(await codeOf(p.client.call('train.export', { id: run.id, step: 4, format: 'onnx' }))).toMatch(
      /^NOT_FOUND: training run \d+ has no checkpoint at step 4 \(it has 3, 6\)/,
    );
  });

  it('pauses at a step boundary and resumes to the same weights as an uninterrupted run', async () => {
    const p = await project();
    const request = microRequest({ steps: 200, checkpointEvery: 1000 });
    const straight = await p.client.call('train.start', request);
    await waitForJob(p.client, straight.jobId, ['done'], 120_000);

    const paused = await p.client.call('train.start', request);
    let pausedOnce = false;
    const stop = p.studio.hub.subscribe((event, payload) => {
      const points = (payload as { runId?: number; points?: { step: number }[] }).points;
      if (event === 'train.metrics' && !pausedOnce && points && points.length > 0) {
        pausedOnce = true;
        void p.client.call('jobs.pause', { id: paused.jobId });
      }
    });
    await waitForJob(p.client, paused.jobId, ['paused', 'done'], 120_000);
    stop();
    // Paused shows at once; the worker then finishes its step and saves a checkpoint.
    let mid = await p.client.call('train.get', { id: paused.id });
    for (let i = 0; i < 200 && mid.checkpoints.at(-1)?.step !== mid.run.step; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      mid = await p.client.call('train.get', { id: paused.id });
    }
    expect(mid.run.state).toBe('paused');
    expect(mid.run.step).toBeLessThan(200);
    expect(mid.checkpoints.at(-1)!.step).toBe(mid.run.step); // a checkpoint was saved on pause
    await p.client.call('jobs.resume', { id: paused.jobId });
    await waitForJob(p.client, paused.jobId, ['done'], 120_000);
    const done = await p.client.call('train.get', { id: paused.id, maxPoints: 1000 });
    expect(done.metrics.map((m) => m.step)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    const a = await finalTheta(p.dir, straight);
    const b = await finalTheta(p.dir, paused);
    expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true);
  });
});
