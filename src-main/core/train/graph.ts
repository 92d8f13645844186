/**
 * @file The graph builder: typed tensor handles with static shapes, graph inputs, initializers
 * (constants) and outputs, node emission, and the tape that autodiff walks. The ops themselves
 * live in ops.ts; they call `emit`, which records one tape entry per differentiable primitive.
 * Shapes are fully static on purpose (see docs in shared/research/onnx-training.md, pitfall 3):
 * broadcast reductions in the backward pass become build-time decisions.
 */
import {
  type AttrValue,
  type DType,
  type ModelData,
  type NodeData,
  type TensorData,
  encodeModel,
  rawBytes,
} from '../onnx/proto';
import { type Shape, fmt } from './shape';

export type FloatType = 'float32' | 'float64';

export interface Tensor {
  readonly graph: Graph;
  readonly name: string;
  readonly shape: Shape;
  readonly dtype: DType;
}

/** Op-specific facts a gradient rule needs (normalised axes, permutation, exponent, ...). */
export interface OpInfo {
  axes?: number[];
  keepdims?: boolean;
  perm?: number[];
  exponent?: number;
  starts?: number[];
  ends?: number[];
  axis?: number;
}

export interface TapeEntry {
  op: string;
  inputs: Tensor[];
  output: Tensor;
  info: OpInfo;
}

export interface GraphOptions {
  /** ONNX opset; 13..21. ReduceMean/ReduceMax take axes as an input from 18 on. */
  opset?: number;
  /** Float type of every float tensor in the graph (float64 for gradient checks). */
  dtype?: FloatType;
}

export class Graph {
  readonly opset: number;
  readonly dtype: FloatType;
  readonly nodes: NodeData[] = [];
  readonly tape: TapeEntry[] = [];
  private readonly initializers: TensorData[] = [];
  private readonly inputs: Tensor[] = [];
  private readonly outputs: Tensor[] = [];
  private readonly names = new Set<string>();
  private readonly constCache = new Map<string, Tensor>();
  private counter = 0;
  /** MatMul FLOPs (2·M·N·K per product) emitted so far, forward and backward, for benchmarks. */
  matmulFlops = 0;
  /** False while autodiff emits the backward pass, so backward nodes are not taped. */
  taping = true;

  constructor(options: GraphOptions = {}) {
    this.opset = options.opset ?? 17;
    this.dtype = options.dtype ?? 'float32';
    if (this.opset < 13 || this.opset > 21) throw new Error(`unsupported opset ${this.opset}`);
  }

