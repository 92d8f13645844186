/**
 * @file A tiny graph builder for the SD fixtures: auto-named nodes, seeded random float weights,
 * int64 constants, and typed graph inputs/outputs whose non-float32 values are cast to float32 on
 * the way in and back on the way out (so every graph computes in float32 whatever its IO dtypes).
 */
import type { NodeData, TensorData, AttrValue } from '../../../src-main/core/onnx/proto';
import { rawBytes } from '../../../src-main/core/onnx/proto';
import { createRng, type Rng } from '../../../src-main/core/generate/prng';
import { ONNX_DTYPE, type GraphSpec, type IoSpec } from './onnxWriter';

export class GraphBuilder {
  private readonly nodes: NodeData[] = [];
  private readonly weights: { name: string; dims: readonly number[]; data: Float32Array }[] = [];
  private readonly constants: TensorData[] = [];
  private readonly inputs: IoSpec[] = [];
  private readonly outputs: IoSpec[] = [];
  private readonly domains: { domain: string; version: number }[] = [];
  private count = 0;
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = createRng(seed);
  }

  /** Emits one node and returns its (single) output's name. */
  op(opType: string, inputs: readonly string[], attrs?: Record<string, AttrValue>, domain?: string): string {
    const out = `${opType.toLowerCase()}_${this.count++}`;
    this.nodes.push({ opType, inputs, outputs: [out], name: out, attrs, domain });
    if (domain && !this.domains.some((d) => d.domain === domain)) this.domains.push({ domain, version: 1 });
    return out;
  }

  /** A float32 weight with uniform values in [-scale, scale); these go to external data when asked. */
  weight(dims: readonly number[], scale = 0.5): string {
    const size = dims.reduce((a, b) => a * b, 1);
    const name = `w_${this.count++}`;
    const data = Float32Array.from({ length: size }, () => this.rng.range(-scale, scale));
    this.weights.push({ name, dims, data });
    return name;
  }

  /** A float32 constant, always inline: shape inference must read scales and coefficients. */
  floats(dims: readonly number[], data: ArrayLike<number>): string {
    const name = `c_${this.count++}`;
    this.constants.push({ name, dtype: 'float32', dims, raw: rawBytes('float32', Array.from(data)) });
    return name;
  }

  scalar(value: number): string {
    return this.floats([], [value]);
  }

  /** An int64 1-D constant (shapes, axes). */
  ints(values: readonly number[]): string {
    const name = `i_${this.count++}`;
    this.constants.push({ name, dtype: 'int64', dims: [values.length], raw: rawBytes('int64', values) });
    return name;
  }

  /** Declares a graph input and returns a float32 view of it. */
  input(io: IoSpec): string {
    this.inputs.push(io);
    return io.dtype === 'float32' ? io.name : this.op('Cast', [io.name], { to: ONNX_DTYPE.float32 });
  }

  /** Declares a graph output computed (in float32) as `value`, cast to the output's dtype. */
  output(value: string, io: IoSpec): void {
    this.outputs.push(io);
    const cast = io.dtype !== 'float32';
    this.nodes.push({
      opType: cast ? 'Cast' : 'Identity',
      inputs: [value],
      outputs: [io.name],
      name: `out_${this.count++}`,
      attrs: cast ? { to: ONNX_DTYPE[io.dtype] } : undefined,
    });
  }

  /** 1x1 convolution from `inChannels` to `outChannels` with a bias. */
  conv1x1(x: string, inChannels: number, outChannels: number): string {
    return this.op('Conv', [x, this.weight([outChannels, inChannels, 1, 1]), this.weight([outChannels])]);
  }

  /** Average pooling by an integer factor (identity for 1). */
  pool(x: string, factor: number): string {
    if (factor === 1) return x;
    return this.op('AveragePool', [x], { kernel_shape: [factor, factor], strides: [factor, factor] });
  }

  /** Nearest-neighbour upsampling by an integer factor (identity for 1). */
  upsample(x: string, factor: number): string {
    if (factor === 1) return x;
    return this.op('Resize', [x, '', this.floats([4], [1, 1, factor, factor])], { mode: 'nearest' });
  }

  spec(): GraphSpec {
    return {
      nodes: this.nodes,
      weights: this.weights,
      constants: this.constants,
      inputs: this.inputs,
      outputs: this.outputs,
      domains: this.domains,
    };
  }
}
