import { describe, expect, it } from 'vitest';
import {
  createLcmScheduler,
  guidanceScaleEmbedding,
  lcmBoundaryScalings,
  lcmGuidanceEmbedding,
  lcmTimesteps,
} from './lcm';
import { buildNoiseSchedule, resolveSchedulerConfig } from './schedule';
import { LCM_DEFAULTS } from './lcm';
import type { NoiseSource } from './types';

const constantNoise = (v: number): NoiseSource & { draws: number } => {
  const source = {
    draws: 0,
    fill(out: Float32Array): void {
      source.draws++;
      out.fill(v);
    },
  };
  return source;
};

describe('LCM timesteps (§4.3)', () => {
  it('samples the distillation schedule', () => {
    expect(lcmTimesteps(1, 50, 1000)).toEqual([999]);
    expect(lcmTimesteps(2, 50, 1000)).toEqual([999, 499]);
    expect(lcmTimesteps(4, 50, 1000)).toEqual([999, 759, 499, 259]);
    expect(lcmTimesteps(8, 50, 1000)).toEqual([999, 879, 759, 639, 499, 379, 259, 139]);
    expect(createLcmScheduler({ steps: 4 }).timesteps).toEqual([999, 759, 499, 259]);
  });

  it('shortens the origin schedule for strength and refuses impossible counts', () => {
    // int(50·0.5) = 25 origin steps 499, 479, …, 19, sampled at floor(0, 6.25, 12.5, 18.75).
    expect(lcmTimesteps(4, 50, 1000, 0.5)).toEqual([499, 379, 259, 139]);
    expect(() => lcmTimesteps(51, 50, 1000)).toThrow(/original_inference_steps/);
    expect(() => lcmTimesteps(30, 50, 1000, 0.5)).toThrow(/origin steps/);
  });
});

describe('LCM step', () => {
  it('has the published boundary scalings at t = 999', () => {
    const { cSkip, cOut } = lcmBoundaryScalings(999);
    expect(Math.abs(cSkip - 2.505e-9)).toBeLessThan(1e-12);
    expect(cOut).toBeCloseTo(0.9999999987, 10);
  });

  const s = createLcmScheduler({ steps: 4 });
  const { alphasCumprod } = buildNoiseSchedule(resolveSchedulerConfig(LCM_DEFAULTS, undefined));
  const x0 = Float32Array.from([0.5, -1, 0.25]);
  const eps = Float32Array.from([1.2, 0.3, -0.8]);

  it('predicts x̂0 with the boundary scalings and re-noises to the next timestep', () => {
    expect(s.initNoiseSigma).toBe(1);
    expect(s.inputScale(0)).toBe(1);
    const i = 1;
    const t = s.timesteps[i]!;
    const noisy = s.addNoise(x0, eps, i);
    const a = alphasCumprod[t]!;
    noisy.forEach((v, j) => expect(v).toBeCloseTo(Math.sqrt(a) * x0[j]! + Math.sqrt(1 - a) * eps[j]!, 6));
    const noise = constantNoise(0.5);
    const denoised = new Float32Array(3);
    const out = s.step(eps, i, noisy, noise, undefined, denoised);
    const { cSkip, cOut } = lcmBoundaryScalings(t);
    const ap = alphasCumprod[s.timesteps[i + 1]!]!;
    for (let j = 0; j < 3; j++) {
      const d = cOut * x0[j]! + cSkip * noisy[j]!;
      expect(denoised[j]).toBeCloseTo(d, 5);
      expect(out[j]).toBeCloseTo(Math.sqrt(ap) * d + Math.sqrt(1 - ap) * 0.5, 5);
    }
    expect(noise.draws).toBe(1);
  });

  it('returns the denoised sample at the last step without noise', () => {
    const noise = constantNoise(3);
    const noisy = s.addNoise(x0, eps, 3);
    const out = s.step(eps, 3, noisy, noise);
    expect(noise.draws).toBe(0);
    out.forEach((v, j) => expect(v).toBeCloseTo(x0[j]!, 2)); // c_skip at t=259 is 1.5e-6
  });
});

describe('LCM guidance embedding (§2.6, §4.3)', () => {
  it('matches the published values for w = 7.5 (guidance 8.5), dim 256, to 1e-3', () => {
    const emb = lcmGuidanceEmbedding(8.5, 256);
    expect(emb).toHaveLength(256);
    const head = [-0.85124, 0.84223, 0.01182, 0.99238];
    head.forEach((v, i) => expect(Math.abs(emb[i]! - v)).toBeLessThan(1e-3));
    const mid = [-0.52478, 0.53912, -0.99993];
    mid.forEach((v, i) => expect(Math.abs(emb[128 + i]! - v)).toBeLessThan(1e-3));
    // sin/cos pairs share a frequency.
    for (let k = 0; k < 128; k++) expect(emb[k]! ** 2 + emb[128 + k]! ** 2).toBeCloseTo(1, 5);
  });

  it('repeats rows for a batch, zero-pads odd dims and refuses tiny dims', () => {
    const two = guidanceScaleEmbedding(2, 8, 2);
    expect(Array.from(two.subarray(0, 8))).toEqual(Array.from(two.subarray(8)));
    const odd = guidanceScaleEmbedding(2, 9);
    expect(odd[8]).toBe(0);
    expect(() => guidanceScaleEmbedding(1, 2)).toThrow(/dim/);
  });
});