  /** A fresh unique value name derived from `hint`. */
  fresh(hint: string): string {
    let name = `${hint}_${this.counter++}`;
    while (this.names.has(name)) name = `${hint}_${this.counter++}`;
    this.names.add(name);
    return name;
  }

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`duplicate value name ${name}`);
    this.names.add(name);
    return name;
  }

  /** A graph input fed at run time (parameters, optimizer state, data, hyper-parameters). */
  input(name: string, shape: Shape, dtype: DType = this.dtype): Tensor {
    const t: Tensor = { graph: this, name: this.claim(name), shape: [...shape], dtype };
    this.inputs.push(t);
    return t;
  }

  /** Marks `t` as a graph output, under `name` (through an Identity) when given. */
  output(t: Tensor, name?: string): Tensor {
    let out = t;
    if (name !== undefined && name !== t.name) {
      out = { graph: this, name: this.claim(name), shape: t.shape, dtype: t.dtype };
      this.nodes.push({ opType: 'Identity', inputs: [t.name], outputs: [out.name] });
    }
    this.outputs.push(out);
    return out;
  }

  /** A constant tensor stored as an initializer; small ones are cached by value. */
  constant(values: ArrayLike<number>, shape: Shape, dtype: DType = this.dtype): Tensor {
    const n = shape.reduce((a, d) => a * d, 1);
    if (values.length !== n) throw new Error(`constant: ${values.length} values for shape ${fmt(shape)}`);
    const key = n <= 16 ? `${dtype}|${fmt(shape)}|${Array.from(values).join(',')}` : '';
    const cached = key ? this.constCache.get(key) : undefined;
    if (cached) return cached;
    const t: Tensor = { graph: this, name: this.fresh('const'), shape: [...shape], dtype };
    this.initializers.push({ name: t.name, dtype, dims: [...shape], raw: rawBytes(dtype, values) });
    if (key) this.constCache.set(key, t);
    return t;
  }

  scalar(value: number): Tensor {
    return this.constant([value], []);
  }

  /** Zeros of any size without a full-size initializer (a scalar expanded at run time). */
  zeros(shape: Shape): Tensor {
    return this.emit('Expand', [this.scalar(0), this.int64s([...shape])], shape);
  }

  int64s(values: readonly number[]): Tensor {
    return this.constant(values, [values.length], 'int64');
  }

  /**
   * Emits one ONNX node with a single output of the given (already inferred) shape and dtype.
   * With `tapeOp` the node is recorded for autodiff under that rule name.
   */
  emit(
    opType: string,
    inputs: readonly Tensor[],
    shape: Shape,
    options: { dtype?: DType; attrs?: Record<string, AttrValue>; tapeOp?: string; info?: OpInfo } = {},
  ): Tensor {
    for (const i of inputs)
      if (i.graph !== this) throw new Error(`${opType}: input ${i.name} belongs to another graph`);
    const out: Tensor = {
      graph: this,
      name: this.fresh(opType.toLowerCase()),
      shape: [...shape],
      dtype: options.dtype ?? inputs[0]?.dtype ?? this.dtype,
    };
    this.nodes.push({
      opType,
      inputs: inputs.map((i) => i.name),
      outputs: [out.name],
      ...(options.attrs ? { attrs: options.attrs } : {}),
    });
    if (options.tapeOp && this.taping)
      this.tape.push({ op: options.tapeOp, inputs: [...inputs], output: out, info: options.info ?? {} });
    return out;
  }

  /** Serialised ModelProto bytes, ready for InferenceSession.create. */
  toBytes(metadata?: Record<string, string>): Uint8Array {
    return encodeModel(this.toModel(metadata));
  }

  /**
   * The model as plain data (what toBytes encodes), for callers that rewrite it before encoding,
   * e.g. the encoder export, which turns the static batch into a symbolic one.
   */
  toModel(metadata?: Record<string, string>): ModelData {
    if (this.outputs.length === 0) throw new Error('graph has no outputs');
    const info = (t: Tensor) => ({ name: t.name, dtype: t.dtype, dims: [...t.shape] });
    const nodes = liveNodes(renameOutputs(this.nodes, this.outputs), this.outputs);
    const used = new Set(nodes.flatMap((n) => n.inputs));
    return {
      irVersion: 8,
      opset: this.opset,
      graphName: 'pose_studio',
      nodes,
      initializers: this.initializers.filter((t) => used.has(t.name)),
      inputs: this.inputs.map(info),
      outputs: this.outputs.map(info),
      ...(metadata ? { metadata } : {}),
    };
  }
}

/**
 * Output Identity nodes folded away: where `output(t, name)` emitted `Identity(t) -> name` and t
 * is an intermediate (not a graph input, initializer or other output), t's producer writes
 * `name` directly and t's consumers read it. ORT copies a tensor through Identity at run time
 * (measured 0.2-0.5 ms per 2.7 MB state output), and the values are the same.
 */
function renameOutputs(nodes: readonly NodeData[], outputs: readonly Tensor[]): NodeData[] {
  const outNames = new Set(outputs.map((o) => o.name));
  const produced = new Set(nodes.flatMap((n) => n.outputs));
  const rename = new Map<string, string>();
  for (const n of nodes) {
    const [src] = n.inputs;
    const [dst] = n.outputs;
    if (n.opType !== 'Identity' || src === undefined || dst === undefined || !outNames.has(dst)) continue;
    if (produced.has(src) && !outNames.has(src) && !rename.has(src)) rename.set(src, dst);
  }
  if (rename.size === 0) return [...nodes];
  const r = (x: string) => rename.get(x) ?? x;
  return nodes
    .filter(
      (n) =>
        !(n.opType === 'Identity' && n.inputs[0] !== undefined && rename.get(n.inputs[0]) === n.outputs[0]),
    )
    .map((n) => ({ ...n, inputs: n.inputs.map(r), outputs: n.outputs.map(r) }));
}

/**
 * Only the nodes the outputs depend on. Gradient rules emit the gradient of every input of an
 * op, also of constants that need none (e.g. the 0.5 in x * 0.5), and ORT runs such dead nodes:
 * 123 of the ViT-tiny train step's 1,359 nodes, about 8 ms of a 180 ms step.
 */
function liveNodes(nodes: readonly NodeData[], outputs: readonly Tensor[]): NodeData[] {
  const need = new Set(outputs.map((o) => o.name));
  const keep = new Array<boolean>(nodes.length).fill(false);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i] as NodeData;
    if (!n.outputs.some((o) => need.has(o))) continue;
    keep[i] = true;
    for (const x of n.inputs) need.add(x);
  }
  return nodes.filter((_, i) => keep[i]);
}
