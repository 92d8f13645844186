/**
 * @file float16 initializers for the encoder export. onnx/proto.ts's encodeModel knows the dtypes
 * the training graph uses (float32/float64/int64/bool), not float16, so the export appends its
 * float16 TensorProtos as a model fragment (proto.ts's modelFragment: a second `graph` field
 * holding only `initializer` entries, which ORT merges into the first graph). The values are
 * rounded with core/shared/float16 (round to nearest even), and a Cast node per tensor restores
 * float32 for compute.
 */
import { type NodeData, modelFragment, writeTensorProto } from '../onnx/proto';
import { toFloat16 } from '../shared/float16';

/** TensorProto.DataType FLOAT16 and Cast's `to` for FLOAT. */
const FLOAT16 = 10;
const FLOAT = 1;

export interface Float16Initializer {
  name: string;
  dims: readonly number[];
  /** IEEE binary16 bits. */
  bits: Uint16Array;
}

/** The ModelProto bytes to append to an encoded model so it also holds these initializers. */
export function float16GraphFragment(tensors: readonly Float16Initializer[]): Uint8Array {
  return modelFragment((graph) => {
    for (const t of tensors) {
      const raw = new Uint8Array(t.bits.buffer, t.bits.byteOffset, t.bits.byteLength);
      graph.message(5, (x) => writeTensorProto(x, t.name, t.dims, FLOAT16, raw)); // initializer
    }
  });
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
    initializer: { name: stored, dims, bits: toFloat16(data) },
    cast: { opType: 'Cast', inputs: [stored], outputs: [name], attrs: { to: FLOAT } },
  };
}
