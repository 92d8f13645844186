/**
 * @file The ridge normal equations of one row set, in primal form (Xc^T Xc + lambda I, d x d)
 * or dual form (Xc Xc^T + lambda I, m x m), Xc being the rows centred on their mean so the
 * intercept is unpenalised. A system turns targets into a right-hand side once (the expensive
 * X^T Y product) and factorises once per lambda; right-hand sides are linear in the targets, so
 * the imputation in linear.ts updates them with sparse corrections only.
 */
import { type RealArray, choleskyFactor, choleskySolve, gram } from './linalg';
import type { LinearModel } from './linear';

export interface Source {
  /** n x d row-major features. */
  x: RealArray;
  d: number;
  /** Outputs per row. */
  k: number;
}

/** Right-hand side: primal Xc^T t (d x k), dual t - mean (m x k); plus the targets' means. */
export interface Rhs {
  b: Float64Array;
  mean: Float64Array;
}

export interface RidgeSystem {
  form: 'primal' | 'dual';
  rows: Int32Array;
  /** Mean diagonal of the centred Gram: the unit lambda is measured in (1 for constant features). */
  scale: number;
  /** t is m x k, aligned with `rows`; with `entries` only those flat entries may be non-zero. */
  rhs(t: Float64Array, entries?: Int32Array): Rhs;
  factor(lambda: number): (rhs: Rhs) => LinearModel;
}

export function addRhs(a: Rhs, b: Rhs): Rhs {
  return { b: a.b.map((v, i) => v + b.b[i]!), mean: a.mean.map((v, i) => v + b.mean[i]!) };
}

function meanOf(src: Source, rows: Int32Array): Float64Array {
  const mu = new Float64Array(src.d);
  for (const r of rows) for (let j = 0; j < src.d; j += 1) mu[j] = mu[j]! + src.x[r * src.d + j]!;
  for (let j = 0; j < src.d; j += 1) mu[j] = mu[j]! / Math.max(rows.length, 1);
  return mu;
}

function targetMeans(t: Float64Array, m: number, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let r = 0; r < m; r += 1) for (let c = 0; c < k; c += 1) out[c] = out[c]! + t[r * k + c]!;
  for (let c = 0; c < k; c += 1) out[c] = out[c]! / Math.max(m, 1);
  return out;
}

function interceptOf(w: Float64Array, mu: Float64Array, tMean: Float64Array, k: number): Float64Array {
  const bias = Float64Array.from(tMean);
  for (let j = 0; j < mu.length; j += 1)
    for (let c = 0; c < k; c += 1) bias[c] = bias[c]! - mu[j]! * w[j * k + c]!;
  return bias;
}

/** X^T t accumulated k x d (contiguous over features), four rows per pass over the output. */
function denseXtT(src: Source, rows: Int32Array, t: Float64Array): Float64Array {
  const { x, d, k } = src;
  const bt = new Float64Array(k * d);
  const m = rows.length;
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const [x0, x1, x2, x3] = [rows[i]! * d, rows[i + 1]! * d, rows[i + 2]! * d, rows[i + 3]! * d];
    for (let c = 0; c < k; c += 1) {
      const [v0, v1, v2, v3] = [t[i * k + c]!, t[(i + 1) * k + c]!, t[(i + 2) * k + c]!, t[(i + 3) * k + c]!];
      const bo = c * d;
      for (let j = 0; j < d; j += 1)
        bt[bo + j] = bt[bo + j]! + v0 * x[x0 + j]! + v1 * x[x1 + j]! + v2 * x[x2 + j]! + v3 * x[x3 + j]!;
    }
  }
  for (; i < m; i += 1)
    for (let c = 0; c < k; c += 1) {
      const v = t[i * k + c]!;
      const xo = rows[i]! * d;
      for (let j = 0; j < d; j += 1) bt[c * d + j] = bt[c * d + j]! + v * x[xo + j]!;
    }
  return bt;
}

/** X^T t for targets that are zero outside `entries`. */
function sparseXtT(src: Source, rows: Int32Array, t: Float64Array, entries: Int32Array): Float64Array {
  const { x, d, k } = src;
  const bt = new Float64Array(k * d);
  for (const e of entries) {
    const c = e % k;
    const v = t[e]!;
    if (v === 0) continue;
    const xo = rows[(e - c) / k]! * d;
    const bo = c * d;
    for (let j = 0; j < d; j += 1) bt[bo + j] = bt[bo + j]! + v * x[xo + j]!;
  }
  return bt;
}

