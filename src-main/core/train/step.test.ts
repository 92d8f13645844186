import { describe, expect, it } from 'vitest';
import { type Feed, OnnxSession } from '../onnx/node/session';
import { type ParamSpec, stateNames } from './adamw';
import { rng } from './gradcheck';
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
