import { describe, expect, it } from 'vitest';
import {
  buildNoiseSchedule,
  computeTrainingSigmas,
  linspaceFloat32,
  numpyLinspace,
  resolveSchedulerConfig,
  roundHalfEven,
  SD15_SCHEDULER_CONFIG,
  spacedTimesteps,
  strengthStartIndex,
} from './schedule';
import { DDIM_DEFAULTS } from './ddim';

/** Relative closeness: |a − b| ≤ rel·|b|. */
function expectRel(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

const sd15 = resolveSchedulerConfig(DDIM_DEFAULTS, SD15_SCHEDULER_CONFIG);
const { betas, alphasCumprod } = buildNoiseSchedule(sd15);

describe('SD 1.5 noise schedule (research note §4.2)', () => {
  it('has the scaled_linear betas', () => {
    expect(betas.length).toBe(1000);
    expectRel(betas[0]!, 0.00085, 1e-6);
    expectRel(betas[1]!, 0.00085469866, 1e-6);
    expectRel(betas[2]!, 0.00085941026, 1e-6);
    expectRel(betas[999]!, 0.012, 1e-6);
  });

  it('has the published alphas_cumprod', () => {
    const head = [0.99915, 0.99829603, 0.99743808, 0.99657616, 0.99571026];
    head.forEach((v, i) => expectRel(alphasCumprod[i]!, v, 1e-7));
    const table: [number, number][] = [
      [1, 0.99829603],
      [51, 0.95052432],
      [251, 0.67215147],
      [501, 0.27499907],
      [751, 0.055719029],
      [951, 0.0081550046],
      [981, 0.0057755001],
      [999, 0.0046600985],
      [997, 0.00477389],
      [998, 0.00471669],
    ];
    for (const [t, v] of table) expectRel(alphasCumprod[t]!, v, 2e-6);
  });

  it('has the published sigmas', () => {
    const sigmas = computeTrainingSigmas(alphasCumprod);
    const table: [number, number][] = [
      [999, 14.614641],
      [951, 11.02833],
      [901, 8.390685],
      [500, 1.618279],
    ];
    for (const [t, v] of table) expectRel(sigmas[t]!, v, 1e-6);
    expectRel(Math.sqrt(sigmas[999]! ** 2 + 1), 14.648814, 1e-6);
    // Near t = 0, 1 − ᾱ in float32 (as diffusers computes it) loses digits: the note's float64
    // values 0.04131441 and 0.029167(16) become 0.04131448 and 0.0291675 (the published σ_min).
    expectRel(sigmas[1]!, 0.04131441, 2e-6);
    expectRel(sigmas[0]!, 0.0291675, 2e-6);
    expectRel(sigmas[0]!, 0.029167158, 2e-5);
  });
});

describe('timestep spacing (research note §4.3)', () => {
  it('leading with steps_offset 1 gives 951 … 1', () => {
    const t = spacedTimesteps('leading', 20, 1000, 1);
    expect(t).toEqual(Array.from({ length: 20 }, (_, i) => 951 - 50 * i));
  });

  it('trailing gives 999 … 49', () => {
    expect(spacedTimesteps('trailing', 20, 1000, 1)).toEqual(
      Array.from({ length: 20 }, (_, i) => 999 - 50 * i),
    );
    // numpy's arange would give 62 values for 61 steps (the last -1); we keep exactly `steps`.
    const t61 = spacedTimesteps('trailing', 61, 1000, 0);
    expect(t61).toHaveLength(61);
    expect(Math.min(...t61)).toBeGreaterThanOrEqual(0);
    expect(spacedTimesteps('trailing', 7, 1000, 0)).toEqual([999, 856, 713, 570, 428, 285, 142]);
  });

  it('linspace rounds for DDIM and keeps float32 fractions for Euler', () => {
    expect(spacedTimesteps('linspace', 20, 1000, 1)).toEqual([
      999, 946, 894, 841, 789, 736, 684, 631, 578, 526, 473, 421, 368, 315, 263, 210, 158, 105, 53, 0,
    ]);
    const f = spacedTimesteps('linspace', 20, 1000, 1, true);
    expect(f[1]).toBeCloseTo(946.4211, 4);
    expect(f[18]).toBeCloseTo(52.5789, 4);
    expect(f[19]).toBe(0);
    expect(f[1]).toBe(Math.fround(f[1]!));
  });

  it('rejects impossible step counts', () => {
    expect(() => spacedTimesteps('leading', 0, 1000, 1)).toThrow(/steps/);
    expect(() => spacedTimesteps('leading', 1001, 1000, 1)).toThrow(/exceed/);
  });
});

describe('numeric helpers', () => {
  it('rounds half to even like numpy', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, 2, 3]);
  });

  it('matches numpy.linspace and torch.linspace', () => {
    expect(numpyLinspace(0, 50, 4, false)).toEqual([0, 12.5, 25, 37.5]);
    expect(numpyLinspace(0, 999, 1)).toEqual([0]);
    const l = linspaceFloat32(0, 1, 5);
    expect(Array.from(l)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('computes the img2img start index', () => {
    expect(strengthStartIndex(20, 1)).toBe(0);
    expect(strengthStartIndex(20, 0.5)).toBe(10);
    expect(strengthStartIndex(20, 0.33)).toBe(14);
    expect(() => strengthStartIndex(20, 0)).toThrow(/strength/);
  });
});

describe('resolveSchedulerConfig', () => {
  it('lets present keys win and fills the rest from the class defaults', () => {
    expect(sd15.betaSchedule).toBe('scaled_linear');
    expect(sd15.setAlphaToOne).toBe(false);
    expect(sd15.timestepSpacing).toBe('leading'); // DDIM's default: the SD 1.5 file has no key
    expect(sd15.clipSample).toBe(false);
    const custom = resolveSchedulerConfig(DDIM_DEFAULTS, {
      timestep_spacing: 'trailing',
      unknown_key: 1,
    } as never);
    expect(custom.timestepSpacing).toBe('trailing');
    expect(custom.betaSchedule).toBe('linear');
  });

  it('refuses unsupported values', () => {
    expect(() => resolveSchedulerConfig(DDIM_DEFAULTS, { beta_schedule: 'sigmoid' })).toThrow(
      /beta_schedule/,
    );
    expect(() => resolveSchedulerConfig(DDIM_DEFAULTS, { prediction_type: 'flow' })).toThrow(
      /prediction_type/,
    );
    expect(() => resolveSchedulerConfig(DDIM_DEFAULTS, { num_train_timesteps: 0 })).toThrow(/num_train/);
  });
});
