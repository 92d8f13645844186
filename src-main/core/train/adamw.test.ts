import { describe, expect, it } from 'vitest';
import { type Feed, OnnxSession } from '../onnx/node/session';
import { type AdamWConfig, type ParamSpec, stateNames } from './adamw';
import { buildTrainStep } from './step';
import type { FloatType } from './graph';
import { rng } from './gradcheck';
import * as nn from './nn';
import * as op from './ops';

// Toy problem: 3 Gaussian blobs in 2-D, a 2-16-3 ReLU MLP, softmax cross-entropy.
const N = 24;
const H = 16;
const C = 3;
const SPECS: ParamSpec[] = [
  { name: 'w1', shape: [2, H], decay: true },
  { name: 'b1', shape: [H], decay: false },
  { name: 'w2', shape: [H, C], decay: true },
  { name: 'b2', shape: [C], decay: false },
];
const ADAMW: AdamWConfig = { weightDecay: 0.05, clipNorm: 0.8 };

function toyData(): { x: Float64Array; y: Float64Array; labels: number[] } {
  const next = rng(7);
  const centres = [
    [2, 0],
    [-1, 1.7],
    [-1, -1.7],
  ];
  const x = new Float64Array(N * 2);
  const y = new Float64Array(N * C);
  const labels: number[] = [];
  for (let i = 0; i < N; i++) {
    const k = i % C;
    labels.push(k);
    x[2 * i] = (centres[k]?.[0] ?? 0) + next() - 0.5;
    x[2 * i + 1] = (centres[k]?.[1] ?? 0) + next() - 0.5;
    y[i * C + k] = 1;
  }
  return { x, y, labels };
}

function initParams(): Record<string, Float64Array> {
  const next = rng(3);
  const init = (n: number, s: number) => Float64Array.from({ length: n }, () => (next() * 2 - 1) * s);
  return { w1: init(2 * H, 0.7), b1: init(H, 0.1), w2: init(H * C, 0.3), b2: init(C, 0.1) };
}

function buildStep(dtype: FloatType) {
  return buildTrainStep({
    dtype,
    layout: 'perParam',
    params: SPECS,
    data: [
      { name: 'x', shape: [N, 2] },
      { name: 'y', shape: [N, C] },
    ],
    adamw: ADAMW,
    loss: (_g, p, d) => {
      const h = op.relu(nn.linear(d.x!, p.w1!, p.b1));
      const logits = nn.linear(h, p.w2!, p.b2);
      return op.neg(nn.mean(op.reduceSum(op.mul(d.y!, nn.logSoftmax(logits)), [-1])));
    },
  }).bytes;
}

type State = Record<string, Float64Array>;

/** Pure-JS float64 forward/backward of the same MLP. */
function jsGrads(p: State, x: Float64Array, y: Float64Array): { loss: number; g: State } {
  const at = (a: Float64Array, i: number) => a[i] as number;
  const g: State = Object.fromEntries(SPECS.map((s) => [s.name, new Float64Array(p[s.name]!.length)]));
  let loss = 0;
  for (let n = 0; n < N; n++) {
    const h = Array.from(
      { length: H },
      (_, j) => at(p.b1!, j) + at(x, 2 * n) * at(p.w1!, j) + at(x, 2 * n + 1) * at(p.w1!, H + j),
    );
    const a = h.map((v) => Math.max(0, v));
    const z = Array.from({ length: C }, (_, k) =>
      a.reduce((s, v, j) => s + v * at(p.w2!, j * C + k), at(p.b2!, k)),
    );
    const zmax = Math.max(...z);
    const lse = zmax + Math.log(z.reduce((s, v) => s + Math.exp(v - zmax), 0));
    const dz = z.map((v, k) => (Math.exp(v - lse) - at(y, n * C + k)) / N);
    z.forEach((v, k) => (loss -= (at(y, n * C + k) * (v - lse)) / N));
    dz.forEach((d, k) => {
      g.b2![k] = at(g.b2!, k) + d;
      a.forEach((v, j) => (g.w2![j * C + k] = at(g.w2!, j * C + k) + v * d));
    });
    h.forEach((v, j) => {
      if (v <= 0) return;
      const da = dz.reduce((s, d, k) => s + d * at(p.w2!, j * C + k), 0);
      g.b1![j] = at(g.b1!, j) + da;
      g.w1![j] = at(g.w1!, j) + at(x, 2 * n) * da;
      g.w1![H + j] = at(g.w1!, H + j) + at(x, 2 * n + 1) * da;
    });
  }
  return { loss, g };
}

