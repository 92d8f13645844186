/**
 * Integration: the `sd-controlnet` generator end to end through the contract, on a real studio with
 * real worker threads and the tiny random-weight model folders of tests/helpers/sdModels (64x64
 * images, 8x8 latents, so a run takes well under a second): availability follows the catalog;
 * a run on 2 poses x 2 variants commits RGBA of the right size whose PNGs carry the generation
 * parameters as text chunks; the same seed gives byte-identical pixels and another seed others;
 * latent previews arrive as events; pausing aborts the item in flight between steps and resuming
 * finishes the run with nothing failed; every exporter layout and fp16 generate; a start is refused,
 * before any job exists, for a size that is not a multiple of 8, an unknown model, no model, and a
 * model whose files went missing (the file named).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError, type DiffusionModel, type EventPayload, type Variant } from '../../src-main/contract';
import { readPngText } from '../../src-main/core/generate/sd/pngText';
import { importPoses, openGenStudio, waitForJob, type GenStudio } from '../helpers/generation';
import { tempDir } from '../helpers/paths';
import { buildSdModelFolder } from '../helpers/sdModels';

const models = tempDir('sd-generate-models-');
const folder = (name: string, options: Parameters<typeof buildSdModelFolder>[1]) =>
  buildSdModelFolder(join(models, name), options).root;

let gen: GenStudio;
let projectDir: string;
let model: DiffusionModel;
const previews: EventPayload<'generate.preview'>[] = [];

beforeAll(async () => {
  projectDir = join(tempDir('sd-generate-'), 'project');
  gen = await openGenStudio(projectDir, { create: true });
  gen.studio.hub.subscribe((event, payload) => {
    if (event === 'generate.preview') previews.push(payload as EventPayload<'generate.preview'>);
  });
  await importPoses(gen.client, tempDir(), 2);
}, 60_000);
afterAll(() => gen.studio.close());

async function errorOf(promise: Promise<unknown>): Promise<StudioError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StudioError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const sdInfo = async () =>
  (await gen.client.call('generators.list', {})).items.find((g) => g.id === 'sd-controlnet')!;

async function generate(options: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const run = await gen.client.call('generate.start', {
    generator: 'sd-controlnet',
    width: 64,
    height: 64,
    variantsPerPose: 2,
    promptTemplate: 'a person dancing',
    seed: 11,
    options: { steps: 3, negativePrompt: 'blurry', ...options },
    ...extra,
  });
  const job = await waitForJob(gen.client, run.jobId, ['done', 'failed', 'cancelled']);
  expect(job.error ?? null).toBeNull();
  expect(job.state).toBe('done');
  const { items } = await gen.client.call('variants.list', { filter: { runId: run.id }, limit: 100 });
  return { run, variants: items };
}

const png = (variant: Variant) => join(projectDir, 'media', variant.media.rgb);

async function pixels(variant: Variant): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(png(variant)).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const key = (v: Variant) => `${v.poseId}:${v.index}`;

describe('sd-controlnet through the contract', () => {
  it('is unavailable until a usable model is cataloged, and refuses to start without one', async () => {
    const before = await sdInfo();
    expect(before.available).toBe(false);
    expect(before.unavailableReason).toMatch(/model folder on the Models page/);
    const error = await errorOf(
      gen.client.call('generate.start', { generator: 'sd-controlnet', width: 64, height: 64 }),
    );
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/no model to generate with.*Models page/);

    model = await gen.client.call('models.add', {
      path: folder('optimum', { layout: 'optimum' }),
      name: 'Tiny',
    });
    expect(await sdInfo()).toMatchObject({ available: true, unavailableReason: null });
  }, 60_000);

  it('makes 2 poses x 2 variants whose PNGs carry the parameters, with previews on the way', async () => {
    const { run, variants } = await generate({ previewEvery: 1 });
    expect(variants).toHaveLength(4);
    expect(run.request.options).toMatchObject({ modelId: model.id, steps: 3, scheduler: 'euler-a' });
    for (const v of variants) {
      expect([v.width, v.height, v.generator]).toEqual([64, 64, 'sd-controlnet']);
      const image = await pixels(v);
      expect([image.width, image.height, image.data.length]).toEqual([64, 64, 64 * 64 * 3]);
      expect(v.keypoints).toHaveLength(17);
      expect(v.params).toMatchObject({
        prompt: 'a person dancing',
        negativePrompt: 'blurry',
        seed: v.seed,
        steps: 3,
        guidance: 7.5,
        scheduler: 'euler-a',
        controlnetScale: 1,
        modelHash: model.hash,
        modelName: 'Tiny',
        provider: 'cpu',
        poseId: v.poseId,
      });
      const text = readPngText(new Uint8Array(readFileSync(png(v))));
      expect(text).toMatchObject({
        prompt: 'a person dancing',
        negative_prompt: 'blurry',
        seed: String(v.seed),
        steps: '3',
        guidance: '7.5',
        scheduler: 'euler-a',
        controlnet_scale: '1',
        model_hash: model.hash.slice(0, 10),
        pose_id: String(v.poseId),
      });
      expect(text.parameters).toContain(
        `Steps: 3, Sampler: Euler a, CFG scale: 7.5, Seed: ${v.seed}, Size: 64x64`,
      );
    }
    expect(new Set(variants.map((v) => v.seed)).size).toBe(4);
    const mine = previews.filter((p) => p.runId === run.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]).toMatchObject({ jobId: run.jobId, steps: 3, width: 8, height: 8 });
    expect(mine[0]!.dataUrl).toMatch(/^data:image\/png;base64,/);
  }, 60_000);

  it('same seed: byte-identical pixels; another seed: different pixels', async () => {
    const a = await generate({});
    const b = await generate({});
    const c = await generate({}, { seed: 500 });
    const byKey = (list: Variant[]) => new Map(list.map((v) => [key(v), v]));
    const [mb, mc] = [byKey(b.variants), byKey(c.variants)];
    let differing = 0;
    for (const v of a.variants) {
      const same = (await pixels(mb.get(key(v))!)).data;
      expect((await pixels(v)).data.equals(same)).toBe(true);
      if (!(await pixels(mc.get(key(v))!)).data.equals(same)) differing += 1;
    }
    expect(differing).toBeGreaterThan(0);
  }, 60_000);

  it('pausing aborts the item in flight between steps; resuming finishes with nothing failed', async () => {
    const run = await gen.client.call('generate.start', {
      generator: 'sd-controlnet',
      width: 64,
      height: 64,
      variantsPerPose: 2,
      seed: 3,
      options: { steps: 150, previewEvery: 1 },
    });
    const deadline = Date.now() + 20_000;
    while (!previews.some((p) => p.runId === run.id) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
    await gen.client.call('jobs.pause', { id: run.jobId });
    const paused = await waitForJob(gen.client, run.jobId, ['paused', 'done']);
    expect(paused.state).toBe('paused');
    const listed = (await gen.client.call('generate.runs', {})).items.find((r) => r.id === run.id)!;
    // The items in flight (150 steps each) were stopped, not finished, and not counted as failed.
    expect(listed.done).toBeLessThan(4);
    expect(listed.failed).toBe(0);
    await gen.client.call('jobs.resume', { id: run.jobId });
    const done = await waitForJob(gen.client, run.jobId, ['done', 'failed']);
    expect(done.state).toBe('done');
    const finished = (await gen.client.call('generate.runs', {})).items.find((r) => r.id === run.id)!;
    expect([finished.done, finished.failed]).toEqual([4, 0]);
  }, 60_000);

  const layouts: [string, Parameters<typeof buildSdModelFolder>[1]][] = [
    ['diffusers-onnx', { layout: 'diffusers-onnx', seed: 2 }],
    ['onnxstack', { layout: 'onnxstack', seed: 3 }],
    ['optimum fp16', { layout: 'optimum', precision: 'float16', seed: 4 }],
    ['onnxstack fp16', { layout: 'onnxstack', precision: 'float16', seed: 5 }],
  ];
  for (const [name, options] of layouts) {
    it(`generates with a ${name} model chosen by modelId`, async () => {
      const added = await gen.client.call('models.add', { path: folder(name.replace(' ', '-'), options) });
      const { run, variants } = await generate({ modelId: added.id, scheduler: 'ddim', guidance: 1 });
      expect(run.request.options).toMatchObject({ modelId: added.id });
      expect(variants).toHaveLength(4);
      for (const v of variants) {
        expect(v.params).toMatchObject({ modelHash: added.hash, scheduler: 'ddim', guidance: 1 });
        expect((await pixels(v)).data).toHaveLength(64 * 64 * 3);
      }
    }, 60_000);
  }

  it('refuses before any job exists: size not a multiple of 8, unknown model, files gone (named)', async () => {
    const jobs = async () => (await gen.client.call('jobs.list', { limit: 200 })).items.length;
    const before = await jobs();
    const size = await errorOf(
      gen.client.call('generate.start', { generator: 'sd-controlnet', width: 68, height: 64 }),
    );
    expect(size.message).toMatch(/width 68: sd-controlnet needs a width and height that are multiples of 8/);
    const unknown = await errorOf(
      gen.client.call('generate.start', { generator: 'sd-controlnet', options: { modelId: 999 } }),
    );
    expect(unknown.message).toMatch(/model 999 does not exist/);

    const root = folder('doomed', { layout: 'optimum', seed: 9 });
    const doomed = await gen.client.call('models.add', { path: root });
    rmSync(join(root, 'vae_decoder', 'model.onnx'));
    const gone = await errorOf(
      gen.client.call('generate.start', { generator: 'sd-controlnet', options: { modelId: doomed.id } }),
    );
    expect(gone.code).toBe('MALFORMED_FILE');
    expect(gone.message).toContain(join(root, 'vae_decoder', 'model.onnx'));
    rmSync(join(root, 'unet', 'model.onnx_data'));
    const weights = await errorOf(
      gen.client.call('generate.start', { generator: 'sd-controlnet', options: { modelId: doomed.id } }),
    );
    expect(weights.message).toContain(join(root, 'unet', 'model.onnx_data'));
    expect(await jobs()).toBe(before);
  }, 60_000);
});
