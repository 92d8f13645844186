/**
 * @file Encodes the tiny SD test graphs with the project's own ONNX writer (src-main/core/onnx/proto.ts)
 * plus what that writer does not know: graph inputs/outputs of any dtype (int32, float16),
 * initializers stored as external data (`model.onnx_data`, `weights.pb`, `model.onnx.data`) and
 * opset imports of other domains (com.microsoft). Like train/exportFp16.ts, the extras are a second
 * ModelProto fragment appended to encodeModel's bytes: protobuf parsers merge a repeated embedded
 * message field (the graph, field 7) and concatenate its repeated fields, so ORT reads one graph.
 * encodeModel gets no graph inputs/outputs at all, so their order is exactly the fragment's.
 */
import { encodeModel, rawBytes, type NodeData, type TensorData } from '../../../src-main/core/onnx/proto';

/** TensorProto.DataType codes for the IO dtypes the SD exports use. */
export const ONNX_DTYPE = { float32: 1, int32: 6, int64: 7, float16: 10, float64: 11 } as const;
export type IoDtype = keyof typeof ONNX_DTYPE;

export interface IoSpec {
  name: string;
  dtype: IoDtype;
  /** Strings are symbolic dims; [] is a scalar. */
  dims: readonly (number | string)[];
}

export interface GraphSpec {
  nodes: readonly NodeData[];
  /** float32 weights; they go to the external file when `externalFile` is set. */
  weights: readonly { name: string; dims: readonly number[]; data: Float32Array }[];
  /** Constants (shapes, axes, scales, coefficients), always inline. */
  constants: readonly TensorData[];
  inputs: readonly IoSpec[];
  outputs: readonly IoSpec[];
  /** Extra opset imports, e.g. [{ domain: 'com.microsoft', version: 1 }]. */
  domains?: readonly { domain: string; version: number }[];
}

export interface EncodedGraph {
  model: Uint8Array;
  /** The external data file's bytes, when `externalFile` was given. */
  external: Uint8Array | null;
}

const OPSET = 17;
const IR_VERSION = 8;

function varint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** A protobuf message under construction: scalar and length-delimited fields only. */
class Msg {
  readonly parts: Uint8Array[] = [];

  int(field: number, value: number): this {
    const b: number[] = [];
    varint(b, field << 3);
    varint(b, value);
    this.parts.push(Uint8Array.from(b));
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    const b: number[] = [];
    varint(b, (field << 3) | 2);
    varint(b, data.length);
    this.parts.push(Uint8Array.from(b), data);
    return this;
  }

  str(field: number, text: string): this {
    return this.bytes(field, new TextEncoder().encode(text));
  }

  msg(field: number, inner: Msg): this {
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return concat(this.parts);
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** ValueInfoProto { name, type: TypeProto { tensor_type { elem_type, shape { dim* } } } }. */
function valueInfo(io: IoSpec): Msg {
  const shape = new Msg();
  for (const d of io.dims) shape.msg(1, typeof d === 'number' ? new Msg().int(1, d) : new Msg().str(2, d));
  const tensorType = new Msg().int(1, ONNX_DTYPE[io.dtype]).msg(2, shape);
  return new Msg().str(1, io.name).msg(2, new Msg().msg(1, tensorType));
}

/** TensorProto pointing at external data: external_data(13) entries and data_location(14) = EXTERNAL. */
function externalTensor(name: string, dims: readonly number[], file: string, offset: number, length: number) {
  const t = new Msg();
  for (const d of dims) t.int(1, d);
  t.int(2, ONNX_DTYPE.float32).str(8, name);
  const entry = (k: string, v: string) => new Msg().str(1, k).str(2, v);
  t.msg(13, entry('location', file))
    .msg(13, entry('offset', String(offset)))
    .msg(13, entry('length', String(length)));
  return t.int(14, 1);
}

/** Encodes the graph; with `externalFile`, float weights live in that file (relative to the model). */
export function encodeGraph(spec: GraphSpec, name: string, externalFile: string | null = null): EncodedGraph {
  const inline: TensorData[] = [...spec.constants];
  const graphExtra = new Msg();
  const externalParts: Uint8Array[] = [];
  let offset = 0;
  for (const w of spec.weights) {
    const raw = rawBytes('float32', w.data);
    if (externalFile === null) {
      inline.push({ name: w.name, dtype: 'float32', dims: w.dims, raw });
      continue;
    }
    graphExtra.msg(5, externalTensor(w.name, w.dims, externalFile, offset, raw.length));
    externalParts.push(raw);
    offset += raw.length;
  }
  for (const io of spec.inputs) graphExtra.msg(11, valueInfo(io));
  for (const io of spec.outputs) graphExtra.msg(12, valueInfo(io));
  const base = encodeModel({
    irVersion: IR_VERSION,
    opset: OPSET,
    graphName: name,
    nodes: spec.nodes,
    initializers: inline,
    inputs: [],
    outputs: [],
    producer: 'pose-studio-sd-fixture',
  });
  const modelExtra = new Msg().msg(7, graphExtra);
  for (const d of spec.domains ?? []) modelExtra.msg(8, new Msg().str(1, d.domain).int(2, d.version));
  return {
    model: concat([base, modelExtra.finish()]),
    external: externalFile === null ? null : concat(externalParts),
  };
}
