/**
 * @file Encodes the tiny SD test graphs with the project's own ONNX writer (src-main/core/onnx/proto.ts)
 * plus what that writer does not know: graph inputs/outputs of any dtype (int32, float16),
 * initializers stored as external data (`model.onnx_data`, `weights.pb`, `model.onnx.data`) and
 * opset imports of other domains (com.microsoft). Like train/exportFp16.ts, the extras are a
 * ModelProto fragment (proto.ts's modelFragment) appended to encodeModel's bytes, which ORT merges
 * into one graph.
 * encodeModel gets no graph inputs/outputs at all, so their order is exactly the fragment's.
 */
import {
  encodeModel,
  modelFragment,
  rawBytes,
  writeValueInfo,
  type NodeData,
  type ProtoWriter,
  type TensorData,
} from '../../../src-main/core/onnx/proto';
import { concatBytes } from '../../../src-main/core/shared/bytes';

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

/** A float32 weight stored in the external data file `file` at `offset`. */
interface ExternalWeight {
  name: string;
  dims: readonly number[];
  file: string;
  offset: number;
  length: number;
}

/** TensorProto pointing at external data: external_data(13) entries and data_location(14) = EXTERNAL. */
function writeExternalTensor(w: ProtoWriter, t: ExternalWeight): void {
  for (const d of t.dims) w.int(1, d);
  w.int(2, ONNX_DTYPE.float32);
  w.string(8, t.name);
  const entries = { location: t.file, offset: String(t.offset), length: String(t.length) };
  for (const [key, value] of Object.entries(entries))
    w.message(13, (entry) => {
      entry.string(1, key);
      entry.string(2, value);
    });
  w.int(14, 1);
}

/** Encodes the graph; with `externalFile`, float weights live in that file (relative to the model). */
export function encodeGraph(spec: GraphSpec, name: string, externalFile: string | null = null): EncodedGraph {
  const inline: TensorData[] = [...spec.constants];
  const external: ExternalWeight[] = [];
  const externalParts: Uint8Array[] = [];
  let offset = 0;
  for (const w of spec.weights) {
    const raw = rawBytes('float32', w.data);
    if (externalFile === null) {
      inline.push({ name: w.name, dtype: 'float32', dims: w.dims, raw });
      continue;
    }
    external.push({ name: w.name, dims: w.dims, file: externalFile, offset, length: raw.length });
    externalParts.push(raw);
    offset += raw.length;
  }
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
  const fragment = modelFragment(
    (graph) => {
      for (const t of external) graph.message(5, (x) => writeExternalTensor(x, t));
      for (const io of spec.inputs)
        graph.message(11, (x) => writeValueInfo(x, io.name, ONNX_DTYPE[io.dtype], io.dims));
      for (const io of spec.outputs)
        graph.message(12, (x) => writeValueInfo(x, io.name, ONNX_DTYPE[io.dtype], io.dims));
    },
    (model) => {
      for (const d of spec.domains ?? [])
        model.message(8, (opset) => {
          opset.string(1, d.domain);
          opset.int(2, d.version);
        });
    },
  );
  return {
    model: concatBytes([base, fragment]),
    external: externalFile === null ? null : concatBytes(externalParts),
  };
}
