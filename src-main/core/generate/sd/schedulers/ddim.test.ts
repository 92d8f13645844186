import { describe, expect, it } from 'vitest';
import { createDdimScheduler } from './ddim';
import { buildNoiseSchedule, resolveSchedulerConfig, SD15_SCHEDULER_CONFIG } from './schedule';
import { DDIM_DEFAULTS } from './ddim';
import type { NoiseSource } from './types';

const noNoise: NoiseSource = {
  fill: () => {
    throw new Error('deterministic DDIM must not draw noise');
  },
};
const constantNoise = (v: number): NoiseSource => ({ fill: (out) => out.fill(v) });
const { alphasCumprod } = buildNoiseSchedule(resolveSchedulerConfig(DDIM_DEFAULTS, SD15_SCHEDULER_CONFIG));

function expectRel(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

/** A few latent-like values and model outputs. */
const x = Float32Array.from([0.5, -1.25, 2, 0, -0.3, 1.7]);
const eps = Float32Array.from([0.1, 0.9, -1.4, 0.25, 0, -0.6]);

describe('DDIM on the SD 1.5 config', () => {
  const s = createDdimScheduler({ steps: 20 });

  it('uses leading spacing with steps_offset 1 and unit noise sigma', () => {
    expect(s.timesteps).toEqual(Array.from({ length: 20 }, (_, i) => 951 - 50 * i));
    expect(s.initNoiseSigma).toBe(1);
    expect(s.inputScale(3)).toBe(1);
    const scaled = s.scaleModelInput(x, 0);
    expect(Array.from(scaled)).toEqual(Array.from(x));
    expect(scaled).not.toBe(x);
  });

  it('has the published step coefficients x_prev = A·x + B·ε (§4.3)', () => {
    // The note's values are float64. Near t = 0, ᾱ held in float32 (as diffusers holds it) moves
    // √(1−ᾱ) by ~2e-6 and B, a difference of close numbers, by up to 2.5e-5 relative; those rows
    // are also checked tightly against the same formula on float32 ᾱ (numpy, 1e-6).
    const rows: [number, number, number, number, number][] = [
      [0, 901, 1.310472, -0.3121451, 1e-6],
      [1, 851, 1.283659, -0.2862441, 1e-6],
      [18, 1, 1.024821, -0.1866731, 5e-6],
      [19, -49, 1.000428, -0.01214209, 5e-5],
    ];
    for (const [i, prev, a, b, rel] of rows) {
      const k = s.coefficients[i]!;
      expect(k.prevTimestep).toBe(prev);
      expectRel(k.a, a, rel);
      expectRel(k.b, b, rel);
    }
    expectRel(s.coefficients[18]!.b, -0.18667356953, 1e-6);
    expectRel(s.coefficients[19]!.a, 1.00042761525, 1e-7);
    expectRel(s.coefficients[19]!.b, -0.01214178101, 1e-6);
    // Past t = 0 the final alpha is ᾱ[0] = 0.99915 (set_alpha_to_one false).
    expectRel(s.coefficients[19]!.alphaProdPrev, 0.99915, 1e-7);
  });

  it('applies exactly those coefficients, in place or into a buffer, without noise', () => {
    const k = s.coefficients[0]!;
    const out = s.step(eps, 0, x, noNoise);
    for (let i = 0; i < x.length; i++)
      expect(out[i]).toBeCloseTo(Math.fround(k.a * x[i]! + k.b * eps[i]!), 6);
    const inPlace = Float32Array.from(x);
    expect(s.step(eps, 0, inPlace, noNoise, inPlace)).toBe(inPlace);
    expect(Array.from(inPlace)).toEqual(Array.from(out));
  });

  it('moves an exactly noised sample to the previous noise level', () => {
    // x_t = √ᾱ_t·x0 + √(1−ᾱ_t)·ε with the true ε gives √ᾱ_prev·x0 + √(1−ᾱ_prev)·ε.
    const x0 = Float32Array.from([0.3, -0.7, 1.1, 0, 0.05, -1.2]);
    for (const i of [0, 7, 19]) {
      const t = s.timesteps[i]!;
      const noisy = s.addNoise(x0, eps, i);
      const denoised = new Float32Array(x0.length);
      const prev = s.step(eps, i, noisy, noNoise, undefined, denoised);
      const prevT = t - 50;
      const ap = prevT >= 0 ? alphasCumprod[prevT]! : alphasCumprod[0]!;
      for (let j = 0; j < x0.length; j++) {
        expect(prev[j]).toBeCloseTo(Math.sqrt(ap) * x0[j]! + Math.sqrt(1 - ap) * eps[j]!, 4);
        expect(denoised[j]).toBeCloseTo(x0[j]!, 4);
      }
    }
  });

  it('gives the same update from a v-prediction of the same noise', () => {
    const v = createDdimScheduler({
      steps: 20,
      config: { ...SD15_SCHEDULER_CONFIG, prediction_type: 'v_prediction' },
    });
    const x0 = Float32Array.from([0.3, -0.7, 1.1, 0, 0.05, -1.2]);
    const i = 4;
    const a = alphasCumprod[s.timesteps[i]!]!;
    const noisy = s.addNoise(x0, eps, i);
    const vel = eps.map((e, j) => Math.sqrt(a) * e - Math.sqrt(1 - a) * x0[j]!);
    const fromEps = s.step(eps, i, noisy, noNoise);
    const fromV = v.step(vel, i, noisy, noNoise);
    for (let j = 0; j < x0.length; j++) expect(fromV[j]).toBeCloseTo(fromEps[j]!, 5);
  });
});

describe('DDIM options', () => {
  it('adds σ_t·z when eta > 0', () => {
    const s = createDdimScheduler({ steps: 20, eta: 1 });
    const k = s.coefficients[2]!;
    expect(k.c).toBeGreaterThan(0);
    const out = s.step(eps, 2, x, constantNoise(0.5));
    for (let i = 0; i < x.length; i++) {
      expect(out[i]).toBeCloseTo(k.a * x[i]! + k.b * eps[i]! + k.c * 0.5, 5);
    }
  });

  it('clips x̂0 when clip_sample is set', () => {
    const s = createDdimScheduler({ steps: 10, config: { ...SD15_SCHEDULER_CONFIG, clip_sample: true } });
    const big = Float32Array.from([30, -30]);
    const m = Float32Array.from([0, 0]);
    const denoised = new Float32Array(2);
    s.step(m, 0, big, noNoise, undefined, denoised);
    expect(Array.from(denoised)).toEqual([1, -1]);
  });

  it('starts later for img2img strength and keeps the full-schedule step size', () => {
    const s = createDdimScheduler({ steps: 20, strength: 0.5 });
    expect(s.timesteps).toEqual(Array.from({ length: 10 }, (_, i) => 451 - 50 * i));
    expect(s.coefficients[0]!.prevTimestep).toBe(401);
  });

  it('follows diffusers for linspace: prev = t − N//steps, not the next listed timestep', () => {
    const s = createDdimScheduler({ steps: 20, timestepSpacing: 'linspace' });
    expect(s.timesteps[1]).toBe(946);
    expect(s.coefficients[0]!.prevTimestep).toBe(949);
  });

  it('checks step indexes, buffer lengths and schedules out of range', () => {
    const s = createDdimScheduler({ steps: 5 });
    expect(() => s.step(eps, 5, x, noNoise)).toThrow(RangeError);
    expect(() => s.step(eps, 0, x, noNoise, new Float32Array(2))).toThrow(/length/);
    expect(() => s.step(new Float32Array(2), 0, x, noNoise)).toThrow(/length/);
    expect(() => createDdimScheduler({ steps: 1000 })).toThrow(/steps_offset/);
  });
});
