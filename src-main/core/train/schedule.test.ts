import { describe, expect, it } from 'vitest';
import { adamBiasCorrections, clipFactor, learningRate, type LrSchedule } from './schedule';

const s: LrSchedule = { baseLr: 1e-3, warmupSteps: 10, totalSteps: 110, minLrRatio: 0.1 };

describe('learningRate', () => {
  it('warms up linearly from the first step to the peak', () => {
    expect(learningRate(s, 0)).toBeCloseTo(1e-4, 15);
    expect(learningRate(s, 4)).toBeCloseTo(5e-4, 15);
    expect(learningRate(s, 9)).toBe(1e-3);
  });

  it('decays along a cosine from the peak to the floor', () => {
    expect(learningRate(s, 10)).toBe(1e-3);
    expect(learningRate(s, 60)).toBeCloseTo(1e-4 + 0.9e-3 * 0.5, 15);
    const last = learningRate(s, 109);
    expect(last).toBeCloseTo(1e-4 + 0.9e-3 * 0.5 * (1 + Math.cos((Math.PI * 99) / 100)), 15);
    expect(last).toBeGreaterThan(1e-4);
    expect(learningRate(s, 110)).toBe(1e-4);
    expect(learningRate(s, 10_000)).toBe(1e-4);
  });

  it('is monotone after warmup', () => {
    for (let step = 10; step < 120; step++) {
      expect(learningRate(s, step + 1)).toBeLessThanOrEqual(learningRate(s, step));
    }
  });

  it('handles no warmup, all warmup and a zero floor', () => {
    const none = { ...s, warmupSteps: 0, minLrRatio: 0 };
    expect(learningRate(none, 0)).toBe(1e-3);
    expect(learningRate(none, 55)).toBeCloseTo(0.5e-3, 15);
    expect(learningRate(none, 110)).toBe(0);
    const all = { ...s, warmupSteps: 110 };
    expect(learningRate(all, 109)).toBe(1e-3);
    expect(learningRate(all, 110)).toBeCloseTo(1e-4, 15);
  });

  it('rejects bad parameters and steps', () => {
    expect(() => learningRate({ ...s, warmupSteps: 111 }, 0)).toThrow(/warmupSteps/);
    expect(() => learningRate({ ...s, totalSteps: 0 }, 0)).toThrow(/totalSteps/);
    expect(() => learningRate({ ...s, baseLr: 0 }, 0)).toThrow(/baseLr/);
    expect(() => learningRate({ ...s, minLrRatio: 1.5 }, 0)).toThrow(/minLrRatio/);
    expect(() => learningRate(s, -1)).toThrow(/step/);
    expect(() => learningRate(s, 1.5)).toThrow(/step/);
  });
});

describe('clipFactor', () => {
  it('leaves small gradients alone and scales large ones to maxNorm', () => {
    expect(clipFactor([9, 16], 10)).toEqual({ norm: 5, factor: 1, finite: true });
    const big = clipFactor([9, 16], 1);
    expect(big.norm).toBe(5);
    expect(big.factor).toBeCloseTo(0.2, 6);
    expect(big.factor * big.norm).toBeLessThanOrEqual(1);
    expect(clipFactor([], 1)).toEqual({ norm: 0, factor: 1, finite: true });
  });

  it('is disabled by maxNorm <= 0 or Infinity', () => {
    expect(clipFactor([1e6], 0).factor).toBe(1);
    expect(clipFactor([1e6], Infinity).factor).toBe(1);
  });

  it('flags non-finite norms and bad input', () => {
    expect(clipFactor([1, NaN], 1)).toMatchObject({ factor: 0, finite: false });
    expect(clipFactor([Infinity], 1)).toMatchObject({ norm: Infinity, factor: 0, finite: false });
    expect(() => clipFactor([-1], 1)).toThrow(/negative/);
    expect(() => clipFactor([1], NaN)).toThrow(/NaN/);
  });
});

describe('adamBiasCorrections', () => {
  it('is 1 - beta^t from t = 1', () => {
    expect(adamBiasCorrections(1, 0.9, 0.999)).toEqual([1 - 0.9, 1 - 0.999]);
    const [c1, c2] = adamBiasCorrections(10, 0.9, 0.999);
    expect(c1).toBeCloseTo(1 - 0.9 ** 10, 15);
    expect(c2).toBeCloseTo(1 - 0.999 ** 10, 15);
    expect(() => adamBiasCorrections(0, 0.9, 0.999)).toThrow(/t must be/);
  });
});
