/**
 * LCM-distilled UNets (`timestep_cond`, research §1.3, §2.4, §2.6) on the tiny LCM model folder of
 * tests/helpers/sdModels: inspection accepts it with a warning that names the input and the lcm
 * scheduler, the signatures carry the embedding size; the runtime feeds
 * lcmGuidanceEmbedding(guidance, n) at batch 1 (one text-encoder run, no unconditional pass) in the
 * graph's dtype, the image depends on the guidance value; a plain UNet gets no such feed; another
 * scheduler on an LCM UNet is noted, not refused.
 */
import { join } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../../tests/helpers/paths';
import { buildSdModelFolder, type SdFixtureOptions } from '../../../../../tests/helpers/sdModels';
import { fromFloat16 } from '../../../shared/float16';
import { renderConditionMap } from '../../conditionMap';
import { generateSdImage, type SdImageRequest } from '../pipeline';
import { lcmGuidanceEmbedding } from '../schedulers/lcm';
import { inspectModelFolder } from './inspect';
import { createSessionWithFallback } from './providers';
import { OrtSdRuntime } from './runtime';
import { modelSchedulerConfig, modelTokenizer } from './runtimeFiles';
import { SdSessions, type CreateSession, type SdModelRef } from './runtimeSessions';
import { schedulerNote } from './sdGenerator';
import { describeSignatures } from './signatures';

const root = tempDir('sd-lcm-');
let n = 0;
/**
 * The tiny random UNet's LCM latents reach thousands (1/sqrt(ᾱ) ≈ 15 at t = 999 amplifies its bias
 * every step), which SD's scaling factor 0.18215 would saturate into a one-colour tanh VAE output;
 * 1000 keeps the decoder in range so pixels can show what the guidance did.
 */
const LCM: SdFixtureOptions = { layout: 'optimum', timestepCond: 32, vaeScalingFactor: 1000 };

async function model(options: SdFixtureOptions): Promise<SdModelRef> {
  const folder = buildSdModelFolder(join(root, `m${n++}`, 'model'), options);
  const report = await inspectModelFolder(folder.root);
  return { path: report.path, hash: report.hash, signatures: describeSignatures(report) };
}

interface Run {
  file: string;
  feeds: Record<string, ort.Tensor>;
}

/** Real sessions whose feeds are recorded. */
function spyCreate(runs: Run[]): CreateSession {
  return async (file, provider, options) => {
    const real = await createSessionWithFallback(file, provider, options);
    return {
      ...real,
      session: {
        run: async (feeds) => {
          runs.push({ file, feeds });
          return real.session.run(feeds);
        },
        release: () => real.session.release(),
      },
    };
  };
}

const keypoints = Array.from({ length: 17 }, (_, k): [number, number, 2] => [10 + k * 2, 8 + k * 3, 2]);

async function generate(ref: SdModelRef, overrides: Partial<SdImageRequest> = {}) {
  const runs: Run[] = [];
  const sessions = new SdSessions(ref, 'cpu', {}, spyCreate(runs));
  const result = await generateSdImage(new OrtSdRuntime(sessions), modelTokenizer(ref), {
    ...{ prompt: 'a person', negativePrompt: 'blurry', seed: 3, width: 64, height: 64 },
    ...{ steps: 4, guidance: 8.5, scheduler: 'lcm', controlnetScale: 1, controlStart: 0, controlEnd: 1 },
    controlImage: renderConditionMap(keypoints, 64, 64),
    schedulerConfig: modelSchedulerConfig(ref),
    vaeScalingFactor: ref.signatures.vaeScalingFactor,
    ...overrides,
  });
  await sessions.release();
  const graph = (name: 'textEncoder' | 'unet') => runs.filter((r) => r.file === sessions.file(name));
  return { result, text: graph('textEncoder'), unet: graph('unet') };
}

const fedValues = (t: ort.Tensor) =>
  t.type === 'float16' ? fromFloat16(t.data as Uint16Array) : Float32Array.from(t.data as Float32Array);

