import { describe, expect, it } from 'vitest';
import { createRng } from '../../generate/prng';
import { cholesky, choleskyFactor, choleskySolve, gram } from './linalg';

function random(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => rng.range(-1, 1));
}

/** A random SPD matrix V V^T + I. */
function spd(n: number, seed: number): Float64Array {
  const g = gram(random(n * (n + 3), seed), n, n + 3);
  for (let i = 0; i < n; i += 1) g[i * n + i] = g[i * n + i]! + 1;
  return g;
}

describe('gram', () => {
  it.each([
    [1, 3],
    [5, 7],
    [6, 9],
    [11, 4],
  ])('equals the naive V V^T for %i vectors of length %i (odd and even sizes, block tails)', (d, m) => {
    const v = random(d * m, d * 100 + m);
    const g = gram(v, d, m);
    for (let i = 0; i < d; i += 1)
      for (let j = 0; j < d; j += 1) {
        let s = 0;
        for (let r = 0; r < m; r += 1) s += v[i * m + r]! * v[j * m + r]!;
        expect(g[i * d + j]).toBeCloseTo(s, 12);
      }
  });
});

describe('cholesky', () => {
  it.each([1, 2, 7, 10, 33])('factors a %i x %i SPD matrix: L L^T = A, L lower', (n) => {
    const a = spd(n, n);
    const l = Float64Array.from(a);
    cholesky(l, n);
    for (let i = 0; i < n; i += 1)
      for (let j = 0; j < n; j += 1) {
        if (j > i) expect(l[i * n + j]).toBe(0);
        let s = 0;
        for (let k = 0; k < n; k += 1) s += l[i * n + k]! * l[j * n + k]!;
        expect(s).toBeCloseTo(a[i * n + j]!, 10);
      }
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(() => cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(/not positive definite/);
  });

  it.each([
    [9, 1],
    [10, 5],
    [17, 8],
  ])('solves A X = B for n = %i with %i right-hand sides', (n, k) => {
    const a = spd(n, 7 * n + k);
    const x = random(n * k, 3);
    const b = new Float64Array(n * k);
    for (let i = 0; i < n; i += 1)
      for (let c = 0; c < k; c += 1)
        for (let j = 0; j < n; j += 1) b[i * k + c] = b[i * k + c]! + a[i * n + j]! * x[j * k + c]!;
    choleskySolve(choleskyFactor(a, n), b, k);
    b.forEach((v, i) => expect(v).toBeCloseTo(x[i]!, 9));
  });
});
