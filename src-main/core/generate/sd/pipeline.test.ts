/**
 * The denoising loop against a spy runtime whose "graphs" are arithmetic: it counts calls per graph,
 * sees which handles reach the UNet, and lets the test recompute the expected latents with the
 * scheduler alone (guidance arithmetic, scheduler wiring, the seeded noise stream).
 */
import { describe, expect, it } from 'vitest';
import { createNoise } from './noise';
import { createScheduler } from './schedulers/index';
import type { SchedulerName } from './schedulers/types';
import { generateSdImage, type LatentShape, type SdImageRequest, type SdRuntime } from './pipeline';

interface Step {
  sample: Float32Array;
  timestep: number;
  shape: LatentShape;
}
interface Residuals {
  token: number;
  scale: number;
}

/** The fake UNet: the conditional half predicts f(x) + 3, the unconditional half f(x) + 1. */
function prediction(sample: Float32Array, batch: number, offsets: readonly number[]): Float32Array {
  const out = new Float32Array(sample.length);
  const half = sample.length / batch;
  for (let i = 0; i < out.length; i++) out[i] = 0.1 * sample[i]! + offsets[Math.floor(i / half)]!;
  return out;
}

class SpyRuntime implements SdRuntime<string[], Float32Array, Step, Residuals> {
  readonly calls = { text: [] as number[], controlnet: [] as number[], unet: 0, decode: 0 };
  readonly timesteps: number[] = [];
  readonly unetResiduals: (Residuals | null)[] = [];
  readonly unetBatches: number[] = [];
  readonly unetGuidance: number[] = [];
  decoded: Float32Array | null = null;
  controlBatch = 0;
  #token = 0;
  constructor(readonly embedsGuidance = false) {}

  async encodeText(ids: readonly Int32Array[]) {
    this.calls.text.push(ids.length);
    return ids.map((row) => `len${row[0]}`);
  }
  controlImage(pixels: Float32Array, shape: LatentShape) {
    this.controlBatch = pixels.length / (3 * 64 * shape.height * shape.width);
    return pixels;
  }
  stepInput(sample: Float32Array, timestep: number, shape: LatentShape): Step {
    this.timesteps.push(timestep);
    return { sample, timestep, shape };
  }
  async controlnet(_step: Step, _text: string[], _control: Float32Array, scale: number) {
    this.calls.controlnet.push(scale);
    return { token: ++this.#token, scale };
  }
  async unet(step: Step, text: string[], residuals: Residuals | null, guidance: number) {
    this.calls.unet += 1;
    this.unetResiduals.push(residuals);
    this.unetBatches.push(step.shape.batch);
    this.unetGuidance.push(guidance);
    expect(text).toHaveLength(step.shape.batch);
    return prediction(step.sample, step.shape.batch, step.shape.batch === 2 ? [1, 3] : [3]);
  }
  async decode(latent: Float32Array, height: number, width: number) {
    this.calls.decode += 1;
    this.decoded = Float32Array.from(latent);
    return new Float32Array(3 * 64 * height * width).fill(0.5);
  }
}

/** A tokenizer whose ids say which text they came from (its length). */
const tokenizer = { encode: (text: string) => new Int32Array(77).fill(text.length) };

function request(overrides: Partial<SdImageRequest> = {}): SdImageRequest {
  return {
    prompt: 'a dancer',
    negativePrompt: 'blurry, bad hands',
    seed: 42,
    width: 64,
    height: 48,
    steps: 6,
    guidance: 7.5,
    scheduler: 'euler-a',
    controlImage: new Uint8Array(64 * 48 * 4).fill(128),
    controlnetScale: 1,
    controlStart: 0,
    controlEnd: 1,
    ...overrides,
  };
}

/** The same loop written out with the scheduler alone: the latent the VAE must receive (÷ 0.18215). */
function expectedLatent(name: SchedulerName, steps: number, seed: number, guidance: number, n: number) {
  const scheduler = createScheduler(name, { steps });
  const noise = createNoise(seed);
  const latent = new Float32Array(n);
  noise.fill(latent);
  for (let i = 0; i < n; i++) latent[i] = latent[i]! * scheduler.initNoiseSigma;
  const scaled = new Float32Array(n);
  for (let i = 0; i < steps; i++) {
    scheduler.scaleModelInput(latent, i, scaled);
    const eps = new Float32Array(n);
    // cfg: u + g(c - u) with u = f + 1, c = f + 3; without: c.
    for (let k = 0; k < n; k++) {
      const f = Math.fround(0.1 * scaled[k]!);
      eps[k] = guidance > 1 ? f + 1 + guidance * (f + 3 - (f + 1)) : f + 3;
    }
    scheduler.step(eps, i, latent, noise, latent);
  }
  return latent.map((v) => v / 0.18215);
}

/** Equal up to float32 rounding (the fake's values grow to ~1e3 over the steps). */
function expectClose(got: Float32Array, want: Float32Array): void {
  expect(got).toHaveLength(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++)
    worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / (Math.abs(want[i]!) + 1e-3));
  expect(worst).toBeLessThan(1e-5);
}

