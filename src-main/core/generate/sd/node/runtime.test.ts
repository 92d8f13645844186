/**
 * The onnxruntime runtime on the tiny model folders of tests/helpers/sdModels, with real sessions
 * wrapped by a spy that keeps every run's feeds and outputs: each exporter layout and fp16
 * generate; ControlNet output k reaches the UNet input k by position (also when the UNet declares
 * its residual inputs in string order); the timestep and conditioning_scale are fed in the graph's
 * dtype and rank; a scale without a graph input is applied to the residuals; a step without the
 * ControlNet feeds zeros; the session cache reuses and releases sessions.
 */
import { join } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../../tests/helpers/paths';
import { buildSdModelFolder, type SdFixtureOptions } from '../../../../../tests/helpers/sdModels';
import { renderConditionMap } from '../../conditionMap';
import { GeneratorUnavailableError } from '../../types';
import { generateSdImage, type SdImageRequest } from '../pipeline';
import { inspectModelFolder } from './inspect';
import { createSessionWithFallback } from './providers';
import { OrtSdRuntime } from './runtime';
import { modelSchedulerConfig, modelTokenizer } from './runtimeFiles';
import { SdSessionCache, SdSessions, type CreateSession, type SdModelRef } from './runtimeSessions';
import { describeSignatures } from './signatures';

const root = tempDir('sd-runtime-');
let n = 0;

async function model(options: SdFixtureOptions): Promise<SdModelRef> {
  const folder = buildSdModelFolder(join(root, `m${n++}`, 'model'), options);
  const report = await inspectModelFolder(folder.root);
  return { path: report.path, hash: report.hash, signatures: describeSignatures(report) };
}

interface Run {
  file: string;
  feeds: Record<string, ort.Tensor>;
  out: Record<string, ort.Tensor>;
}

/** Real sessions whose runs are recorded, and whose releases are counted. */
function spyCreate(runs: Run[], released: string[] = []): CreateSession {
  return async (file, provider, options) => {
    const real = await createSessionWithFallback(file, provider, options);
    return {
      ...real,
      session: {
        run: async (feeds) => {
          const out = await real.session.run(feeds);
          runs.push({ file, feeds, out });
          return out;
        },
        release: async () => {
          released.push(file);
          await real.session.release();
        },
      },
    };
  };
}

const keypoints = Array.from({ length: 17 }, (_, k): [number, number, 2] => [10 + k * 2, 8 + k * 3, 2]);

function request(overrides: Partial<SdImageRequest> = {}): SdImageRequest {
  return {
    prompt: 'a person',
    negativePrompt: '',
    seed: 3,
    width: 64,
    height: 64,
    steps: 3,
    guidance: 7.5,
    scheduler: 'euler-a',
    controlImage: renderConditionMap(keypoints, 64, 64),
    controlnetScale: 1,
    controlStart: 0,
    controlEnd: 1,
    ...overrides,
  };
}

async function generate(ref: SdModelRef, overrides: Partial<SdImageRequest> = {}, runs: Run[] = []) {
  const sessions = new SdSessions(ref, 'cpu', {}, spyCreate(runs));
  const runtime = new OrtSdRuntime(sessions);
  const result = await generateSdImage(runtime, modelTokenizer(ref), {
    ...request(overrides),
    schedulerConfig: modelSchedulerConfig(ref),
  });
  await sessions.release();
  return { result, runs, sessions };
}

const graphRuns = (runs: Run[], graph: string) => runs.filter((r) => r.file.includes(graph));

