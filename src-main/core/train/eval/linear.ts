/**
 * @file The linear heads the probes fit on frozen features, in Float64: ridge regression with
 * its strength chosen on a held-out fold from a small sweep (the sweep is returned so a report
 * can show the probe's sensitivity to it, methods.md 5.6), and, re-exported from logistic.ts,
 * L2-regularised binary logistic regression by Newton's method on standardised features.
 *
 * Ridge is solved in closed form with an unpenalised intercept: the primal normal equations
 * (Xc^T Xc + lambda I) when samples outnumber features, the dual/kernel form (Xc Xc^T + lambda I)
 * otherwise, so the factorised matrix is always the smaller side (ridgeSystems.ts). Targets may
 * be missing (a joint that is not labelled): the exact answer is a separate ridge per output over
 * its own rows, which would need one factorisation per output. Instead the missing targets are
 * imputed with the model's own predictions (the EM fixed point, at which the missing rows carry
 * zero residual and the solution equals the per-output ridge), solved by conjugate gradients on
 * the imputed values with the shared factor, to a tolerance (1e-4 of the targets' spread by
 * default), so one factorisation serves every output. Alphas are swept largest first, each
 * imputation warm-starting the next, which keeps the CG to a handful of solves per alpha.
 */
import type { RealArray } from './linalg';
import { type Rhs, type RidgeSystem, type Source, addRhs, makeSystem, rawMatrix } from './ridgeSystems';

export type { RealArray } from './linalg';
export * from './logistic';

/** y = x W + b, W stored d x k row-major. */
export interface LinearModel {
  dim: number;
  outputs: number;
  weights: Float64Array;
  bias: Float64Array;
}

export interface RidgeOptions {
  /** Candidate strengths relative to the features' scale: lambda = alpha * trace(Xc^T Xc) / d. */
  alphas?: readonly number[];
  /** Per row, 1 = held out to choose alpha. Without held-out rows the median alpha is used. */
  validation?: Uint8Array | null;
  /** n x k, 1 where the target is known; missing targets are imputed (see the file comment). */
  observed?: Uint8Array | null;
  /** Which side to factorise; 'auto' takes the smaller one. */
  form?: 'auto' | 'primal' | 'dual';
  /**
   * Imputation stop: RMS of the imputation residual (imputed value minus the model's prediction
   * there) relative to the observed targets' spread.
   */
  tolerance?: number;
  maxIterations?: number;
}

export interface RidgeSweepPoint {
  alpha: number;
  lambda: number;
  /** Mean squared error over the observed targets of the held-out rows. */
  validationMse: number;
  /** Conjugate-gradient iterations the imputation of missing targets took. */
  iterations: number;
}

export interface RidgeResult {
  model: LinearModel;
  alpha: number;
  lambda: number;
  /** Form used for the final fit on all rows. */
  form: 'primal' | 'dual';
  sweep: RidgeSweepPoint[];
  /** Missing targets imputed in the final fit, and the CG iterations that took. */
  missing: number;
  iterations: number;
}

export const DEFAULT_IMPUTE_TOLERANCE = 1e-4;
export const DEFAULT_RIDGE_ALPHAS: readonly number[] = [1e-4, 1e-3, 1e-2, 1e-1, 1];

/** Model outputs at flat entries (row index into `rows` times k plus output). */
function evaluateAt(model: LinearModel, src: Source, rows: Int32Array, entries: Int32Array): Float64Array {
  const { x, d, k } = src;
  const wt = new Float64Array(k * d); // W^T, so each entry is one contiguous dot product
  for (let j = 0; j < d; j += 1) for (let c = 0; c < k; c += 1) wt[c * d + j] = model.weights[j * k + c]!;
  const out = new Float64Array(entries.length);
  for (let e = 0; e < entries.length; e += 1) {
    const flat = entries[e]!;
    const c = flat % k;
    const xo = rows[(flat - c) / k]! * d;
    const wo = c * d;
    let s = model.bias[c]!;
    for (let j = 0; j < d; j += 1) s += x[xo + j]! * wt[wo + j]!;
    out[e] = s;
  }
  return out;
}

const dotv = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, i) => s + v * b[i]!, 0);

/** Targets of a system's rows with missing ones imputed by their output's mean, and its rhs. */
interface Prepared {
  t: Float64Array;
  /** Flat (row * k + output) indices of the imputed targets. */
  entries: Int32Array;
  rhs: Rhs;
  /** RMS deviation of the observed targets from their output's mean (1 when there is none). */
  spread: number;
}

