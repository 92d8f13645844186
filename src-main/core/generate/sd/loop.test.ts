/**
 * The per-step JS work of a ControlNet + CFG denoising loop at 512×512 (latent 4×64×64, batch 2),
 * through the public API only, with the UNet replaced by arithmetic. It checks determinism and
 * that the loop runs on preallocated buffers. Timing is not asserted (shared CI machines); to see
 * it, run
 *   SD_TIMING=1 npx vitest run --config tests/vitest.config.mts src-main/core/generate/sd/loop.test.ts
 */
import { describe, expect, it } from 'vitest';
import {
  applyGuidance,
  createNoise,
  createScheduler,
  initialLatents,
  latentPreviewRgba,
  repeatBatch,
  scaleResiduals,
  type SchedulerName,
} from './index';

const LATENT = 4 * 64 * 64;

/** Stand-in for session.run: a smooth function of the input so the loop does real arithmetic. */
function fakeUnet(input: Float32Array, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = 0.1 * input[i]! + (i < LATENT ? 0.01 : -0.02);
}

interface LoopResult {
  latent: Float32Array;
  msPerStep: number;
}

/** SD 1.5 ControlNet residual sizes at 64×64, batch 2 (§1.4): 12 down + 1 mid. */
const RESIDUAL_SIZES = [
  [320, 64],
  [320, 64],
  [320, 64],
  [320, 32],
  [640, 32],
  [640, 32],
  [640, 16],
  [1280, 16],
  [1280, 16],
  [1280, 8],
  [1280, 8],
  [1280, 8],
  [1280, 8],
].map(([c, s]) => 2 * c! * s! * s!);

function runLoop(name: SchedulerName, seed: number, steps: number): LoopResult {
  const scheduler = createScheduler(name, { steps });
  const noise = createNoise(seed ^ 0x5eed);
  const latent = initialLatents(seed, LATENT, scheduler.initNoiseSigma);
  const scaled = new Float32Array(LATENT);
  const batch = new Float32Array(2 * LATENT);
  const unetOut = new Float32Array(2 * LATENT);
  const guided = new Float32Array(LATENT);
  let js = 0;
  for (let i = 0; i < scheduler.steps; i++) {
    let t0 = performance.now();
    scheduler.scaleModelInput(latent, i, scaled);
    repeatBatch(scaled, 2, batch);
    js += performance.now() - t0;
    fakeUnet(batch, unetOut);
    t0 = performance.now();
    applyGuidance(unetOut, 7.5, guided);
    const next = scheduler.step(guided, i, latent, noise, latent);
    js += performance.now() - t0;
    expect(next).toBe(latent);
  }
  return { latent, msPerStep: js / scheduler.steps };
}

describe('a 64×64 denoising loop on the public API', () => {
  for (const name of ['ddim', 'euler-a', 'lcm'] as const) {
    it(`${name}: same seed, same latents; finite and seed-dependent`, () => {
      const steps = name === 'lcm' ? 4 : 20;
      runLoop(name, 1, steps); // warm the JIT before measuring
      const a = runLoop(name, 7, steps);
      const b = runLoop(name, 7, steps);
      const c = runLoop(name, 8, steps);
      expect(Array.from(a.latent)).toEqual(Array.from(b.latent));
      expect(a.latent.every(Number.isFinite)).toBe(true);
      expect(Array.from(a.latent.subarray(0, 16))).not.toEqual(Array.from(c.latent.subarray(0, 16)));
      const preview = latentPreviewRgba(a.latent, 64, 64);
      expect(preview).toHaveLength(64 * 64 * 4);
      if (process.env.SD_TIMING) {
        console.info(`${name}: ${a.msPerStep.toFixed(3)} ms JS per step (batch 2, 4×64×64)`);
      }
    });
  }

  it('scales all 13 ControlNet residuals in place (exports without conditioning_scale)', () => {
    const residuals = RESIDUAL_SIZES.map((n) => new Float32Array(n).fill(2));
    scaleResiduals(residuals, 0.75);
    expect(residuals.every((r) => r[0] === 1.5 && r[r.length - 1] === 1.5)).toBe(true);
    if (process.env.SD_TIMING) {
      const t0 = performance.now();
      for (let k = 0; k < 5; k++) scaleResiduals(residuals, 1.0001);
      const total = RESIDUAL_SIZES.reduce((a, b) => a + b, 0);
      console.info(
        `residual scaling: ${((performance.now() - t0) / 5).toFixed(2)} ms per step (${total} floats)`,
      );
    }
  });
});
