/**
 * @file float16 initializers for the encoder export. onnx/proto.ts's writer knows the dtypes the
 * training graph uses (float32/float64/int64/bool), not float16, so the export appends its
 * float16 TensorProtos itself: as a second `graph` field (ModelProto field 7) holding only
 * `initializer` entries (GraphProto field 5). Protobuf parsers merge repeated occurrences of an
 * embedded message field (MergeFrom semantics) and concatenate its repeated fields, so ORT reads
 * one graph with all initializers. The values are rounded with safetensors.ts's float32 -> float16
 * conversion (round to nearest even), and a Cast node per tensor restores float32 for compute.
 */
import type { NodeData } from '../onnx/proto';
import { float32ArrayToFloat16 } from './safetensors';

/** TensorProto.DataType FLOAT16 and Cast's `to` for FLOAT. */
const FLOAT16 = 10;
const FLOAT = 1;

export interface Float16Initializer {
  name: string;
  dims: readonly number[];
  /** IEEE binary16 bits. */
  bits: Uint16Array;
}

function varint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** Field `field` with wire type 2 (length-delimited) around `payload`. */
function delimited(field: number, payload: readonly Uint8Array[]): Uint8Array[] {
  const head: number[] = [];
  varint(head, (field << 3) | 2);
  varint(
    head,
    payload.reduce((n, p) => n + p.length, 0),
  );
  return [Uint8Array.from(head), ...payload];
}

function tensorProto(t: Float16Initializer): Uint8Array[] {
  const scalars: number[] = [];
  for (const d of t.dims) {
    varint(scalars, (1 << 3) | 0); // dims
    varint(scalars, d);
  }
  varint(scalars, (2 << 3) | 0); // data_type
  varint(scalars, FLOAT16);
  return [
    Uint8Array.from(scalars),
    ...delimited(8, [new TextEncoder().encode(t.name)]), // name
    ...delimited(9, [new Uint8Array(t.bits.buffer, t.bits.byteOffset, t.bits.byteLength)]), // raw_data
  ];
}

/** The ModelProto bytes to append to an encoded model so it also holds these initializers. */
export function float16GraphFragment(tensors: readonly Float16Initializer[]): Uint8Array {
  const initializers = tensors.flatMap((t) => delimited(5, tensorProto(t)));
  const parts = delimited(7, initializers);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * A float16 copy of `name` stored as `<name>::f16` and the Cast node that turns it back into a
 * float32 value called `name`, so the rest of the graph is unchanged.
 */
export function float16Weight(
  name: string,
  dims: readonly number[],
  data: Float32Array,
): { initializer: Float16Initializer; cast: NodeData } {
  const stored = `${name}::f16`;
  return {
    initializer: { name: stored, dims, bits: float32ArrayToFloat16(data) },
    cast: { opType: 'Cast', inputs: [stored], outputs: [name], attrs: { to: FLOAT } },
  };
}
