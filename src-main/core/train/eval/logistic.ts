/**
 * @file L2-regularised binary logistic regression for the attribute probe, in Float64: features
 * standardised on the training rows, an unpenalised intercept, class-balanced sample weights
 * (each class carries half the loss, so the 0.5 threshold targets the balanced accuracy the mA
 * metric scores; PAR baselines weight their loss the same way) and Newton's method with a
 * backtracking line search. Newton needs a (d+1)^2 Hessian per iteration, which is cheap for the
 * [CLS] widths the probe sees (96..384) and converges in a handful of iterations, where gradient
 * descent on the same problem needs hundreds.
 */
import { type RealArray, choleskyFactor, choleskySolve, gram } from './linalg';

export interface LogisticOptions {
  /** L2 strength on the weights of the standardised features (loss is a weighted mean). */
  lambda?: number;
  /** Weight the classes equally (default) or every sample equally. */
  balanced?: boolean;
  maxIterations?: number;
  /** Stop when no coefficient moves by more than this. */
  tolerance?: number;
}

export interface LogisticModel {
  dim: number;
  mean: Float64Array;
  scale: Float64Array;
  weights: Float64Array;
  bias: number;
}

export interface LogisticFit {
  model: LogisticModel;
  iterations: number;
  converged: boolean;
}

/**
 * Standardised features (d x n, one contiguous vector per feature, plus a last row of ones for
 * the intercept), built once and shared by every attribute fitted on the same rows.
 */
export interface LogisticDesign {
  n: number;
  d: number;
  mean: Float64Array;
  scale: Float64Array;
  columns: Float64Array;
}

export const DEFAULT_LOGISTIC_LAMBDA = 1e-3;

export function logisticDesign(x: RealArray, n: number, d: number): LogisticDesign {
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let r = 0; r < n; r += 1) for (let j = 0; j < d; j += 1) mean[j] = mean[j]! + x[r * d + j]!;
  for (let j = 0; j < d; j += 1) mean[j] = mean[j]! / Math.max(n, 1);
  for (let r = 0; r < n; r += 1)
    for (let j = 0; j < d; j += 1) scale[j] = scale[j]! + (x[r * d + j]! - mean[j]!) ** 2;
  for (let j = 0; j < d; j += 1) scale[j] = Math.sqrt(scale[j]! / Math.max(n, 1)) || 1;
  const columns = new Float64Array((d + 1) * n);
  for (let r = 0; r < n; r += 1)
    for (let j = 0; j < d; j += 1) columns[j * n + r] = (x[r * d + j]! - mean[j]!) / scale[j]!;
  columns.fill(1, d * n);
  return { n, d, mean, scale, columns };
}

const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Linear scores X~ beta for every row. */
function scores(design: LogisticDesign, beta: Float64Array): Float64Array {
  const { n, d, columns } = design;
  const z = new Float64Array(n);
  for (let j = 0; j <= d; j += 1) {
    const b = beta[j]!;
    if (b === 0) continue;
    const o = j * n;
    for (let r = 0; r < n; r += 1) z[r] = z[r]! + b * columns[o + r]!;
  }
  return z;
}

function objective(
  z: Float64Array,
  y: Uint8Array,
  c: Float64Array,
  beta: Float64Array,
  lambda: number,
  d: number,
) {
  let f = 0;
  for (let r = 0; r < z.length; r += 1) f += c[r]! * (softplus(z[r]!) - (y[r] ? z[r]! : 0));
  let w2 = 0;
  for (let j = 0; j < d; j += 1) w2 += beta[j]! ** 2;
  return f + 0.5 * lambda * w2;
}

function sampleWeights(y: Uint8Array, balanced: boolean): Float64Array {
  const n = y.length;
  let positives = 0;
  for (const v of y) if (v) positives += 1;
  if (balanced && (positives === 0 || positives === n))
    throw new Error('logistic: balanced weights need both classes in the training labels');
  const pos = balanced ? 0.5 / positives : 1 / n;
  const neg = balanced ? 0.5 / (n - positives) : 1 / n;
  return Float64Array.from(y, (v) => (v ? pos : neg));
}

/** Newton direction H^-1 g at beta (z = scores at beta). */
function newtonStep(
  design: LogisticDesign,
  y: Uint8Array,
  c: Float64Array,
  beta: Float64Array,
  z: Float64Array,
  lambda: number,
) {
  const { n, d, columns } = design;
  const e = d + 1;
  const residual = new Float64Array(n);
  const scaled = new Float64Array(e * n);
  for (let r = 0; r < n; r += 1) {
    const p = sigmoid(z[r]!);
    residual[r] = c[r]! * (p - y[r]!);
    const s = Math.sqrt(c[r]! * p * (1 - p));
    for (let j = 0; j < e; j += 1) scaled[j * n + r] = columns[j * n + r]! * s;
  }
  const hessian = gram(scaled, e, n);
  const step = new Float64Array(e);
  for (let j = 0; j < e; j += 1) {
    let g = 0;
    for (let r = 0; r < n; r += 1) g += columns[j * n + r]! * residual[r]!;
    step[j] = g + (j < d ? lambda * beta[j]! : 0);
    hessian[j * e + j] = hessian[j * e + j]! + (j < d ? lambda : 1e-9);
  }
  choleskySolve(choleskyFactor(hessian, e), step, 1);
  return step;
}

/** Fits one binary attribute (labels 0/1 per design row). */
export function fitLogistic(
  design: LogisticDesign,
  labels: Uint8Array,
  options: LogisticOptions = {},
): LogisticFit {
  const { d } = design;
  const lambda = options.lambda ?? DEFAULT_LOGISTIC_LAMBDA;
  const c = sampleWeights(labels, options.balanced ?? true);
  let beta = new Float64Array(d + 1);
  let z = scores(design, beta);
  let f = objective(z, labels, c, beta, lambda, d);
  let iterations = 0;
  let converged = false;
  while (!converged && iterations < (options.maxIterations ?? 50)) {
    iterations += 1;
    const step = newtonStep(design, labels, c, beta, z, lambda);
    let accepted = false;
    for (let t = 1, halvings = 0; halvings < 30 && !accepted; halvings += 1, t /= 2) {
      const next = beta.map((b, j) => b - t * step[j]!);
      const zn = scores(design, next);
      const fn = objective(zn, labels, c, next, lambda, d);
      if (fn > f) continue;
      const moved = step.reduce((m, s) => Math.max(m, Math.abs(t * s)), 0);
      converged = moved < (options.tolerance ?? 1e-7) || f - fn <= 1e-15 * Math.max(1, Math.abs(f));
      beta = next;
      z = zn;
      f = fn;
      accepted = true;
    }
    // No descent even along a tiny Newton step: beta is at the optimum to rounding.
    if (!accepted) converged = true;
  }
  const model: LogisticModel = {
    dim: d,
    mean: design.mean,
    scale: design.scale,
    weights: beta.slice(0, d),
    bias: beta[d]!,
  };
  return { model, iterations, converged };
}

/** P(label = 1) for n rows of raw (unstandardised) features. */
export function predictLogistic(model: LogisticModel, x: RealArray, n: number): Float64Array {
  const { dim: d, mean, scale, weights, bias } = model;
  const out = new Float64Array(n);
  for (let r = 0; r < n; r += 1) {
    let z = bias;
    for (let j = 0; j < d; j += 1) z += ((x[r * d + j]! - mean[j]!) / scale[j]!) * weights[j]!;
    out[r] = sigmoid(z);
  }
  return out;
}
