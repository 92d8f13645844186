/**
 * @file Minimal protobuf writer for the subset of onnx.proto that the training engine emits:
 * ModelProto, GraphProto, NodeProto, TensorProto (raw_data), ValueInfoProto and AttributeProto.
 * Hand-written (varint, length-delimited and fixed32 wire types only) because the generated
 * protobuf packages are pinned to old IR versions and are large; platform-free, Uint8Array out.
 * Field numbers follow onnx/onnx.proto; repeated scalars are written unpacked (proto2 default).
 * Also the one way to add what encodeModel does not know (float16 initializers, other IO dtypes,
 * external data, more opset domains): `modelFragment`, ModelProto bytes appended to its output.
 */

export type DType = 'float32' | 'float64' | 'int64' | 'bool';

/** TensorProto.DataType codes. */
export const DTYPE_CODE: Record<DType, number> = { float32: 1, int64: 7, bool: 9, float64: 11 };

export type AttrValue = number | number[] | string | { float: number } | { floats: number[] };

export interface TensorData {
  name: string;
  dtype: DType;
  dims: readonly number[];
  /** Little-endian element bytes, exactly as TensorProto.raw_data wants them. */
  raw: Uint8Array;
}

export interface NodeData {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  attrs?: Record<string, AttrValue>;
  domain?: string;
}

export interface ValueInfo {
  name: string;
  dtype: DType;
  /** A string dim is symbolic (dim_param), e.g. a dynamic batch. */
  dims: readonly (number | string)[];
}

export interface ModelData {
  irVersion: number;
  opset: number;
  graphName: string;
  nodes: readonly NodeData[];
  initializers: readonly TensorData[];
  inputs: readonly ValueInfo[];
  outputs: readonly ValueInfo[];
  metadata?: Record<string, string>;
  producer?: string;
}

/** Growable byte sink; messages are built bottom-up so each nested length is known. */
export class ProtoWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  varint(value: number | bigint): void {
    // Negative int64 values are encoded as their 64-bit two's complement (10 bytes).
    let v = BigInt.asUintN(64, BigInt(value));
    this.ensure(10);
    while (v >= 0x80n) {
      this.buf[this.len++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.len++] = Number(v);
  }

  tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, value: number): void {
    this.tag(field, 0);
    this.varint(value);
  }

  bytes(field: number, data: Uint8Array): void {
    this.tag(field, 2);
    this.varint(data.length);
    this.ensure(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
  }

  string(field: number, text: string): void {
    this.bytes(field, new TextEncoder().encode(text));
  }

  float(field: number, value: number): void {
    this.tag(field, 5);
    this.ensure(4);
    new DataView(this.buf.buffer).setFloat32(this.len, value, true);
    this.len += 4;
  }

  message(field: number, build: (w: ProtoWriter) => void): void {
    const inner = new ProtoWriter();
    build(inner);
    this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** TensorProto fields { dims, data_type (a TensorProto.DataType code), name, raw_data }. */
export function writeTensorProto(
  w: ProtoWriter,
  name: string,
  dims: readonly number[],
  dataType: number,
  raw: Uint8Array,
): void {
  for (const d of dims) w.int(1, d);
  w.int(2, dataType);
  w.string(8, name);
  w.bytes(9, raw);
}

/** AttributeProto.AttributeType: FLOAT=1, INT=2, STRING=3, FLOATS=6, INTS=7. */
function writeAttr(w: ProtoWriter, name: string, value: AttrValue): void {
  w.string(1, name);
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`attribute ${name}: use { float } for non-integers`);
    w.int(3, value);
    w.int(20, 2);
  } else if (typeof value === 'string') {
    w.string(4, value);
    w.int(20, 3);
  } else if (Array.isArray(value)) {
    for (const v of value) w.int(8, v);
    w.int(20, 7);
  } else if ('float' in value) {
    w.float(2, value.float);
    w.int(20, 1);
  } else {
    for (const v of value.floats) w.float(7, v);
    w.int(20, 6);
  }
}

function writeNode(w: ProtoWriter, n: NodeData): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name) w.string(3, n.name);
  w.string(4, n.opType);
  for (const [k, v] of Object.entries(n.attrs ?? {})) w.message(5, (a) => writeAttr(a, k, v));
  if (n.domain) w.string(7, n.domain);
}

/** ValueInfoProto fields of a tensor; `elemType` is a TensorProto.DataType code. */
export function writeValueInfo(
  w: ProtoWriter,
  name: string,
  elemType: number,
  dims: readonly (number | string)[],
): void {
  w.string(1, name);
  // TypeProto.tensor_type(1) -> { elem_type(1), shape(2) -> dim(1) -> dim_value(1) | dim_param(2) }
  w.message(2, (type) =>
    type.message(1, (tt) => {
      tt.int(1, elemType);
      tt.message(2, (shape) => {
        for (const d of dims)
          shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      });
    }),
  );
}

/** Serialises a model; the bytes load directly in onnxruntime (InferenceSession.create). */
export function encodeModel(m: ModelData): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, m.irVersion);
  w.string(2, m.producer ?? 'pose-studio');
  w.message(7, (g) => {
    for (const n of m.nodes) g.message(1, (x) => writeNode(x, n));
    g.string(2, m.graphName);
    for (const t of m.initializers)
      g.message(5, (x) => writeTensorProto(x, t.name, t.dims, DTYPE_CODE[t.dtype], t.raw));
    for (const v of m.inputs) g.message(11, (x) => writeValueInfo(x, v.name, DTYPE_CODE[v.dtype], v.dims));
    for (const v of m.outputs) g.message(12, (x) => writeValueInfo(x, v.name, DTYPE_CODE[v.dtype], v.dims));
  });
  w.message(8, (o) => {
    o.string(1, '');
    o.int(2, m.opset);
  });
  for (const [key, value] of Object.entries(m.metadata ?? {}))
    w.message(14, (e) => {
      e.string(1, key);
      e.string(2, value);
    });
  return w.finish();
}

/**
 * ModelProto bytes to append to encodeModel's output: `graph` writes a second `graph` field (7)
 * and `model` further ModelProto fields (e.g. opset_import, 8). Protobuf parsers merge repeated
 * occurrences of an embedded message field (MergeFrom semantics) and concatenate its repeated
 * fields, so onnxruntime reads one graph holding the nodes, initializers and IO of both parts.
 */
export function modelFragment(graph: (g: ProtoWriter) => void, model?: (m: ProtoWriter) => void): Uint8Array {
  const w = new ProtoWriter();
  w.message(7, graph);
  model?.(w);
  return w.finish();
}

/** Little-endian raw bytes for a tensor of the given dtype. */
export function rawBytes(dtype: DType, values: ArrayLike<number> | ArrayLike<bigint>): Uint8Array {
  const n = values.length;
  if (dtype === 'float32') return new Uint8Array(Float32Array.from(values as ArrayLike<number>).buffer);
  if (dtype === 'float64') return new Uint8Array(Float64Array.from(values as ArrayLike<number>).buffer);
  if (dtype === 'bool') return Uint8Array.from(values as ArrayLike<number>, (v) => (v ? 1 : 0));
  const out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) out[i] = BigInt(values[i] as number | bigint);
  return new Uint8Array(out.buffer);
}
