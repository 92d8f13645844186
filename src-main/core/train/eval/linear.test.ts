import { describe, expect, it } from 'vitest';
import { createRng } from '../../generate/prng';
import { fitLogistic, logisticDesign, predictLinear, predictLogistic, ridgeRegression } from './linear';

function randomMatrix(n: number, d: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n * d }, () => rng.range(-1, 1));
}

/** Y = X W + b (+ noise) for a seeded W and b. */
function linearData(n: number, d: number, k: number, seed: number, noise = 0) {
  const x = randomMatrix(n, d, seed);
  const w = randomMatrix(d, k, seed + 1);
  const b = randomMatrix(1, k, seed + 2);
  const rng = createRng(seed + 3);
  const y = new Float64Array(n * k);
  for (let r = 0; r < n; r += 1)
    for (let c = 0; c < k; c += 1) {
      let s = b[c]! + noise * rng.range(-1, 1);
      for (let j = 0; j < d; j += 1) s += x[r * d + j]! * w[j * k + c]!;
      y[r * k + c] = s;
    }
  return { x, w, b, y };
}

/** Dense Gauss-Jordan solve of A x = b (test oracle, independent of linalg.ts). */
function gaussSolve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c += 1) {
    let p = c;
    for (let r = c + 1; r < n; r += 1) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r += 1) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let q = c; q <= n; q += 1) m[r]![q] = m[r]![q]! - f * m[c]![q]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/** Ridge with an unpenalised intercept on the given rows only, by the textbook normal equations. */
function naiveRidge(x: Float64Array, d: number, y: number[], rows: number[], lambda: number) {
  const mu = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + x[r * d + j]!, 0) / rows.length);
  const ym = rows.reduce((s, _, i) => s + y[i]!, 0) / rows.length;
  const a = mu.map((_, i) =>
    mu.map(
      (__, j) =>
        rows.reduce((s, r) => s + (x[r * d + i]! - mu[i]!) * (x[r * d + j]! - mu[j]!), 0) +
        (i === j ? lambda : 0),
    ),
  );
  const rhs = mu.map((_, j) => rows.reduce((s, r, i) => s + (x[r * d + j]! - mu[j]!) * (y[i]! - ym), 0));
  const w = gaussSolve(a, rhs);
  return { w, b: ym - w.reduce((s, v, j) => s + v * mu[j]!, 0) };
}

