/**
 * @file Generic finite-difference gradient checker. A case builds a tiny graph y = f(x...) and
 * the checker differentiates loss = sum(y * R) for a fixed random cotangent R (so every output
 * element matters), then compares the analytic gradients from autodiff with central differences
 * over every input element. Float64 by default; ops without float64 CPU kernels (Erf) run in
 * float32 with a per-tensor tolerance (float32 finite differences are noise-dominated on small
 * entries, so element-wise checks would be meaningless there). Platform-free: the caller
 * supplies the session factory.
 */
import { type FloatType, type Tensor, Graph } from './graph';
import { grad } from './autodiff';
import * as op from './ops';
import { type Shape, numel } from './shape';

export type Sampling = 'signed' | 'positive' | 'awayFromZero';

export interface GradCase {
  /** The GRAD_RULES entry this case exercises; the checker verifies the rule was taped. */
  rule: string;
  label: string;
  shapes: Shape[];
  build: (xs: Tensor[]) => Tensor;
  sampling?: Sampling;
  dtype?: FloatType;
  opset?: number;
}

export interface CheckFeed {
  data: Float32Array | Float64Array;
  dims: readonly number[];
}

export interface CheckSession {
  run(
    feeds: Record<string, CheckFeed>,
    fetch: readonly string[],
  ): Promise<Record<string, Float32Array | Float64Array>>;
  dispose(): Promise<void>;
}

export type SessionFactory = (bytes: Uint8Array) => Promise<CheckSession>;

export interface CheckResult {
  label: string;
  /** Worst element |a - n| / (atol + rtol |n|); <= 1 passes (float64 cases). */
  worstElement: number;
  /** Worst per-tensor ||a - n|| / ||n||. */
  worstTensor: number;
  passed: boolean;
}

/** Deterministic PRNG (mulberry32) so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sample(n: number, how: Sampling, next: () => number): Float64Array {
  return Float64Array.from({ length: n }, () => {
    const u = next();
    if (how === 'positive') return 0.5 + 1.5 * u;
    if (how === 'awayFromZero') return (u < 0.5 ? -1 : 1) * (0.2 + 0.8 * next());
    return 2 * u - 1;
  });
}

function buildCase(c: GradCase, seed: number): { bytes: Uint8Array; inputs: Float64Array[] } {
  const dtype = c.dtype ?? 'float64';
  const g = new Graph({ dtype, opset: c.opset ?? 17 });
  const next = rng(seed);
  const xs = c.shapes.map((s, i) => g.input(`x${i}`, s));
  const y = c.build(xs);
  if (!g.tape.some((e) => e.op === c.rule)) throw new Error(`${c.label}: rule ${c.rule} was never taped`);
  const r = g.constant(sample(numel(y.shape), 'signed', next), y.shape);
  const loss = op.reduceSum(op.mul(y, r));
  g.output(loss, 'loss');
  grad(loss, xs).forEach((gx, i) => g.output(gx, `grad${i}`));
  const inputs = c.shapes.map((s) => sample(numel(s), c.sampling ?? 'signed', next));
  return { bytes: g.toBytes(), inputs };
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2;
  return Math.sqrt(s);
}

/** Runs one case: analytic gradients once, then two loss evaluations per input element. */
export async function checkCase(c: GradCase, create: SessionFactory, seed = 1): Promise<CheckResult> {
  const f32 = (c.dtype ?? 'float64') === 'float32';
  const eps = f32 ? 1e-2 : 1e-6;
  const [atol, rtol, tensorTol] = f32 ? [Infinity, 0, 1e-2] : [1e-7, 1e-5, 1e-7];
  const { bytes, inputs } = buildCase(c, seed);
  const session = await create(bytes);
  const toFeed = (vals: Float64Array[]) =>
    Object.fromEntries(
      vals.map((v, i): [string, CheckFeed] => [
        `x${i}`,
        { data: f32 ? Float32Array.from(v) : v, dims: c.shapes[i] as Shape },
      ]),
    );
  const lossAt = async (vals: Float64Array[]) => (await session.run(toFeed(vals), ['loss'])).loss?.[0] ?? NaN;
  try {
    const names = c.shapes.map((_, i) => `grad${i}`);
    const analytic = await session.run(toFeed(inputs), names);
    let worstElement = 0;
    let worstTensor = 0;
    for (let i = 0; i < inputs.length; i++) {
      const x = inputs[i] as Float64Array;
      const a = analytic[`grad${i}`] as Float32Array | Float64Array;
      const numeric = new Float64Array(x.length);
      for (let j = 0; j < x.length; j++) {
        const orig = x[j] as number;
        x[j] = orig + eps;
        const up = await lossAt(inputs);
        x[j] = orig - eps;
        const down = await lossAt(inputs);
        x[j] = orig;
        numeric[j] = (up - down) / (2 * eps);
        const err =
          Math.abs((a[j] as number) - (numeric[j] as number)) /
          (atol + rtol * Math.abs(numeric[j] as number));
        worstElement = Math.max(worstElement, err);
      }
      const diff = numeric.map((n, j) => n - (a[j] as number));
      worstTensor = Math.max(worstTensor, norm(diff) / Math.max(norm(numeric), 1e-12));
    }
    const passed = worstTensor <= tensorTol && (f32 || worstElement <= 1);
    return { label: c.label, worstElement: f32 ? 0 : worstElement, worstTensor, passed };
  } finally {
    await session.dispose();
  }
}
