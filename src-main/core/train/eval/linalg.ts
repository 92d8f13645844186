/**
 * @file Dense Float64 linear algebra for the probes: Gram matrices, Cholesky factorisation and
 * solves with many right-hand sides. Everything is row-major. The inner loops are written for
 * V8 (register-blocked dot products over contiguous memory) because the keypoint probe's Gram
 * matrix of a few thousand rows by ~1500 features dominates a probe run; a naive loop is 2-3x
 * slower (see bench/probes.ts).
 */

/** Any row-major real array the probes accept as input features. */
export type RealArray = Float32Array | Float64Array;

/** Scalar tail of the Gram kernel: entries (i, j..d-1) and, when `pair`, (i+1, j..d-1). */
function gramTail(
  v: Float64Array,
  d: number,
  m: number,
  out: Float64Array,
  i: number,
  j0: number,
  pair: boolean,
) {
  const a0 = i * m;
  const a1 = a0 + m;
  for (let j = j0; j < d; j += 1) {
    const o = j * m;
    let s0 = 0;
    let s1 = 0;
    for (let r = 0; r < m; r += 1) {
      const b = v[o + r]!;
      s0 += v[a0 + r]! * b;
      if (pair) s1 += v[a1 + r]! * b;
    }
    out[i * d + j] = s0;
    if (pair) out[(i + 1) * d + j] = s1;
  }
}

/**
 * Gram matrix G = V V^T of the d vectors of length m stored one after another in `v` (d x m),
 * returned full (both triangles) as d x d. A 2 x 4 block of dot products shares every load.
 */
export function gram(v: Float64Array, d: number, m: number): Float64Array {
  const out = new Float64Array(d * d);
  let i = 0;
  for (; i + 1 < d; i += 2) {
    const a0 = i * m;
    const a1 = a0 + m;
    let j = i;
    for (; j + 3 < d; j += 4) {
      const b0 = j * m;
      const b1 = b0 + m;
      const b2 = b1 + m;
      const b3 = b2 + m;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0; // prettier-ignore
      for (let r = 0; r < m; r += 1) {
        const x0 = v[a0 + r]!;
        const x1 = v[a1 + r]!;
        const y0 = v[b0 + r]!;
        const y1 = v[b1 + r]!;
        const y2 = v[b2 + r]!;
        const y3 = v[b3 + r]!;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s03 += x0 * y3;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s13 += x1 * y3;
      }
      const o0 = i * d + j;
      const o1 = o0 + d;
      out[o0] = s00;
      out[o0 + 1] = s01;
      out[o0 + 2] = s02;
      out[o0 + 3] = s03;
      out[o1] = s10;
      out[o1 + 1] = s11;
      out[o1 + 2] = s12;
      out[o1 + 3] = s13;
    }
    gramTail(v, d, m, out, i, j, true);
  }
  if (i < d) gramTail(v, d, m, out, i, i, false);
  for (let r = 0; r < d; r += 1) for (let c = 0; c < r; c += 1) out[r * d + c] = out[c * d + r]!;
  return out;
}

/** sum_k<len a[ao + k] * b[bo + k] */
function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let k = 0;
  for (; k + 1 < len; k += 2) {
    s0 += a[ao + k]! * b[bo + k]!;
    s1 += a[ao + k + 1]! * b[bo + k + 1]!;
  }
  if (k < len) s0 += a[ao + k]! * b[bo + k]!;
  return s0 + s1;
}

/** Finishes L[row][j..j+3] from the partial dots s0..s3 over k < j (rows j..j+3 of L are final). */
function finish4(
  a: Float64Array,
  o: number,
  j: number,
  n: number,
  s0: number,
  s1: number,
  s2: number,
  s3: number,
) {
  const o0 = j * n;
  const o1 = o0 + n;
  const o2 = o1 + n;
  const o3 = o2 + n;
  const l0 = (a[o + j]! - s0) / a[o0 + j]!;
  const l1 = (a[o + j + 1]! - s1 - l0 * a[o1 + j]!) / a[o1 + j + 1]!;
  const l2 = (a[o + j + 2]! - s2 - l0 * a[o2 + j]! - l1 * a[o2 + j + 1]!) / a[o2 + j + 2]!;
  const l3 =
    (a[o + j + 3]! - s3 - l0 * a[o3 + j]! - l1 * a[o3 + j + 1]! - l2 * a[o3 + j + 2]!) / a[o3 + j + 3]!;
  a[o + j] = l0;
  a[o + j + 1] = l1;
  a[o + j + 2] = l2;
  a[o + j + 3] = l3;
}

/** L[i][0..i) and L[i+1][0..i) together, four columns at a time (rows 0..i-1 of L are final). */
function choleskyRowPair(a: Float64Array, n: number, i: number): number {
  const p = i * n;
  const q = p + n;
  let j = 0;
  for (; j + 3 < i; j += 4) {
    const o0 = j * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0; // prettier-ignore
    for (let k = 0; k < j; k += 1) {
      const x = a[p + k]!;
      const y = a[q + k]!;
      const b0 = a[o0 + k]!;
      const b1 = a[o1 + k]!;
      const b2 = a[o2 + k]!;
      const b3 = a[o3 + k]!;
      s0 += x * b0;
      s1 += x * b1;
      s2 += x * b2;
      s3 += x * b3;
      t0 += y * b0;
      t1 += y * b1;
      t2 += y * b2;
      t3 += y * b3;
    }
    finish4(a, p, j, n, s0, s1, s2, s3);
    finish4(a, q, j, n, t0, t1, t2, t3);
  }
  return j;
}

/**
 * In-place Cholesky factorisation A = L L^T of the symmetric positive definite n x n matrix
 * (lower triangle read, L written there, upper triangle zeroed). Rows are computed in pairs,
 * four columns at a time, so each load feeds two multiply-adds. Throws when a pivot is not
 * positive, i.e. A is not (numerically) positive definite.
 */
