import { describe, expect, it } from 'vitest';
import { OnnxSession } from '../onnx/node/session';
import { grad } from './autodiff';
import { Graph, type Tensor } from './graph';
import * as nn from './nn';
import * as op from './ops';

describe('graph builder shape inference', () => {
  const g = new Graph();
  const a = g.input('a', [2, 3]);
  const b = g.input('b', [4, 1, 3]);

  it('broadcasts like numpy', () => {
    expect(op.add(a, b).shape).toEqual([4, 2, 3]);
    expect(op.reduceSum(op.mul(a, b), [0, -1], true).shape).toEqual([1, 2, 1]);
    expect(op.matmul(b, op.transpose(a, [1, 0])).shape).toEqual([4, 1, 2]);
    expect(op.reshape(b, [-1, 6]).shape).toEqual([2, 6]);
  });

  it('counts MatMul FLOPs, forward and backward', () => {
    const h = new Graph();
    const x = h.input('x', [5, 4, 3]);
    const w = h.input('w', [3, 2]);
    const loss = op.reduceSum(op.matmul(x, w));
    expect(h.matmulFlops).toBe(2 * 20 * 2 * 3);
    grad(loss, [x, w]);
    expect(h.matmulFlops).toBe(3 * 2 * 20 * 2 * 3);
  });

  it('grad gives zeros for unused parameters and rejects non-scalar losses', async () => {
    const h = new Graph();
    const x = h.input('x', [2, 2]);
    const unused = h.input('u', [3]);
    const [gx, gu] = grad(op.reduceSum(op.mul(x, x)), [x, unused]);
    expect(() => grad(x, [x])).toThrow('loss must be a scalar');
    h.output(gx!, 'gx');
    h.output(gu!, 'gu');
    const s = await OnnxSession.create(h.toBytes());
    const out = await s.runFloats({
      x: { data: Float32Array.of(1, 2, 3, 4), dims: [2, 2] },
      u: { data: new Float32Array(3), dims: [3] },
    });
    expect(Array.from(out.gx ?? [])).toEqual([2, 4, 6, 8]);
    expect(Array.from(out.gu ?? [])).toEqual([0, 0, 0]);
    await s.dispose();
  });

  it('reports shape errors at build time with both shapes', () => {
    expect(() => op.add(a, g.input('c', [4]))).toThrow('Add: shapes [2,3] and [4] do not broadcast');
    expect(() => op.matmul(a, a)).toThrow('MatMul: inner dims differ, [2,3] @ [2,3]');
    expect(() => op.reshape(a, [4, 2])).toThrow('cannot reshape [2,3] to [4,2]');
    expect(() => op.reduceSum(a, [2])).toThrow('axis 2 out of range');
    expect(() => op.concat([a, b], 0)).toThrow('Concat');
    expect(() => op.squeeze(a, [0])).toThrow('Squeeze');
    expect(() => g.input('a', [1])).toThrow('duplicate value name a');
  });

  it('rejects mixed dtypes and foreign tensors', () => {
    const other = new Graph({ dtype: 'float64' });
    expect(() => op.add(a, other.input('z', [2, 3]))).toThrow(/float32|another graph/);
  });
});

describe('opset-aware emission', () => {
  it.each([17, 18, 21])('ReduceMean/ReduceMax/LayerNorm run under opset %i', async (opset) => {
    const g = new Graph({ opset });
    const x = g.input('x', [2, 4]);
    const ln = nn.layerNorm(x, g.constant([1, 1, 1, 1], [4]), g.constant([0, 0, 0, 0], [4]));
    g.output(op.reduceMean(ln, [-1]), 'm');
    g.output(op.reduceMax(x, [1], true), 'mx');
    g.output(nn.softmax(x), 'sm');
    const attr = g.nodes.find((n) => n.opType === 'ReduceMean')?.attrs?.axes;
    expect(attr === undefined).toBe(opset >= 18);
    const s = await OnnxSession.create(g.toBytes());
    const out = await s.runFloats({ x: { data: Float32Array.from([1, 2, 3, 4, 0, 0, 0, 8]), dims: [2, 4] } });
    expect(Array.from(out.m ?? []).map((v) => Math.abs(v) < 1e-6)).toEqual([true, true]);
    expect(Array.from(out.mx ?? [])).toEqual([4, 8]);
    expect(
      Array.from(out.sm ?? [])
        .slice(0, 4)
        .reduce((p, v) => p + v, 0),
    ).toBeCloseTo(1, 6);
    await s.dispose();
  });
});

describe('model emission', () => {
  it('drops nodes no output depends on, with their constants, and names outputs without copies', async () => {
    const g = new Graph();
    const x = g.input('x', [3]);
    const y = op.mul(x, g.scalar(2));
    op.mul(x, g.scalar(7)); // dead: no output uses it
    g.output(op.add(y, g.scalar(1)), 'out');
    g.output(y, 'twice'); // y is consumed by the Add and is an output itself
    g.output(x, 'echo'); // a graph input passed through keeps its Identity
    const model = g.toModel();
    expect(model.nodes.map((n) => n.opType)).toEqual(['Mul', 'Add', 'Identity']);
    expect(model.nodes[0]?.outputs).toEqual(['twice']);
    expect(model.nodes[1]?.inputs[0]).toBe('twice');
    expect(model.nodes[1]?.outputs).toEqual(['out']);
    expect(model.initializers.map((t) => t.raw.byteLength)).toEqual([4, 4]); // 2 and 1, not 7
    const s = await OnnxSession.create(g.toBytes());
    const out = await s.runFloats({ x: { data: Float32Array.of(1, 2, 3), dims: [3] } });
    expect(Array.from(out.out ?? [])).toEqual([3, 5, 7]);
    expect(Array.from(out.twice ?? [])).toEqual([2, 4, 6]);
    expect(Array.from(out.echo ?? [])).toEqual([1, 2, 3]);
    await s.dispose();
  });

  it('sends the gradient of slices that tile a tensor through one Concat, not Pads', () => {
    const g = new Graph();
    const x = g.input('x', [2, 9]);
    const [q, k, v] = [0, 1, 2].map((i) => op.slice(x, [3 * i], [3 * i + 3], [1]));
    const loss = op.reduceSum(op.mul(op.mul(q as Tensor, k as Tensor), op.exp(v as Tensor)));
    const before = g.nodes.length;
    grad(loss, [x]);
    const backward = g.nodes.slice(before).map((n) => n.opType);
    expect(backward).not.toContain('Pad');
    expect(backward.filter((o) => o === 'Concat')).toHaveLength(1);
  });
});
