import { describe, expect, it } from 'vitest';
import { encodeModel, rawBytes } from './proto';
import { OnnxSession } from './node/session';

describe('encodeModel', () => {
  it('emits a MatMul -> Add -> Relu model that onnxruntime loads and runs correctly', async () => {
    const w = [1, -2, 0.5, 3, -1, 2];
    const bytes = encodeModel({
      irVersion: 8,
      opset: 17,
      graphName: 'mlp',
      nodes: [
        { opType: 'MatMul', inputs: ['x', 'w'], outputs: ['h'] },
        { opType: 'Add', inputs: ['h', 'b'], outputs: ['z'] },
        { opType: 'Relu', inputs: ['z'], outputs: ['y'] },
        { opType: 'ReduceSum', inputs: ['y'], outputs: ['s'], attrs: { keepdims: 0 } },
        { opType: 'LeakyRelu', inputs: ['z'], outputs: ['l'], attrs: { alpha: { float: 0.25 } } },
      ],
      initializers: [
        { name: 'w', dtype: 'float32', dims: [3, 2], raw: rawBytes('float32', w) },
        { name: 'b', dtype: 'float32', dims: [2], raw: rawBytes('float32', [0.5, -10]) },
      ],
      inputs: [{ name: 'x', dtype: 'float32', dims: ['batch', 3] }],
      outputs: [
        { name: 'y', dtype: 'float32', dims: ['batch', 2] },
        { name: 's', dtype: 'float32', dims: [] },
        { name: 'l', dtype: 'float32', dims: ['batch', 2] },
      ],
      metadata: { purpose: 'test' },
    });
    const session = await OnnxSession.create(bytes);
    const x = Float32Array.from([1, 2, 3, -1, 0, 1]);
    const out = await session.runFloats({ x: { data: x, dims: [2, 3] } });
    // JS reference: x @ w + b, relu.
    const z = [0, 1, 2, 3].map((k) => {
      const r = Math.floor(k / 2);
      const c = k % 2;
      let acc = c === 0 ? 0.5 : -10;
      for (let i = 0; i < 3; i++) acc += (x[r * 3 + i] ?? 0) * (w[i * 2 + c] ?? 0);
      return acc;
    });
    expect(Array.from(out.y ?? [])).toEqual(z.map((v) => Math.max(0, v)));
    expect(Array.from(out.l ?? [])).toEqual(z.map((v) => (v > 0 ? v : v * 0.25)));
    expect(out.s?.[0]).toBeCloseTo(
      z.reduce((a, v) => a + Math.max(0, v), 0),
      5,
    );
    await session.dispose();
    await expect(session.run({})).rejects.toThrow(/dispose/);
  });

  it('encodes negative int64 attributes and int64 initializers', async () => {
    const bytes = encodeModel({
      irVersion: 8,
      opset: 17,
      graphName: 'neg',
      nodes: [
        { opType: 'Reshape', inputs: ['x', 'shape'], outputs: ['r'] },
        { opType: 'Softmax', inputs: ['r'], outputs: ['y'], attrs: { axis: -1 } },
      ],
      initializers: [{ name: 'shape', dtype: 'int64', dims: [2], raw: rawBytes('int64', [-1, 2]) }],
      inputs: [{ name: 'x', dtype: 'float64', dims: [4] }],
      outputs: [{ name: 'y', dtype: 'float64', dims: [2, 2] }],
    });
    const session = await OnnxSession.create(bytes);
    const out = await session.runFloats({ x: { data: Float64Array.from([0, 0, 1, 1]), dims: [4] } });
    expect(Array.from(out.y ?? [])).toEqual([0.5, 0.5, 0.5, 0.5]);
    await session.dispose();
  });
});