/** Outputs with no observed target at all are fitted to 0 (nothing to impute from). */
function prepare(system: RidgeSystem, k: number, y: Float64Array, observed: Uint8Array | null): Prepared {
  const { rows } = system;
  const m = rows.length;
  const t = new Float64Array(m * k);
  const seen = new Float64Array(k);
  const sums = new Float64Array(k);
  for (let i = 0; i < m; i += 1)
    for (let c = 0; c < k; c += 1) {
      const at = rows[i]! * k + c;
      if (observed && observed[at] === 0) continue;
      t[i * k + c] = y[at]!;
      seen[c] = seen[c]! + 1;
      sums[c] = sums[c]! + y[at]!;
    }
  const entries: number[] = [];
  let squares = 0;
  let count = 0;
  for (let i = 0; i < m; i += 1)
    for (let c = 0; c < k; c += 1) {
      const mean = sums[c]! / seen[c]!;
      if (!observed || observed[rows[i]! * k + c] !== 0) {
        squares += (t[i * k + c]! - mean) ** 2;
        count += 1;
      } else if (seen[c]! > 0) {
        entries.push(i * k + c);
        t[i * k + c] = mean;
      }
    }
  const spread = Math.sqrt(squares / Math.max(count, 1)) || 1;
  return { t, entries: Int32Array.from(entries), rhs: system.rhs(t), spread };
}

/** Imputed targets by global flat index (row * k + output), to warm-start the next solve. */
type Imputed = Map<number, number>;

interface Solved {
  model: LinearModel;
  missing: number;
  iterations: number;
  imputed: Imputed;
}

/**
 * Solves for the imputed targets at the EM fixed point: they satisfy (I - H_MM) z = H_MO y_O,
 * H being the (symmetric, intercept-including) hat matrix, an SPD system solved by conjugate
 * gradients; each product with H is one solve with the shared factor and a sparse right-hand
 * side. `warm` gives starting values (a nearby lambda's answer), else the outputs' means.
 */
function solveWithMissing(
  system: RidgeSystem,
  solve: (rhs: Rhs) => LinearModel,
  src: Source,
  prepared: Prepared,
  options: RidgeOptions,
  warm?: Imputed,
): Solved {
  const { rows } = system;
  const { entries } = prepared;
  const { k } = src;
  const global = Int32Array.from(entries, (e) => rows[Math.floor(e / k)]! * k + (e % k));
  const sparse = new Float64Array(prepared.t.length);
  const rhsOf = (values: Float64Array): Rhs => {
    entries.forEach((e, i) => (sparse[e] = values[i]!));
    return system.rhs(sparse, entries);
  };
  const start = Float64Array.from(entries, (e) => prepared.t[e]!);
  const shift = Float64Array.from(entries, (_, i) => (warm?.get(global[i]!) ?? start[i]!) - start[i]!);
  const first = solve(warm ? addRhs(prepared.rhs, rhsOf(shift)) : prepared.rhs);
  if (entries.length === 0) return { model: first, missing: 0, iterations: 0, imputed: new Map() };
  const r = evaluateAt(first, src, rows, entries).map((v, i) => v - start[i]! - shift[i]!);
  const p = Float64Array.from(r);
  let rs = dotv(r, r);
  const stop = ((options.tolerance ?? DEFAULT_IMPUTE_TOLERANCE) * prepared.spread) ** 2 * entries.length;
  let iterations = 0;
  // The model is linear in its targets, so the final one is `first` plus each step's solve.
  const model = { ...first, weights: Float64Array.from(first.weights), bias: Float64Array.from(first.bias) };
  while (rs > stop && iterations < (options.maxIterations ?? 100)) {
    iterations += 1;
    const direction = solve(rhsOf(p));
    const hp = evaluateAt(direction, src, rows, entries);
    const q = p.map((v, i) => v - hp[i]!);
    const step = rs / dotv(p, q);
    direction.weights.forEach((v, i) => (model.weights[i] = model.weights[i]! + step * v));
    direction.bias.forEach((v, i) => (model.bias[i] = model.bias[i]! + step * v));
    for (let i = 0; i < shift.length; i += 1) {
      shift[i] = shift[i]! + step * p[i]!;
      r[i] = r[i]! - step * q[i]!;
    }
    const next = dotv(r, r);
    for (let i = 0; i < p.length; i += 1) p[i] = r[i]! + (next / rs) * p[i]!;
    rs = next;
  }
  const imputed: Imputed = new Map();
  global.forEach((g, i) => imputed.set(g, start[i]! + shift[i]!));
  return { model, missing: entries.length, iterations, imputed };
}

/** y_hat = x W + b for n rows. */
export function predictLinear(model: LinearModel, x: RealArray, n: number): Float64Array {
  const { dim: d, outputs: k, weights: w, bias } = model;
  const out = new Float64Array(n * k);
  for (let r = 0; r < n; r += 1) {
    const o = r * k;
    for (let c = 0; c < k; c += 1) out[o + c] = bias[c]!;
    for (let j = 0; j < d; j += 1) {
      const xv = x[r * d + j]!;
      if (xv !== 0) for (let c = 0; c < k; c += 1) out[o + c] = out[o + c]! + xv * w[j * k + c]!;
    }
  }
  return out;
}

