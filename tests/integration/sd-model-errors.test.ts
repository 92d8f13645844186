/**
 * Integration: what an `sd-controlnet` run does when its model stops working after the run started
 * (a graph deleted, a drive unplugged): the job fails at the first item with the error naming the
 * file, the items stay pending (none is recorded as failed), and once the file is back a resume makes
 * every variant. Before, each item was recorded as a final error, so the job burned through the whole
 * run and a resume had nothing left to do.
 */
import { copyFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPoses, openGenStudio, waitForJob, type GenStudio } from '../helpers/generation';
import { tempDir } from '../helpers/paths';
import { buildSdModelFolder } from '../helpers/sdModels';

let gen: GenStudio;

beforeAll(async () => {
  gen = await openGenStudio(join(tempDir('sd-model-errors-'), 'project'), { create: true });
  await importPoses(gen.client, tempDir(), 2);
}, 60_000);
afterAll(() => gen.studio.close());

const runCounts = async (runId: number) => {
  const run = (await gen.client.call('generate.runs', {})).items.find((r) => r.id === runId)!;
  return { done: run.done, failed: run.failed };
};

describe('sd-controlnet when the model breaks mid-run', () => {
  it('fails the job naming the file, keeps the items pending, and a resume finishes the run', async () => {
    const root = buildSdModelFolder(join(tempDir('sd-model-errors-models-'), 'tiny'), {
      layout: 'optimum',
    }).root;
    await gen.client.call('models.add', { path: root });
    const decoder = join(root, 'vae_decoder', 'model.onnx');
    const run = await gen.client.call('generate.start', {
      generator: 'sd-controlnet',
      width: 64,
      height: 64,
      variantsPerPose: 2,
      seed: 5,
      options: { steps: 2, guidance: 1 },
    });
    // Checked at start; gone before the worker loads it (sessions are made at the first decode).
    renameSync(decoder, `${decoder}.away`);
    const failed = await waitForJob(gen.client, run.jobId, ['failed', 'done']);
    expect(failed.state).toBe('failed');
    expect(failed.error).toContain(decoder);
    expect(await runCounts(run.id)).toEqual({ done: 0, failed: 0 });

    copyFileSync(`${decoder}.away`, decoder);
    expect(await gen.client.call('jobs.resume', { id: run.jobId })).toEqual({ resumed: true });
    const done = await waitForJob(gen.client, run.jobId, ['done', 'failed']);
    expect(done.error ?? null).toBeNull();
    expect(done.state).toBe('done');
    expect(await runCounts(run.id)).toEqual({ done: 4, failed: 0 });
  }, 60_000);
});