/** Pure-JS float64 AdamW with global-norm clipping, mirroring addAdamW. */
function jsAdamW(p: State, m: State, v: State, g: State, lr: number, t: number): void {
  const {
    beta1: b1 = 0.9,
    beta2: b2 = 0.999,
    eps = 1e-8,
    weightDecay: wd = 0.01,
    clipNorm = Infinity,
  } = ADAMW;
  const norm = Math.sqrt(SPECS.reduce((s, sp) => s + g[sp.name]!.reduce((a, e) => a + e * e, 0), 0));
  const scale = clipNorm / Math.max(norm, clipNorm);
  for (const sp of SPECS) {
    const [P, M, V, G] = [p[sp.name]!, m[sp.name]!, v[sp.name]!, g[sp.name]!];
    for (let i = 0; i < P.length; i++) {
      const gi = (G[i] as number) * scale;
      M[i] = b1 * (M[i] as number) + (1 - b1) * gi;
      V[i] = b2 * (V[i] as number) + (1 - b2) * gi * gi;
      const dir = (M[i] as number) / (1 - b1 ** t) / (Math.sqrt((V[i] as number) / (1 - b2 ** t)) + eps);
      P[i] = (P[i] as number) * (sp.decay ? 1 - lr * wd : 1) - lr * dir;
    }
  }
}

async function runSteps(dtype: FloatType, steps: number, lr: number) {
  const session = await OnnxSession.create(buildStep(dtype), { threads: 1 });
  const cast = (a: Float64Array) => (dtype === 'float32' ? Float32Array.from(a) : Float64Array.from(a));
  const data = toyData();
  const p = initParams();
  const state: Record<string, Feed> = {};
  for (const s of SPECS) {
    const n = stateNames(s.name);
    state[s.name] = { data: cast(p[s.name]!), dims: s.shape };
    state[n.m] = { data: cast(new Float64Array(p[s.name]!.length)), dims: s.shape };
    state[n.v] = { data: cast(new Float64Array(p[s.name]!.length)), dims: s.shape };
  }
  const fixed: Record<string, Feed> = {
    x: { data: cast(data.x), dims: [N, 2] },
    y: { data: cast(data.y), dims: [N, C] },
    lr: { data: cast(Float64Array.of(lr)), dims: [] },
  };
  const losses: number[] = [];
  const gradNorms: number[] = [];
  const history: State[] = [];
  const times: number[] = [];
  for (let t = 1; t <= steps; t++) {
    const t0 = performance.now();
    const out = await session.runFloats({
      ...state,
      ...fixed,
      step: { data: cast(Float64Array.of(t)), dims: [] },
    });
    times.push(performance.now() - t0);
    losses.push(out.loss?.[0] ?? NaN);
    gradNorms.push(out.grad_norm?.[0] ?? NaN);
    for (const s of SPECS) {
      const n = stateNames(s.name);
      state[s.name] = { data: out[n.newParam]!, dims: s.shape };
      state[n.m] = { data: out[n.newM]!, dims: s.shape };
      state[n.v] = { data: out[n.newV]!, dims: s.shape };
    }
    history.push(
      Object.fromEntries(SPECS.map((s) => [s.name, Float64Array.from(state[s.name]!.data as Float64Array)])),
    );
  }
  await session.dispose();
  return { losses, gradNorms, history, times };
}

describe('in-graph AdamW training step', () => {
  it('matches a pure-JS float64 reference for the first steps (float64 graph)', async () => {
    const lr = 0.05;
    const { losses, gradNorms, history } = await runSteps('float64', 5, lr);
    // Clipping is active in the first steps and inactive later: both branches are compared.
    expect(gradNorms[0]).toBeGreaterThan(0.8);
    expect(gradNorms[4]).toBeLessThan(0.8);
    const data = toyData();
    const p = initParams();
    const zeros = (): State =>
      Object.fromEntries(SPECS.map((s) => [s.name, new Float64Array(p[s.name]!.length)]));
    const [m, v] = [zeros(), zeros()];
    for (let t = 1; t <= 5; t++) {
      const { loss, g } = jsGrads(p, data.x, data.y);
      expect(losses[t - 1]).toBeCloseTo(loss, 10);
      jsAdamW(p, m, v, g, lr, t);
      for (const s of SPECS) {
        const ours = history[t - 1]![s.name]!;
        const ref = p[s.name]!;
        const worst = ours.reduce((w, e, i) => Math.max(w, Math.abs(e - (ref[i] as number))), 0);
        expect(worst, `${s.name} step ${t}`).toBeLessThan(1e-10);
      }
    }
  });

  it('trains the MLP in float32: the loss falls clearly over 200 steps', async () => {
    const { losses, times } = await runSteps('float32', 200, 0.03);
    const first = losses[0] ?? NaN;
    const last = losses[losses.length - 1] ?? NaN;
    expect(last).toBeLessThan(first * 0.25);
    const sorted = times.slice(10).sort((a, b) => a - b);
    console.log(
      `MLP step: loss ${first.toFixed(4)} -> ${last.toFixed(4)}, median step ${sorted[sorted.length >> 1]?.toFixed(3)} ms`,
    );
  });

  it('is bit-identical across fresh sessions', async () => {
    const a = await runSteps('float32', 8, 0.03);
    const b = await runSteps('float32', 8, 0.03);
    expect(b.losses).toEqual(a.losses);
    for (const s of SPECS) expect(b.history[7]![s.name]).toEqual(a.history[7]![s.name]);
  });
});