describe('generateSdImage', () => {
  for (const name of ['euler-a', 'ddim', 'lcm'] as const) {
    it(`${name}: wires the scheduler, guidance and the seeded noise like a hand-written loop`, async () => {
      const spy = new SpyRuntime();
      const steps = name === 'lcm' ? 4 : 6;
      const result = await generateSdImage(spy, tokenizer, request({ scheduler: name, steps }));
      const want = expectedLatent(name, steps, 42, 7.5, 4 * 8 * 6);
      expect(spy.decoded).not.toBeNull();
      expectClose(spy.decoded!, want);
      expect(spy.timesteps).toEqual(createScheduler(name, { steps }).timesteps);
      expect(result.timesteps).toEqual(spy.timesteps);
      expect([result.width, result.height, result.rgba.length]).toEqual([64, 48, 64 * 48 * 4]);
      expect(result.rgba[0]).toBe(191); // vae 0.5 -> (0.5/2 + 0.5)·255
    });
  }

  it('guidance > 1: one text batch [negative; prompt], batch-2 UNet and control image', async () => {
    const spy = new SpyRuntime();
    await generateSdImage(spy, tokenizer, request());
    expect(spy.calls.text).toEqual([2]);
    expect(spy.unetBatches).toEqual([2, 2, 2, 2, 2, 2]);
    expect(spy.controlBatch).toBe(2);
  });

  it('guidance 1 skips the unconditional pass: prompt only, batch 1', async () => {
    const spy = new SpyRuntime();
    await generateSdImage(spy, tokenizer, request({ guidance: 1, scheduler: 'ddim', steps: 3 }));
    expect(spy.calls.text).toEqual([1]);
    expect(spy.unetBatches).toEqual([1, 1, 1]);
    expect(spy.controlBatch).toBe(1);
    const want = expectedLatent('ddim', 3, 42, 1, 4 * 8 * 6);
    expectClose(spy.decoded!, want);
  });

  it('a UNet with a guidance embedding runs batch 1 and gets the guidance scale', async () => {
    const spy = new SpyRuntime(true);
    await generateSdImage(spy, tokenizer, request({ guidance: 8.5, scheduler: 'lcm', steps: 2 }));
    expect(spy.unetBatches).toEqual([1, 1]);
    expect(spy.unetGuidance).toEqual([8.5, 8.5]);
  });

  it('passes each step its own ControlNet residuals, and runs no ControlNet where the scale is 0', async () => {
    const spy = new SpyRuntime();
    await generateSdImage(
      spy,
      tokenizer,
      request({ steps: 10, controlnetScale: 0.8, controlStart: 0.2, controlEnd: 0.6 }),
    );
    expect(spy.calls.controlnet).toEqual([0.8, 0.8, 0.8, 0.8]);
    expect(spy.unetResiduals.map((r) => r?.token ?? null)).toEqual([
      null,
      null,
      1,
      2,
      3,
      4,
      null,
      null,
      null,
      null,
    ]);

    const off = new SpyRuntime();
    await generateSdImage(off, tokenizer, request({ controlnetScale: 0 }));
    expect(off.calls.controlnet).toEqual([]);
    expect(off.unetResiduals.every((r) => r === null)).toBe(true);
    expect(off.calls.unet).toBe(6);
  });

  it('stops between steps when aborted: no further graph runs, no decode', async () => {
    const spy = new SpyRuntime();
    const controller = new AbortController();
    const run = generateSdImage(spy, tokenizer, request({ steps: 8 }), {
      signal: controller.signal,
      onStep: (step) => {
        if (step === 3) controller.abort(new Error('stop here'));
      },
    });
    await expect(run).rejects.toThrow('stop here');
    expect(spy.calls.unet).toBe(3);
    expect(spy.calls.controlnet).toHaveLength(3);
    expect(spy.calls.decode).toBe(0);
  });

  it('reports every step and previews the latent every N steps, never after the last', async () => {
    const spy = new SpyRuntime();
    const steps: number[] = [];
    const previews: string[] = [];
    await generateSdImage(spy, tokenizer, request({ steps: 6 }), {
      onStep: (step) => steps.push(step),
      previewEvery: 2,
      onPreview: (p) => previews.push(`${p.step}/${p.steps} ${p.width}x${p.height} ${p.rgba.length}`),
    });
    expect(steps).toEqual([1, 2, 3, 4, 5, 6]);
    expect(previews).toEqual(['2/6 8x6 192', '4/6 8x6 192']);
  });

  it('same seed, same latents; another seed, others', async () => {
    const run = async (seed: number) => {
      const spy = new SpyRuntime();
      await generateSdImage(spy, tokenizer, request({ seed }));
      return Array.from(spy.decoded!);
    };
    expect(await run(5)).toEqual(await run(5));
    expect(await run(5)).not.toEqual(await run(6));
  });

  it('refuses sizes that are not multiples of 8 and a control image of the wrong size', async () => {
    const spy = new SpyRuntime();
    await expect(generateSdImage(spy, tokenizer, request({ width: 60 }))).rejects.toThrow(/multiples of 8/);
    await expect(
      generateSdImage(spy, tokenizer, request({ controlImage: new Uint8Array(4) })),
    ).rejects.toThrow(/control image/);
    expect(spy.calls.text).toEqual([]);
  });
});