describe('OrtSdRuntime', () => {
  const layouts: [string, SdFixtureOptions][] = [
    ['optimum', { layout: 'optimum' }],
    ['diffusers-onnx', { layout: 'diffusers-onnx' }],
    ['onnxstack', { layout: 'onnxstack' }],
    ['optimum fp16', { layout: 'optimum', precision: 'float16' }],
    ['onnxstack fp16', { layout: 'onnxstack', precision: 'float16' }],
  ];
  for (const [name, options] of layouts) {
    it(`${name}: generates a 64x64 image, every graph fed as it declares`, async () => {
      const ref = await model(options);
      const { result, runs } = await generate(ref);
      expect(result.rgba).toHaveLength(64 * 64 * 4);
      const pixels = new Set<number>();
      for (let i = 0; i < result.rgba.length; i += 4)
        pixels.add(result.rgba[i]! * 65536 + result.rgba[i + 1]!);
      // The tiny VAE is tanh(conv(latent)) and mostly saturates; still an image, not a constant.
      expect(pixels.size).toBeGreaterThan(1);
      expect(result.rgba.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);
      expect(graphRuns(runs, 'text_encoder')).toHaveLength(2); // [negative; prompt], one at a time
      expect(graphRuns(runs, 'vae_decoder')).toHaveLength(1);
      const unet = runs.filter((r) => r.file === join(ref.path, ref.signatures.unet.file));
      expect(unet).toHaveLength(3);
      expect(unet[0]!.feeds.sample!.dims).toEqual([2, 4, 8, 8]);
      expect(unet[0]!.feeds.sample!.type).toBe(options.precision ?? 'float32');
    });
  }

  it('wires ControlNet output k to UNet residual input k by position, the same tensor object', async () => {
    const ref = await model({ layout: 'diffusers-onnx', residualInputOrder: 'lexicographic' });
    const { runs } = await generate(ref, { steps: 2 });
    const cn = runs.filter((r) => r.file === join(ref.path, ref.signatures.controlnet.file));
    const unet = runs.filter((r) => r.file === join(ref.path, ref.signatures.unet.file));
    expect(cn).toHaveLength(2);
    const wires = ref.signatures.residuals;
    expect(wires.map((w) => w.input)).toEqual([
      ...Array.from({ length: 12 }, (_, k) => `down_block_${k}`),
      'mid_block_additional_residual',
    ]);
    expect(wires[1]).toMatchObject({ output: 'mid_block_res_sample', input: 'down_block_1' });
    for (const [step, run] of unet.entries())
      for (const wire of wires) expect(run.feeds[wire.input]).toBe(cn[step]!.out[wire.output]);
  });

  it('feeds int64 timesteps rounded and a float64 [1] conditioning scale', async () => {
    const ref = await model({ layout: 'onnxstack', timestep: 'int64-batch' });
    const { runs, result } = await generate(ref, { steps: 5, controlnetScale: 0.7 });
    const cn = runs.filter((r) => r.file === join(ref.path, ref.signatures.controlnet.file));
    const fed = cn.map((r) => Number((r.feeds.timestep!.data as BigInt64Array)[0]));
    expect(fed).toEqual(result.timesteps.map((t) => Math.round(t)));
    expect(result.timesteps.some((t) => !Number.isInteger(t))).toBe(true); // Euler-A linspace
    expect(cn[0]!.feeds.conditioning_scale!.type).toBe('float64');
    expect(cn[0]!.feeds.conditioning_scale!.dims).toEqual([1]);
    expect(Array.from(cn[0]!.feeds.conditioning_scale!.data as Float64Array)).toEqual([0.7]);
  });

  it('scales the residuals in JS when the ControlNet has no conditioning_scale input', async () => {
    const ref = await model({ layout: 'diffusers-onnx' });
    expect(ref.signatures.controlnet.conditioningScale).toBeNull();
    const sessions = new SdSessions(ref, 'cpu', {}, spyCreate([]));
    const runtime = new OrtSdRuntime(sessions);
    const text = await runtime.encodeText([new Int32Array(77).fill(49407)]);
    const shape = { batch: 1, height: 8, width: 8 };
    const control = runtime.controlImage(new Float32Array(3 * 64 * 64).fill(0.5), shape);
    const step = runtime.stepInput(new Float32Array(4 * 64).fill(0.25), 500, shape);
    const full = (await runtime.controlnet(step, text, control, 1)).map((t) =>
      Float32Array.from(t.data as Float32Array),
    );
    const half = await runtime.controlnet(step, text, control, 0.5);
    for (const [k, r] of half.entries()) {
      const values = r.data as Float32Array;
      for (let i = 0; i < values.length; i += 7) expect(values[i]).toBeCloseTo(full[k]![i]! * 0.5, 6);
    }
    await sessions.release();
  });

  it('feeds zero residuals of the right shapes on steps without the ControlNet', async () => {
    const ref = await model({ layout: 'optimum' });
    const { runs } = await generate(ref, { controlnetScale: 0, steps: 2 });
    expect(graphRuns(runs, 'controlnet')).toHaveLength(0);
    const unet = runs.filter((r) => r.file === join(ref.path, ref.signatures.unet.file));
    const dims = ref.signatures.residuals.map((w) => unet[0]!.feeds[w.input]!.dims[2]);
    expect(dims).toEqual([8, 8, 8, 4, 4, 4, 2, 2, 2, 1, 1, 1, 1]);
    for (const w of ref.signatures.residuals)
      expect((unet[1]!.feeds[w.input]!.data as Float32Array).every((v) => v === 0)).toBe(true);
  });

  it('same seed: identical pixels; another seed: different ones', async () => {
    const ref = await model({ layout: 'optimum' });
    const a = (await generate(ref)).result.rgba;
    const b = (await generate(ref)).result.rgba;
    const c = (await generate(ref, { seed: 4 })).result.rgba;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });

  it('names the missing graph file when a session cannot be created', async () => {
    const ref = await model({ layout: 'optimum' });
    const broken = {
      ...ref,
      signatures: { ...ref.signatures, unet: { ...ref.signatures.unet, file: 'unet/gone.onnx' } },
    };
    await expect(generate(broken)).rejects.toThrow(/gone\.onnx/);
    // The run's problem, not the item's: the run stops and its items stay pending.
    await expect(generate(broken)).rejects.toBeInstanceOf(GeneratorUnavailableError);
  });
});

describe('SdSessionCache', () => {
  it('reuses one model’s sessions while leased and releases them after the idle time', async () => {
    const ref = await model({ layout: 'optimum' });
    const released: string[] = [];
    const cache = new SdSessionCache({ idleMs: 30, create: spyCreate([], released) });
    const first = cache.lease(ref, 'cpu');
    const second = cache.lease(ref, 'cpu');
    expect(second.sessions).toBe(first.sessions);
    await first.sessions.session('unet');
    first.done();
    second.done();
    second.done(); // returning twice counts once
    expect(cache.size).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(cache.size).toBe(0);
    expect(released).toEqual([join(ref.path, 'unet/model.onnx')]);
    const again = cache.lease(ref, 'cpu');
    expect(again.sessions).not.toBe(first.sessions);
    await cache.clear();
    expect(cache.size).toBe(0);
  });
});