/** Primal system from the raw Gram S = X^T X of the rows. */
export function primalSystem(src: Source, rows: Int32Array, rawGram: Float64Array): RidgeSystem {
  const { d, k } = src;
  const m = rows.length;
  const mu = meanOf(src, rows);
  const centred = new Float64Array(d * d);
  for (let i = 0; i < d; i += 1)
    for (let j = 0; j < d; j += 1) centred[i * d + j] = rawGram[i * d + j]! - m * mu[i]! * mu[j]!;
  let trace = 0;
  for (let i = 0; i < d; i += 1) trace += centred[i * d + i]!;
  const rhs = (t: Float64Array, entries?: Int32Array): Rhs => {
    const bt = entries ? sparseXtT(src, rows, t, entries) : denseXtT(src, rows, t);
    const mean = targetMeans(t, m, k);
    const b = new Float64Array(d * k); // Xc^T t = X^T t - mu * sum(t)
    for (let j = 0; j < d; j += 1)
      for (let c = 0; c < k; c += 1) b[j * k + c] = bt[c * d + j]! - mu[j]! * mean[c]! * m;
    return { b, mean };
  };
  const factor = (lambda: number) => {
    const a = Float64Array.from(centred);
    for (let i = 0; i < d; i += 1) a[i * d + i] = a[i * d + i]! + lambda;
    const l = choleskyFactor(a, d);
    return (r: Rhs): LinearModel => {
      const w = Float64Array.from(r.b);
      choleskySolve(l, w, k);
      return { dim: d, outputs: k, weights: w, bias: interceptOf(w, mu, r.mean, k) };
    };
  };
  return { form: 'primal', rows, scale: trace / d || 1, rhs, factor };
}

/** Dual system from the raw kernel K = X X^T of the rows. */
export function dualSystem(src: Source, rows: Int32Array, rawKernel: Float64Array): RidgeSystem {
  const { x, d, k } = src;
  const m = rows.length;
  const mu = meanOf(src, rows);
  const rowMean = new Float64Array(m);
  for (let i = 0; i < m; i += 1)
    for (let j = 0; j < m; j += 1) rowMean[i] = rowMean[i]! + rawKernel[i * m + j]! / m;
  const total = rowMean.reduce((s, v) => s + v, 0) / m;
  const centred = new Float64Array(m * m);
  let trace = 0;
  for (let i = 0; i < m; i += 1)
    for (let j = 0; j < m; j += 1)
      centred[i * m + j] = rawKernel[i * m + j]! - rowMean[i]! - rowMean[j]! + total;
  for (let i = 0; i < m; i += 1) trace += centred[i * m + i]!;
  const rhs = (t: Float64Array): Rhs => {
    const mean = targetMeans(t, m, k);
    return { b: t.map((v, e) => v - mean[e % k]!), mean };
  };
  const factor = (lambda: number) => {
    const a = Float64Array.from(centred);
    for (let i = 0; i < m; i += 1) a[i * m + i] = a[i * m + i]! + lambda;
    const l = choleskyFactor(a, m);
    return (r: Rhs): LinearModel => {
      const alpha = Float64Array.from(r.b);
      choleskySolve(l, alpha, k);
      const w = new Float64Array(d * k); // W = Xc^T alpha
      for (let i = 0; i < m; i += 1) {
        const xo = rows[i]! * d;
        for (let j = 0; j < d; j += 1) {
          const xv = x[xo + j]! - mu[j]!;
          for (let c = 0; c < k; c += 1) w[j * k + c] = w[j * k + c]! + xv * alpha[i * k + c]!;
        }
      }
      return { dim: d, outputs: k, weights: w, bias: interceptOf(w, mu, r.mean, k) };
    };
  };
  return { form: 'dual', rows, scale: trace / d || 1, rhs, factor };
}

/** Raw Gram (primal, d x d) or kernel (dual, m x m) of a row set. */
export function rawMatrix(src: Source, rows: Int32Array, form: 'primal' | 'dual'): Float64Array {
  const { x, d } = src;
  const m = rows.length;
  const flat = new Float64Array(m * d);
  // Primal wants one contiguous vector per feature (d x m), dual one per row (m x d).
  for (let i = 0; i < m; i += 1)
    for (let j = 0; j < d; j += 1) flat[form === 'primal' ? j * m + i : i * d + j] = x[rows[i]! * d + j]!;
  return form === 'primal' ? gram(flat, d, m) : gram(flat, m, d);
}

export const makeSystem = (src: Source, rows: Int32Array, form: 'primal' | 'dual', raw: Float64Array) =>
  form === 'primal' ? primalSystem(src, rows, raw) : dualSystem(src, rows, raw);