describe('ridgeRegression', () => {
  it('recovers a known linear map and intercept, in primal and dual form alike', () => {
    const { x, w, b, y } = linearData(60, 5, 3, 1);
    for (const form of ['primal', 'dual'] as const) {
      const fit = ridgeRegression(x, 60, 5, y, 3, { alphas: [1e-12], form });
      expect(fit.form).toBe(form);
      fit.model.weights.forEach((v, i) => expect(v).toBeCloseTo(w[i]!, 6));
      fit.model.bias.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 6));
    }
  });

  it('uses the dual form when features outnumber samples, with the primal answer', () => {
    const { x, y } = linearData(20, 50, 2, 2, 0.1);
    const auto = ridgeRegression(x, 20, 50, y, 2, { alphas: [0.01] });
    const primal = ridgeRegression(x, 20, 50, y, 2, { alphas: [0.01], form: 'primal' });
    expect(auto.form).toBe('dual');
    expect(auto.lambda).toBeCloseTo(primal.lambda, 10);
    const test = randomMatrix(7, 50, 9);
    const pa = predictLinear(auto.model, test, 7);
    const pp = predictLinear(primal.model, test, 7);
    pa.forEach((v, i) => expect(v).toBeCloseTo(pp[i]!, 8));
  });

  it.each(['primal', 'dual'] as const)(
    'with missing targets equals a separate ridge per output on its observed rows (%s)',
    (form) => {
      const n = 40;
      const d = form === 'primal' ? 6 : 60;
      const { x, y } = linearData(n, d, 3, 3, 0.3);
      const rng = createRng(5);
      const observed = Uint8Array.from({ length: n * 3 }, (_, e) => (e % 3 === 0 || rng.chance(0.7) ? 1 : 0));
      observed.fill(0, 0, 3); // the first row has no target at all
      const fit = ridgeRegression(x, n, d, y, 3, { alphas: [0.05], observed, tolerance: 1e-10 });
      expect(fit.form).toBe(form);
      expect(fit.missing).toBe(observed.length - observed.reduce((s, v) => s + v, 0));
      for (let c = 0; c < 3; c += 1) {
        const rows = [...Array(n).keys()].filter((r) => observed[r * 3 + c]);
        const oracle = naiveRidge(
          x,
          d,
          rows.map((r) => y[r * 3 + c]!),
          rows,
          fit.lambda,
        );
        oracle.w.forEach((v, j) => expect(fit.model.weights[j * 3 + c]).toBeCloseTo(v, 6));
        expect(fit.model.bias[c]).toBeCloseTo(oracle.b, 6);
      }
    },
  );

  it('chooses alpha on the held-out rows and reports the sweep', () => {
    // 30 rows, 25 features of which 2 matter, noisy targets: strong shrinkage must win.
    const { x } = linearData(30, 25, 1, 4);
    const rng = createRng(6);
    const y = Float64Array.from({ length: 30 }, (_, r) => x[r * 25]! - x[r * 25 + 1]! + rng.range(-1, 1));
    const validation = Uint8Array.from({ length: 30 }, (_, r) => (r % 3 === 0 ? 1 : 0));
    const noisy = ridgeRegression(x, 30, 25, y, 1, { validation, alphas: [1e-6, 1e-3, 1, 10] });
    expect(noisy.sweep.map((p) => p.alpha)).toEqual([1e-6, 1e-3, 1, 10]);
    const best = noisy.sweep.reduce((a, b) => (b.validationMse < a.validationMse ? b : a));
    expect(noisy.alpha).toBe(best.alpha);
    expect(noisy.alpha).toBeGreaterThanOrEqual(1);
    // Noise-free targets of a full-rank map: the weakest ridge wins.
    const clean = linearData(80, 5, 2, 7);
    const exact = ridgeRegression(clean.x, 80, 5, clean.y, 2, {
      validation: Uint8Array.from({ length: 80 }, (_, r) => r % 4),
      alphas: [1e-8, 1e-2, 1],
    });
    expect(exact.alpha).toBe(1e-8);
  });

  it('is deterministic', () => {
    const { x, y } = linearData(50, 8, 2, 8, 0.5);
    const observed = Uint8Array.from({ length: 100 }, (_, e) => (e % 7 === 3 ? 0 : 1));
    const validation = Uint8Array.from({ length: 50 }, (_, r) => (r % 5 === 0 ? 1 : 0));
    const a = ridgeRegression(x, 50, 8, y, 2, { observed, validation });
    const b = ridgeRegression(x, 50, 8, y, 2, { observed, validation });
    expect(a).toEqual(b);
  });
});

function blobs(n: number, d: number, gap: number, seed: number) {
  const rng = createRng(seed);
  const labels = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const x = Float64Array.from({ length: n * d }, (_, e) => {
    const r = Math.floor(e / d);
    return rng.range(-1, 1) + (e % d === 0 ? (labels[r] ? gap : -gap) : 0);
  });
  return { x, labels };
}

describe('logistic regression', () => {
  it('separates a linearly separable set', () => {
    const { x, labels } = blobs(90, 4, 1.5, 1);
    const fit = fitLogistic(logisticDesign(x, 90, 4), labels);
    expect(fit.converged).toBe(true);
    const p = predictLogistic(fit.model, x, 90);
    p.forEach((v, i) => expect(v >= 0.5 ? 1 : 0).toBe(labels[i]));
  });

  it('stops at the optimum: the class-balanced, L2 gradient vanishes', () => {
    const { x, labels } = blobs(120, 3, 0.3, 2);
    const lambda = 0.01;
    const design = logisticDesign(x, 120, 3);
    const { model } = fitLogistic(design, labels, { lambda });
    const positives = labels.reduce((s, v) => s + v, 0);
    const grad = [0, 0, 0, 0];
    for (let r = 0; r < 120; r += 1) {
      const z = [0, 1, 2].map((j) => (x[r * 3 + j]! - model.mean[j]!) / model.scale[j]!);
      const s = z.reduce((acc, v, j) => acc + v * model.weights[j]!, model.bias);
      const weight = labels[r] ? 0.5 / positives : 0.5 / (120 - positives);
      const g = weight * (1 / (1 + Math.exp(-s)) - labels[r]!);
      z.forEach((v, j) => (grad[j] = grad[j]! + g * v));
      grad[3] = grad[3]! + g;
    }
    [0, 1, 2].forEach((j) => (grad[j] = grad[j]! + lambda * model.weights[j]!));
    grad.forEach((g) => expect(Math.abs(g)).toBeLessThan(1e-9));
  });

  it('refuses labels of a single class', () => {
    const { x } = blobs(10, 2, 1, 3);
    expect(() => fitLogistic(logisticDesign(x, 10, 2), new Uint8Array(10))).toThrow(/both classes/);
  });
});
