/**
 * @file Per-step optimiser scalars, platform-free: the learning rate (linear warmup, then half-cycle
 * cosine decay to a floor, the schedule of StableRep, MAE/HAP and our ablation recipe in
 * methods.md), the global gradient-norm clip factor, and Adam's bias corrections. The training
 * graph takes these as 0-d inputs each step (onnx-training.md, pitfall 7), so a schedule change
 * never needs a graph rebuild; everything here is a pure function of the step, which keeps a
 * resumed run bit-identical to an uninterrupted one.
 */

export interface LrSchedule {
  /** Peak learning rate, reached at the last warmup step. */
  baseLr: number;
  /** Number of warmup steps (0 = start at baseLr). */
  warmupSteps: number;
  /** Total optimiser steps of the run; the cosine reaches the floor at this step. */
  totalSteps: number;
  /** Floor as a fraction of baseLr, in [0, 1] (0 = decay to zero). */
  minLrRatio: number;
}

export function validateSchedule(schedule: LrSchedule): void {
  const { baseLr, warmupSteps, totalSteps, minLrRatio } = schedule;
  if (!(Number.isFinite(baseLr) && baseLr > 0)) throw new RangeError(`baseLr must be > 0, got ${baseLr}`);
  if (!Number.isSafeInteger(totalSteps) || totalSteps < 1) {
    throw new RangeError(`totalSteps must be an integer >= 1, got ${totalSteps}`);
  }
  if (!Number.isSafeInteger(warmupSteps) || warmupSteps < 0 || warmupSteps > totalSteps) {
    throw new RangeError(`warmupSteps must be an integer in [0, totalSteps], got ${warmupSteps}`);
  }
  if (!(minLrRatio >= 0 && minLrRatio <= 1))
    throw new RangeError(`minLrRatio must be in [0, 1], got ${minLrRatio}`);
}

/**
 * Learning rate for the optimiser step with 0-based index `step`.
 * - Warmup: baseLr * (step + 1) / warmupSteps, so the first step already moves (a 0 lr step
 *   would waste a batch) and step warmupSteps - 1 uses exactly baseLr.
 * - Decay: progress p = (step - warmupSteps) / (totalSteps - warmupSteps) in [0, 1);
 *   lr = min + (base - min) * (1 + cos(pi p)) / 2, with min = base * minLrRatio. The last step
 *   (totalSteps - 1) is one step short of the floor; steps at or beyond totalSteps (a run that
 *   is extended) stay at the floor rather than climbing back up the cosine.
 */
export function learningRate(schedule: LrSchedule, step: number): number {
  validateSchedule(schedule);
  if (!Number.isSafeInteger(step) || step < 0)
    throw new RangeError(`step must be an integer >= 0, got ${step}`);
  const { baseLr, warmupSteps, totalSteps, minLrRatio } = schedule;
  if (step < warmupSteps) return (baseLr * (step + 1)) / warmupSteps;
  const minLr = baseLr * minLrRatio;
  if (step >= totalSteps) return minLr;
  const progress = (step - warmupSteps) / (totalSteps - warmupSteps);
  return minLr + (baseLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
}

export interface ClipResult {
  /** Global L2 norm of all gradients, sqrt of the summed squares. */
  norm: number;
  /** Multiply every gradient by this (1 when within maxNorm). */
  factor: number;
  /**
   * False when the norm is NaN or infinite: factor is then 0 and the caller should skip the
   * update (scaling a NaN gradient by anything still yields NaN, and with AdamW a zero gradient
   * would still decay the weights and the moments).
   */
  finite: boolean;
}

/** Matches torch.nn.utils.clip_grad_norm_: coefficient maxNorm / (norm + 1e-6), capped at 1. */
const CLIP_EPS = 1e-6;

/**
 * Global-norm clipping from per-tensor sums of squares (which the graph can emit cheaply as one
 * ReduceSumSquare per gradient). `maxNorm` <= 0 or Infinity disables clipping. Sums are added in
 * float64 in the given order so the result is deterministic.
 */
export function clipFactor(squaredSums: ArrayLike<number>, maxNorm: number): ClipResult {
  if (Number.isNaN(maxNorm)) throw new RangeError('maxNorm is NaN');
  let total = 0;
  for (let i = 0; i < squaredSums.length; i++) {
    const value = squaredSums[i] ?? 0;
    if (value < 0) throw new RangeError(`squared sum ${i} is negative (${value})`);
    total += value;
  }
  const norm = Math.sqrt(total);
  if (!Number.isFinite(norm)) return { norm, factor: 0, finite: false };
  if (!(maxNorm > 0) || maxNorm === Infinity) return { norm, factor: 1, finite: true };
  return { norm, factor: Math.min(1, maxNorm / (norm + CLIP_EPS)), finite: true };
}

/**
 * Adam bias corrections for the update with 1-based count `t`: [1 - beta1^t, 1 - beta2^t].
 * Fed to the graph as inputs rather than tracked there, so resume needs only the step number.
 */
export function adamBiasCorrections(t: number, beta1: number, beta2: number): [number, number] {
  if (!Number.isSafeInteger(t) || t < 1) throw new RangeError(`t must be an integer >= 1, got ${t}`);
  return [1 - beta1 ** t, 1 - beta2 ** t];
}