describe('LCM-distilled UNet (timestep_cond)', () => {
  it('inspection accepts it with a warning naming timestep_cond and the lcm scheduler', async () => {
    const folder = buildSdModelFolder(join(root, 'inspect', 'model'), LCM);
    const report = await inspectModelFolder(folder.root);
    expect(report.ok).toBe(true);
    expect(report.issues).toEqual([
      expect.objectContaining({
        severity: 'warning',
        component: 'unet',
        file: 'unet/model.onnx',
        tensor: 'timestep_cond',
        message: expect.stringMatching(
          /^unet\/model\.onnx, timestep_cond: the UNet is LCM-distilled .*32 values.*lcm scheduler/,
        ),
      }),
    ]);
    const unet = report.components.find((c) => c.name === 'unet')!;
    expect(unet.inputs).toContainEqual({
      name: 'timestep_cond',
      dtype: 'float32',
      shape: ['batch_size', 32],
    });
    const sig = describeSignatures(report);
    expect(sig.unet.timestepCond).toMatchObject({ name: 'timestep_cond', dtype: 'float32', dim: 32 });
  });

  it('runs at batch 1 with lcmGuidanceEmbedding(guidance, n) fed at every step', async () => {
    const ref = await model(LCM);
    const { result, text, unet } = await generate(ref);
    expect(result.timesteps).toEqual([999, 759, 499, 259]);
    expect(text).toHaveLength(1); // the prompt only: no negative/unconditional pass
    expect(unet).toHaveLength(4);
    const expected = lcmGuidanceEmbedding(8.5, 32);
    for (const run of unet) {
      expect(run.feeds.sample!.dims).toEqual([1, 4, 8, 8]);
      const cond = run.feeds.timestep_cond!;
      expect([cond.type, cond.dims]).toEqual(['float32', [1, 32]]);
      expect(Array.from(fedValues(cond))).toEqual(Array.from(expected));
    }
  });

  it('the image depends on the guidance value; the same guidance gives the same pixels', async () => {
    const ref = await model({ ...LCM, seed: 2 });
    const image = async (guidance: number) => Buffer.from((await generate(ref, { guidance })).result.rgba);
    const [a, b, c] = [await image(8.5), await image(8.5), await image(2)];
    expect(a.equals(b)).toBe(true);
    const differing = a.reduce((count, v, i) => count + (v === c[i] ? 0 : 1), 0);
    expect(differing).toBeGreaterThan(100);
  });

  it('feeds a float16 embedding to an fp16 LCM UNet, and nothing extra to a plain UNet', async () => {
    const half = await model({ ...LCM, precision: 'float16', timestepCond: 16 });
    const { unet } = await generate(half, { guidance: 4 });
    const cond = unet[0]!.feeds.timestep_cond!;
    expect([cond.type, cond.dims]).toEqual(['float16', [1, 16]]);
    const want = lcmGuidanceEmbedding(4, 16);
    fedValues(cond).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 2));

    const plain = await model({ layout: 'optimum' });
    expect(plain.signatures.unet.timestepCond).toBeNull();
    const run = await generate(plain, { steps: 2 });
    expect(run.unet[0]!.feeds.timestep_cond).toBeUndefined();
    expect(run.unet[0]!.feeds.sample!.dims).toEqual([2, 4, 8, 8]); // CFG: [negative; prompt]
  });

  it('notes (does not refuse) another scheduler on an LCM UNet', async () => {
    const lcm = await model(LCM);
    expect(schedulerNote(lcm.signatures, 'lcm')).toBeNull();
    expect(schedulerNote(lcm.signatures, 'euler-a')).toMatch(
      /LCM-distilled \(timestep_cond \[batch, 32\]\) and was run with euler-a; .*lcm scheduler/,
    );
    const plain = await model({ layout: 'optimum' });
    expect(schedulerNote(plain.signatures, 'euler-a')).toBeNull();
    const { result, unet } = await generate(lcm, { scheduler: 'euler-a', steps: 3 });
    expect(unet).toHaveLength(3);
    expect(unet[0]!.feeds.timestep_cond!.dims).toEqual([1, 32]);
    expect(result.rgba).toHaveLength(64 * 64 * 4);
  });
});