export function cholesky(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i += 2) {
    const pair = i + 1 < n;
    const j0 = pair ? choleskyRowPair(a, n, i) : 0;
    for (let r = i; r < (pair ? i + 2 : i + 1); r += 1) {
      const o = r * n;
      for (let j = j0; j < r; j += 1) a[o + j] = (a[o + j]! - dot(a, o, a, j * n, j)) / a[j * n + j]!;
      const pivot = a[o + r]! - dot(a, o, a, o, r);
      if (!(pivot > 0)) throw new Error(`cholesky: matrix is not positive definite (pivot ${r})`);
      a[o + r] = Math.sqrt(pivot);
    }
  }
  for (let r = 0; r < n; r += 1) a.fill(0, r * n + r + 1, (r + 1) * n);
}

/** A Cholesky factor with its transpose, so both triangular sweeps read rows contiguously. */
export interface CholeskyFactor {
  n: number;
  /** L, row-major, upper triangle zero. */
  lower: Float64Array;
  /** L^T, row-major. */
  upper: Float64Array;
}

/** Factorises a copy of the SPD matrix `a` (n x n); throws when it is not positive definite. */
export function choleskyFactor(a: Float64Array, n: number): CholeskyFactor {
  const lower = Float64Array.from(a);
  cholesky(lower, n);
  const upper = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) for (let j = 0; j <= i; j += 1) upper[j * n + i] = lower[i * n + j]!;
  return { n, lower, upper };
}

/** Solves the single row i of a triangular sweep (the pair loop's leftover). */
function sweepRow(
  t: Float64Array,
  n: number,
  ys: Float64Array,
  os: readonly number[],
  i: number,
  forward: boolean,
) {
  const row = i * n;
  const [from, to] = forward ? [0, i] : [i + 1, n];
  for (const o of os) {
    let s = 0;
    for (let j = from; j < to; j += 1) s += t[row + j]! * ys[o + j]!;
    ys[o + i] = (ys[o + i]! - s) / t[row + i]!;
  }
}

/**
 * One triangular sweep over four right-hand sides y0..y3 (rows of `ys`, length n, at distinct
 * offsets o0..o3): forward y_i = (y_i - L[i][<i] . y[<i]) / L_ii over `lower`, or backward
 * x_i = (x_i - U[i][>i] . x[>i]) / U_ii over `upper`. Rows go in pairs (a, then b next to it):
 * the dot products both share are taken in one pass, b's one extra term after a is solved, so
 * every load feeds two or four multiply-adds.
 */
function sweep4(t: Float64Array, n: number, ys: Float64Array, os: readonly number[], forward: boolean) {
  const [o0, o1, o2, o3] = os as [number, number, number, number];
  let step = 0;
  for (; step + 1 < n; step += 2) {
    const a = forward ? step : n - 1 - step;
    const b = forward ? a + 1 : a - 1;
    const ra = a * n;
    const rb = b * n;
    const [from, to] = forward ? [0, a] : [a + 1, n];
    let p0 = 0, p1 = 0, p2 = 0, p3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0; // prettier-ignore
    for (let j = from; j < to; j += 1) {
      const fa = t[ra + j]!;
      const fb = t[rb + j]!;
      const y0 = ys[o0 + j]!;
      const y1 = ys[o1 + j]!;
      const y2 = ys[o2 + j]!;
      const y3 = ys[o3 + j]!;
      p0 += fa * y0;
      p1 += fa * y1;
      p2 += fa * y2;
      p3 += fa * y3;
      q0 += fb * y0;
      q1 += fb * y1;
      q2 += fb * y2;
      q3 += fb * y3;
    }
    const ia = 1 / t[ra + a]!;
    const ib = 1 / t[rb + b]!;
    const link = t[rb + a]!;
    const a0 = (ys[o0 + a]! - p0) * ia;
    const a1 = (ys[o1 + a]! - p1) * ia;
    const a2 = (ys[o2 + a]! - p2) * ia;
    const a3 = (ys[o3 + a]! - p3) * ia;
    ys[o0 + a] = a0;
    ys[o1 + a] = a1;
    ys[o2 + a] = a2;
    ys[o3 + a] = a3;
    ys[o0 + b] = (ys[o0 + b]! - q0 - link * a0) * ib;
    ys[o1 + b] = (ys[o1 + b]! - q1 - link * a1) * ib;
    ys[o2 + b] = (ys[o2 + b]! - q2 - link * a2) * ib;
    ys[o3 + b] = (ys[o3 + b]! - q3 - link * a3) * ib;
  }
  if (step < n) sweepRow(t, n, ys, os, forward ? step : n - 1 - step, forward);
}

/**
 * Solves (L L^T) X = B in place for the n x k row-major right-hand sides B. The columns of B
 * are copied out contiguously (padded with zero columns to a multiple of four) and solved four
 * at a time (see sweep4).
 */
export function choleskySolve(factor: CholeskyFactor, b: Float64Array, k: number): void {
  const { n } = factor;
  const ys = new Float64Array(Math.ceil(k / 4) * 4 * n);
  for (let i = 0; i < n; i += 1) for (let c = 0; c < k; c += 1) ys[c * n + i] = b[i * k + c]!;
  for (let c = 0; c < k; c += 4) {
    const os = [c * n, (c + 1) * n, (c + 2) * n, (c + 3) * n];
    sweep4(factor.lower, n, ys, os, true);
    sweep4(factor.upper, n, ys, os, false);
  }
  for (let i = 0; i < n; i += 1) for (let c = 0; c < k; c += 1) b[i * k + c] = ys[c * n + i]!;
}
