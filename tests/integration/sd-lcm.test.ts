/**
 * Integration: an LCM-distilled UNet (Optimum's `timestep_cond` [batch, n], research §1.3, §2.6)
 * through the contract, on the tiny LCM model folder of tests/helpers/sdModels: models.add accepts
 * it with a warning that names timestep_cond and the lcm scheduler; generate with scheduler lcm and
 * 4 steps commits images whose parameters and PNG text say LCM; the guidance value changes the
 * pixels (it is embedded, not a negative-prompt pass); another scheduler runs too, with a note in
 * the variant params.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiffusionModel, Variant } from '../../src-main/contract';
import { readPngText } from '../../src-main/core/generate/sd/pngText';
import { importPoses, openGenStudio, waitForJob, type GenStudio } from '../helpers/generation';
import { tempDir } from '../helpers/paths';
import { buildSdModelFolder } from '../helpers/sdModels';

let gen: GenStudio;
let projectDir: string;
let model: DiffusionModel;

beforeAll(async () => {
  projectDir = join(tempDir('sd-lcm-'), 'project');
  gen = await openGenStudio(projectDir, { create: true });
  await importPoses(gen.client, tempDir(), 2);
}, 60_000);
afterAll(() => gen.studio.close());

async function generate(options: Record<string, unknown>) {
  const run = await gen.client.call('generate.start', {
    generator: 'sd-controlnet',
    width: 64,
    height: 64,
    variantsPerPose: 1,
    promptTemplate: 'a person dancing',
    seed: 21,
    options: { modelId: model.id, negativePrompt: 'blurry', ...options },
  });
  const job = await waitForJob(gen.client, run.jobId, ['done', 'failed', 'cancelled']);
  expect(job.error ?? null).toBeNull();
  expect(job.state).toBe('done');
  const { items } = await gen.client.call('variants.list', { filter: { runId: run.id }, limit: 100 });
  return items.sort((a, b) => a.poseId - b.poseId);
}

const png = (variant: Variant) => join(projectDir, 'media', variant.media.rgb);
const pixels = async (variant: Variant) => sharp(png(variant)).raw().toBuffer();

describe('an LCM-distilled model through the contract', () => {
  it('is added with a warning that names timestep_cond and the lcm scheduler', async () => {
    // vaeScalingFactor 1000: the tiny random UNet's LCM latents reach thousands, which 0.18215
    // would saturate into a one-colour image (see src-main/core/generate/sd/node/lcm.test.ts).
    const root = buildSdModelFolder(join(tempDir('sd-lcm-models-'), 'lcm'), {
      layout: 'optimum',
      timestepCond: 32,
      vaeScalingFactor: 1000,
    }).root;
    model = await gen.client.call('models.add', { path: root, name: 'Tiny LCM' });
    expect(model.report.ok).toBe(true);
    expect(model.report.issues).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: 'unet/model.onnx',
        tensor: 'timestep_cond',
        message: expect.stringMatching(/LCM-distilled.*lcm scheduler/),
      }),
    ]);
  }, 60_000);

  it('generates with scheduler lcm in 4 steps; the guidance value changes the pixels', async () => {
    const a = await generate({ scheduler: 'lcm', steps: 4, guidance: 8.5 });
    expect(a).toHaveLength(2);
    for (const v of a) {
      expect(v.params).toMatchObject({ scheduler: 'lcm', steps: 4, guidance: 8.5, modelHash: model.hash });
      expect(v.params).not.toHaveProperty('note');
      expect((await pixels(v)).length).toBe(64 * 64 * 3);
      const text = readPngText(new Uint8Array(readFileSync(png(v))));
      expect(text).toMatchObject({ scheduler: 'lcm', steps: '4', guidance: '8.5' });
      expect(text.parameters).toContain('Steps: 4, Sampler: LCM, CFG scale: 8.5');
    }
    const same = await generate({ scheduler: 'lcm', steps: 4, guidance: 8.5 });
    const other = await generate({ scheduler: 'lcm', steps: 4, guidance: 2 });
    for (const [i, v] of a.entries()) {
      expect((await pixels(v)).equals(await pixels(same[i]!))).toBe(true);
      expect((await pixels(v)).equals(await pixels(other[i]!))).toBe(false);
    }
  }, 60_000);

  it('runs another scheduler on it as asked, with a note in the variant params', async () => {
    const variants = await generate({ scheduler: 'euler-a', steps: 3 });
    expect(variants).toHaveLength(2);
    for (const v of variants)
      expect(v.params).toMatchObject({
        scheduler: 'euler-a',
        note: expect.stringMatching(/LCM-distilled \(timestep_cond \[batch, 32\]\) and was run with euler-a/),
      });
  }, 60_000);
});
