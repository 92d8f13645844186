import { describe, expect, it } from 'vitest';
import { type Feed, OnnxSession } from '../onnx/node/session';
import { rng } from './gradcheck';
import { Graph } from './graph';
import { infoNceTwoView, multiPositiveLoss } from './losses';

// Pure-JS float64 references, written from the definitions in methods.md rather than the graph.
type Rows = number[][];

function normalise(x: Rows): Rows {
  return x.map((r) => {
    const n = Math.sqrt(r.reduce((s, v) => s + v * v, 0) + 1e-12);
    return r.map((v) => v / n);
  });
}

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * (b[i] as number), 0);

/** log softmax over the entries of `row` whose `keep` is true. */
function logSoftmaxOver(row: number[], keep: (j: number) => boolean): number[] {
  const kept = row.filter((_, j) => keep(j));
  const m = Math.max(...kept);
  const lse = m + Math.log(kept.reduce((s, v) => s + Math.exp(v - m), 0));
  return row.map((v) => v - lse);
}

function refMultiPositive(z: Rows, ids: number[], tau: number): number {
  const zn = normalise(z);
  let total = 0;
  let rows = 0;
  zn.forEach((a, i) => {
    const positives = ids.map((g, j) => j !== i && g === ids[i]);
    const k = positives.filter(Boolean).length;
    if (k === 0) return;
    const ls = logSoftmaxOver(
      zn.map((b) => dot(a, b) / tau),
      (j) => j !== i,
    );
    total -= positives.reduce((s, p, j) => s + (p ? (ls[j] as number) / k : 0), 0);
    rows += 1;
  });
  return rows ? total / rows : 0;
}

function refInfoNce(a: Rows, b: Rows, tau: number): number {
  const an = normalise(a);
  const bn = normalise(b);
  const dir = (x: Rows, y: Rows) =>
    x.reduce(
      (s, r, i) =>
        s -
        (logSoftmaxOver(
          y.map((c) => dot(r, c) / tau),
          () => true,
        )[i] as number),
      0,
    ) / x.length;
  return 0.5 * (dir(an, bn) + dir(bn, an));
}

function random(b: number, e: number, seed: number): Rows {
  const next = rng(seed);
  return Array.from({ length: b }, () => Array.from({ length: e }, () => 2 * next() - 1));
}

const feed = (x: Rows): Feed => ({ data: Float64Array.from(x.flat()), dims: [x.length, x[0]?.length ?? 0] });

async function runLoss(g: Graph, feeds: Record<string, Feed>): Promise<number> {
  const s = await OnnxSession.create(g.toBytes());
  try {
    const out = await s.runFloats(feeds, ['loss']);
    return out.loss?.[0] ?? NaN;
  } finally {
    await s.dispose();
  }
}

describe('multiPositiveLoss', () => {
  const cases: [string, number[]][] = [
    ['4 groups x 2', [0, 0, 1, 1, 2, 2, 3, 3]],
    ['uneven groups with a singleton', [5, 1, 5, 5, 1, 9, 1, 5]],
    ['all one group', [2, 2, 2, 2, 2, 2, 2, 2]],
  ];

  it.each(cases)('matches the float64 reference with int64 ids fed: %s', async (_l, ids) => {
    for (const [seed, tau] of [
      [1, 0.1],
      [2, 0.5],
    ] as const) {
      const z = random(8, 5, seed);
      const g = new Graph({ dtype: 'float64' });
      const zt = g.input('z', [8, 5]);
      const idt = g.input('ids', [8], 'int64');
      g.output(multiPositiveLoss(g, zt, idt, tau), 'loss');
      const got = await runLoss(g, {
        z: feed(z),
        ids: { data: BigInt64Array.from(ids.map(BigInt)), dims: [8] },
      });
      expect(Math.abs(got - refMultiPositive(z, ids, tau))).toBeLessThan(1e-9);
    }
  });

  it('takes constant ids, and a batch with no positives gives 0', async () => {
    const z = random(6, 4, 3);
    for (const ids of [
      [0, 1, 0, 2, 1, 0],
      [0, 1, 2, 3, 4, 5],
    ]) {
      const g = new Graph({ dtype: 'float64' });
      const zt = g.input('z', [6, 4]);
      g.output(multiPositiveLoss(g, zt, ids, 0.2), 'loss');
      const got = await runLoss(g, { z: feed(z) });
      expect(Math.abs(got - refMultiPositive(z, ids, 0.2))).toBeLessThan(1e-9);
    }
  });

  it('is lower when positives agree than when they do not', async () => {
    const ids = [0, 0, 1, 1];
    const good = [
      [1, 0],
      [1, 0.1],
      [0, 1],
      [0.1, 1],
    ];
    const bad = [
      [1, 0],
      [0, 1],
      [1, 0.1],
      [0.1, 1],
    ];
    expect(refMultiPositive(good, ids, 0.1)).toBeLessThan(refMultiPositive(bad, ids, 0.1));
  });

  it('rejects ids of the wrong shape or type', () => {
    const g = new Graph();
    const z = g.input('z', [4, 3]);
    expect(() => multiPositiveLoss(g, z, [0, 1], 0.1)).toThrow(/int64 \[4\]/);
    expect(() => multiPositiveLoss(g, z, g.input('ids', [4]), 0.1)).toThrow(/int64/);
  });
});

describe('infoNceTwoView', () => {
  it('matches the float64 reference and is symmetric in its views', async () => {
    for (const [seed, tau] of [
      [4, 0.1],
      [5, 0.2],
    ] as const) {
      const a = random(6, 4, seed);
      const b = random(6, 4, seed + 100);
      const g = new Graph({ dtype: 'float64' });
      const at = g.input('a', [6, 4]);
      const bt = g.input('b', [6, 4]);
      g.output(infoNceTwoView(g, at, bt, tau), 'loss');
      const got = await runLoss(g, { a: feed(a), b: feed(b) });
      expect(Math.abs(got - refInfoNce(a, b, tau))).toBeLessThan(1e-9);
      const swapped = await runLoss(g, { a: feed(b), b: feed(a) });
      expect(Math.abs(swapped - got)).toBeLessThan(1e-9);
    }
  });

  it('runs in float32 close to the reference', async () => {
    const a = random(4, 3, 7);
    const b = random(4, 3, 8);
    const g = new Graph();
    g.output(infoNceTwoView(g, g.input('a', [4, 3]), g.input('b', [4, 3]), 0.1), 'loss');
    const f32 = (x: Rows): Feed => ({ data: Float32Array.from(x.flat()), dims: [4, 3] });
    const got = await runLoss(g, { a: f32(a), b: f32(b) });
    expect(Math.abs(got - refInfoNce(a, b, 0.1))).toBeLessThan(1e-4);
  });
});
