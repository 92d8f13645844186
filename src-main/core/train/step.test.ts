import { describe, expect, it } from 'vitest';
import { type Feed, OnnxSession } from '../onnx/node/session';
import { type ParamSpec, stateNames } from './adamw';
import { rng } from './gradcheck';
import { Graph } from './graph';
import { multiPositiveLoss } from './losses';
import * as nn from './nn';
import * as op from './ops';
import { buildTrainStep, decayMask, makeLayout } from './step';

const SPECS: ParamSpec[] = [
  { name: 'w', shape: [3, 2], decay: true },
  { name: 'b', shape: [2], decay: false },
  { name: 'unused', shape: [4], decay: true },
];
const next = rng(11);
const X = Float64Array.from({ length: 12 }, () => next() - 0.5);
const Y = Float64Array.from({ length: 8 }, () => next() - 0.5);
const INIT = Float64Array.from({ length: 12 }, () => next() - 0.5);

function build(layout: 'flat' | 'perParam') {
  return buildTrainStep({
    dtype: 'float64',
    layout,
    params: SPECS,
    data: [
      { name: 'x', shape: [4, 3] },
      { name: 'y', shape: [4, 2] },
    ],
    adamw: { weightDecay: 0.1, clipNorm: 0.5 },
    loss: (_g, p, d) => nn.mean(op.pow(op.sub(nn.linear(d.x!, p.w!, p.b), d.y!), 2)),
  });
}

/** Runs 3 steps and returns theta (flattened in layout order) after each. */
async function run(layoutKind: 'flat' | 'perParam'): Promise<Float64Array[]> {
  const { bytes, layout } = build(layoutKind);
  const s = await OnnxSession.create(bytes);
  const feeds: Record<string, Feed> = {
    x: { data: X, dims: [4, 3] },
    y: { data: Y, dims: [4, 2] },
    lr: { data: Float64Array.of(0.1), dims: [] },
  };
  const zeros = (n: number) => new Float64Array(n);
  if (layoutKind === 'flat') {
    const mask = Float64Array.from(decayMask(layout));
    Object.assign(feeds, {
      theta: { data: INIT, dims: [12] },
      m: { data: zeros(12), dims: [12] },
      v: { data: zeros(12), dims: [12] },
      decay_mask: { data: mask, dims: [12] },
    });
  } else {
    for (const e of layout.entries) {
      const n = stateNames(e.name);
      feeds[e.name] = { data: INIT.slice(e.offset, e.offset + e.size), dims: e.shape };
      feeds[n.m] = { data: zeros(e.size), dims: e.shape };
      feeds[n.v] = { data: zeros(e.size), dims: e.shape };
    }
  }
  const thetas: Float64Array[] = [];
  for (let t = 1; t <= 3; t++) {
    const out = await s.runFloats({ ...feeds, step: { data: Float64Array.of(t), dims: [] } });
    const theta = new Float64Array(12);
    const move = (
      from: string,
      to: string,
      data: Float32Array | Float64Array | undefined,
      dims: readonly number[],
    ) => {
      if (!data) throw new Error(`missing ${from}`);
      feeds[to] = { data, dims };
    };
    if (layoutKind === 'flat') {
      for (const [from, to] of [
        ['new_theta', 'theta'],
        ['new_m', 'm'],
        ['new_v', 'v'],
      ] as const)
        move(from, to, out[from], [12]);
      theta.set(out.new_theta!);
    } else {
      for (const e of layout.entries) {
        const n = stateNames(e.name);
        move(n.newParam, e.name, out[n.newParam], e.shape);
        move(n.newM, n.m, out[n.newM], e.shape);
        move(n.newV, n.v, out[n.newV], e.shape);
        theta.set(out[n.newParam]!, e.offset);
      }
    }
    thetas.push(theta);
  }
  await s.dispose();
  return thetas;
}

describe('buildTrainStep layouts', () => {
  it('lays parameters out row-major in spec order with a decay mask', () => {
    const layout = makeLayout(SPECS);
    expect(layout.total).toBe(12);
    expect(layout.entries.map((e) => [e.name, e.offset, e.size])).toEqual([
      ['w', 0, 6],
      ['b', 6, 2],
      ['unused', 8, 4],
    ]);
    expect(Array.from(decayMask(layout))).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1]);
  });

  it('flat and per-parameter state give the same updates', async () => {
    const flat = await run('flat');
    const per = await run('perParam');
    for (let t = 0; t < 3; t++)
      flat[t]!.forEach((v, i) =>
        expect(Math.abs(v - per[t]![i]!), `step ${t} elem ${i}`).toBeLessThan(1e-12),
      );
    // The unused parameter only decays: theta * (1 - lr wd)^3.
    expect(flat[2]![8]).toBeCloseTo(INIT[8]! * (1 - 0.1 * 0.1) ** 3, 12);
  });
});

describe('buildTrainStep data dtypes', () => {
  const ID_SETS = [
    [0, 0, 1, 1],
    [0, 1, 0, 1],
    [3, 3, 3, 7],
  ];
  const W = Float64Array.from({ length: 6 }, () => next() - 0.5);

  /** The loss of the same model with the ids baked in as constants, at weights `w`. */
  async function constantIdsLoss(ids: number[], w: Float64Array): Promise<number> {
    const g = new Graph({ dtype: 'float64' });
    const z = nn.linear(g.input('x', [4, 3]), g.input('w', [3, 2]));
    g.output(multiPositiveLoss(g, z, ids, 0.1), 'loss');
    const s = await OnnxSession.create(g.toBytes());
    const out = await s.runFloats({ x: { data: X, dims: [4, 3] }, w: { data: w, dims: [3, 2] } });
    await s.dispose();
    return out.loss![0]!;
  }

  it('feeds int64 group ids per step (and casts float32 data into a float64 graph)', async () => {
    const { bytes } = buildTrainStep({
      dtype: 'float64',
      params: [{ name: 'w', shape: [3, 2], decay: true }],
      data: [
        { name: 'x', shape: [4, 3], dtype: 'float32' },
        { name: 'ids', shape: [4], dtype: 'int64' },
      ],
      loss: (g, p, d) => multiPositiveLoss(g, nn.linear(d.x!, p.w!), d.ids!, 0.1),
    });
    const s = await OnnxSession.create(bytes);
    let theta: Float64Array = W;
    let m: Float64Array = new Float64Array(6);
    let v: Float64Array = new Float64Array(6);
    const losses: number[] = [];
    for (const [t, ids] of ID_SETS.entries()) {
      const out = await s.runFloats({
        theta: { data: theta, dims: [6] },
        m: { data: m, dims: [6] },
        v: { data: v, dims: [6] },
        decay_mask: { data: new Float64Array(6).fill(1), dims: [6] },
        x: { data: Float32Array.from(X), dims: [4, 3] },
        ids: { data: BigInt64Array.from(ids.map(BigInt)), dims: [4] },
        lr: { data: Float64Array.of(0.05), dims: [] },
        step: { data: Float64Array.of(t + 1), dims: [] },
      });
      // The loss is taken before the update, at the current theta, with this step's ids.
      const want = await constantIdsLoss(ids, theta);
      expect(Math.abs(out.loss![0]! - want), `step ${t}`).toBeLessThan(1e-6);
      losses.push(out.loss![0]!);
      theta = out.new_theta as Float64Array;
      m = out.new_m as Float64Array;
      v = out.new_v as Float64Array;
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    await s.dispose();
  });
});