function pickForm(options: RidgeOptions, d: number, m: number): 'primal' | 'dual' {
  if (options.form === 'primal' || options.form === 'dual') return options.form;
  return d > m ? 'dual' : 'primal';
}

function validationMse(
  model: LinearModel,
  src: Source,
  rows: Int32Array,
  y: Float64Array,
  observed: Uint8Array | null,
) {
  const entries: number[] = [];
  rows.forEach((_, i) => {
    for (let c = 0; c < src.k; c += 1)
      if (!observed || observed[rows[i]! * src.k + c]) entries.push(i * src.k + c);
  });
  const flat = Int32Array.from(entries);
  const pred = evaluateAt(model, src, rows, flat);
  let sum = 0;
  flat.forEach((e, i) => {
    const c = e % src.k;
    const yi = y[rows[(e - c) / src.k]! * src.k + c]!;
    sum += (pred[i]! - yi) ** 2;
  });
  return entries.length > 0 ? sum / entries.length : 0;
}

interface SweepOutcome {
  alpha: number;
  sweep: RidgeSweepPoint[];
  /** The chosen alpha's imputed targets, to warm-start the final fit. */
  warm: Imputed | undefined;
  /** Raw primal Gram of all rows (fit + held-out folds), when both fits are primal. */
  allRaw: Float64Array | null;
}

/** Fits every alpha on `fitRows` (largest first, each warm-starting the next) and scores it on `valRows`. */
function sweepAlphas(
  src: Source,
  fitRows: Int32Array,
  valRows: Int32Array,
  y: Float64Array,
  alphas: readonly number[],
  options: RidgeOptions,
): SweepOutcome {
  const observed = options.observed ?? null;
  const n = fitRows.length + valRows.length;
  const fitForm = pickForm(options, src.d, fitRows.length);
  const fitRaw = rawMatrix(src, fitRows, fitForm);
  let allRaw: Float64Array | null = null;
  if (fitForm === 'primal' && pickForm(options, src.d, n) === 'primal') {
    allRaw = rawMatrix(src, valRows, 'primal');
    for (let i = 0; i < allRaw.length; i += 1) allRaw[i] = allRaw[i]! + fitRaw[i]!;
  }
  const system = makeSystem(src, fitRows, fitForm, fitRaw);
  const prepared = prepare(system, src.k, y, observed);
  const outcome: SweepOutcome = { alpha: alphas[0]!, sweep: [], warm: undefined, allRaw };
  let best = Infinity;
  let warm: Imputed | undefined;
  for (const a of [...alphas].sort((p, q) => q - p)) {
    const lambda = a * system.scale;
    const fitted = solveWithMissing(system, system.factor(lambda), src, prepared, options, warm);
    warm = fitted.imputed;
    const mse = validationMse(fitted.model, src, valRows, y, observed);
    outcome.sweep.unshift({ alpha: a, lambda, validationMse: mse, iterations: fitted.iterations });
    if (mse < best) {
      best = mse;
      outcome.alpha = a;
      outcome.warm = fitted.imputed;
    }
  }
  return outcome;
}

/**
 * Ridge regression of the n x k targets `y` on the n x d features `x` (plus an unpenalised
 * intercept). With held-out rows, each alpha is fitted on the other rows and scored there
 * (ties go to the larger alpha); the best is refitted on all rows, reusing the two folds' Gram.
 */
export function ridgeRegression(
  x: RealArray,
  n: number,
  d: number,
  y: Float64Array,
  k: number,
  options: RidgeOptions = {},
): RidgeResult {
  const src: Source = { x, d, k };
  const alphas = [...(options.alphas ?? DEFAULT_RIDGE_ALPHAS)].sort((a, b) => a - b);
  const held = options.validation ?? null;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const fitRows = all.filter((r) => !held || held[r] === 0);
  const valRows = all.filter((r) => held !== null && held[r] !== 0);
  const outcome: SweepOutcome =
    valRows.length > 0 && fitRows.length > 1 && alphas.length > 1
      ? sweepAlphas(src, fitRows, valRows, y, alphas, options)
      : {
          alpha: alphas[Math.floor((alphas.length - 1) / 2)] ?? 1e-3,
          sweep: [],
          warm: undefined,
          allRaw: null,
        };
  const form = pickForm(options, d, n);
  const system = makeSystem(src, all, form, outcome.allRaw ?? rawMatrix(src, all, form));
  const lambda = outcome.alpha * system.scale;
  const prepared = prepare(system, k, y, options.observed ?? null);
  const { model, missing, iterations } = solveWithMissing(
    system,
    system.factor(lambda),
    src,
    prepared,
    options,
    outcome.warm,
  );
  return { model, missing, iterations, alpha: outcome.alpha, lambda, form, sweep: outcome.sweep };
}
