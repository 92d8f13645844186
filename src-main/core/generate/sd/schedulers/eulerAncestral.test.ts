import { describe, expect, it } from 'vitest';
import { ancestralSigmas, createEulerAncestralScheduler } from './eulerAncestral';
import { SD15_SCHEDULER_CONFIG } from './schedule';
import type { NoiseSource } from './types';

function expectRel(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

/** Hands out the given values in order (cycling), counting the draws. */
function scriptedNoise(values: number[]): NoiseSource & { draws: number } {
  let k = 0;
  const source = {
    draws: 0,
    fill(out: Float32Array): void {
      source.draws++;
      for (let i = 0; i < out.length; i++) out[i] = values[k++ % values.length]!;
    },
  };
  return source;
}

const x = Float32Array.from([3, -7.5, 12, 0.25]);
const eps = Float32Array.from([0.2, -1, 0.7, 0]);

describe('Euler ancestral, 20 steps, linspace (class default, §4.3)', () => {
  const s = createEulerAncestralScheduler({ steps: 20 });

  it('has the published fractional timesteps and sigmas', () => {
    expect(s.timesteps).toHaveLength(20);
    const t = [999, 946.4211, 893.8421, 841.2632, 788.6842];
    t.forEach((v, i) => expect(s.timesteps[i]).toBeCloseTo(v, 3));
    expect(s.timesteps[18]).toBeCloseTo(52.5789, 3);
    expect(s.timesteps[19]).toBe(0);
    const sigmas = [
      14.61464, 10.74684, 8.08153, 6.20495, 4.85566, 3.86538, 3.12377, 2.55717, 2.11566, 1.76482, 1.48058,
      1.24581, 1.04814, 0.87843, 0.72972, 0.59643, 0.47359, 0.35555, 0.23217, 0.02917, 0,
    ];
    expect(s.sigmas).toHaveLength(21);
    // The published values have 5 decimals (±5e-6); float32 math adds up to ~1e-6 relative.
    sigmas.forEach((v, i) => expect(Math.abs(s.sigmas[i]! - v)).toBeLessThanOrEqual(5e-6 + 1e-6 * v));
    expect(s.initNoiseSigma).toBeCloseTo(14.6146, 4);
    expect(s.initNoiseSigma).toBe(s.sigmas[0]);
  });

  it('has the published first-step σ_up and σ_down', () => {
    const { up, down } = ancestralSigmas(s.sigmas[0]!, s.sigmas[1]!);
    expectRel(up, 7.283028, 2e-6);
    expectRel(down, 7.902668, 2e-6);
    expect(ancestralSigmas(2, 0)).toEqual({ up: 0, down: 0 });
  });

  it('scales the model input by 1/sqrt(σ²+1)', () => {
    expectRel(s.inputScale(0), 1 / 14.648814, 2e-6);
    const out = new Float32Array(x.length);
    expect(s.scaleModelInput(x, 3, out)).toBe(out);
    const k = 1 / Math.sqrt(s.sigmas[3]! ** 2 + 1);
    out.forEach((v, i) => expect(v).toBeCloseTo(x[i]! * k, 5));
  });

  it('takes x + (σ_down − σ)·ε + σ_up·z with fresh noise each step', () => {
    const noise = scriptedNoise([0.5, -2]);
    const { up, down } = ancestralSigmas(s.sigmas[0]!, s.sigmas[1]!);
    const out = s.step(eps, 0, x, noise);
    const z = [0.5, -2, 0.5, -2];
    out.forEach((v, i) => expect(v).toBeCloseTo(x[i]! + (down - s.sigmas[0]!) * eps[i]! + up * z[i]!, 4));
    s.step(eps, 1, x, noise);
    expect(noise.draws).toBe(2);
  });

  it('lands on x̂0 = x − σ·ε at the last step without drawing noise', () => {
    const noise = scriptedNoise([1]);
    const denoised = new Float32Array(x.length);
    const out = s.step(eps, 19, x, noise, undefined, denoised);
    expect(noise.draws).toBe(0);
    out.forEach((v, i) => {
      expect(v).toBeCloseTo(x[i]! - s.sigmas[19]! * eps[i]!, 5);
      expect(denoised[i]).toBeCloseTo(v, 6);
    });
  });

  it('treats a v-prediction of the same sample consistently', () => {
    const v = createEulerAncestralScheduler({
      steps: 20,
      config: { ...SD15_SCHEDULER_CONFIG, prediction_type: 'v_prediction' },
    });
    // With x = x0 + σ·ε and v = (ε − σ·x0)/√(σ²+1) (k-diffusion's v in σ space), x̂0 is exact.
    const i = 5;
    const sigma = s.sigmas[i]!;
    const x0 = Float32Array.from([0.4, -0.2, 1, -1]);
    const noisy = x0.map((a, j) => a + sigma * eps[j]!);
    const vel = x0.map((a, j) => (eps[j]! - sigma * a) / Math.sqrt(sigma * sigma + 1));
    const d = new Float32Array(4);
    v.step(vel, i, noisy, scriptedNoise([0]), undefined, d);
    d.forEach((val, j) => expect(val).toBeCloseTo(x0[j]!, 4));
  });
});

describe('Euler ancestral variants', () => {
  it('leading spacing with offset 1 has the published sigmas and init sigma (§4.3)', () => {
    const s = createEulerAncestralScheduler({
      steps: 20,
      config: { ...SD15_SCHEDULER_CONFIG, timestep_spacing: 'leading' },
    });
    expect(s.timesteps[0]).toBe(951);
    [11.02833, 8.39068, 6.5064, 5.13443].forEach((v, i) =>
      expect(Math.abs(s.sigmas[i]! - v)).toBeLessThanOrEqual(5e-6 + 1e-6 * v),
    );
    expect(s.initNoiseSigma).toBeCloseTo(11.07358, 4);
    const same = createEulerAncestralScheduler({ steps: 20, timestepSpacing: 'leading' });
    expect(same.sigmas).toEqual(s.sigmas);
  });

  it('noises to the first kept sigma for img2img', () => {
    const s = createEulerAncestralScheduler({ steps: 20, strength: 0.5 });
    expect(s.steps).toBe(10);
    expect(s.sigmas).toHaveLength(11);
    expect(s.sigmas[0]).toBeCloseTo(1.48058, 4);
    const noisy = s.addNoise(x, eps, 0);
    noisy.forEach((v, i) => expect(v).toBeCloseTo(x[i]! + s.sigmas[0]! * eps[i]!, 5));
  });

  it('refuses sample prediction', () => {
    expect(() =>
      createEulerAncestralScheduler({
        steps: 4,
        config: { ...SD15_SCHEDULER_CONFIG, prediction_type: 'sample' },
      }),
    ).toThrow(/prediction_type/);
  });
});
