/**
 * @file onnxruntime-node tensors for the SD graphs, built from what the graphs declare
 * (research/sd-controlnet-onnx.md §0.1, §1.2-§1.4, §5.4) rather than from what one exporter does:
 * token ids as int32 or int64; the timestep as a scalar or [1], in float32 / float16 / float64 /
 * int64 / int32 (fractional Euler-A timesteps rounded for integer inputs); float tensors in float32
 * (wrapping the caller's buffer, no copy) or float16 (converted into a reused buffer);
 * `conditioning_scale` as float64 [1] or a float scalar; outputs read back as float32 whatever the
 * graph's dtype. Also the Float16Array workaround: onnxruntime-node 1.30 rejects float16 inputs
 * whenever `globalThis.Float16Array` exists (Node 24+, Electron), unless its tensor type table was
 * built while Float16Array was hidden.
 */
import * as ort from 'onnxruntime-node';
import type { TensorInfo } from '../../../../contract';
import { float32ToFloat16Bits, fromFloat16, toFloat16 } from '../../../shared/float16';

type GlobalWithF16 = { Float16Array?: unknown };

let float16Checked = false;
let float16Usable = true;

/**
 * Makes onnxruntime-common build its dtype table (once per thread, lazily, at the first Tensor)
 * without Float16Array, so float16 tensors hold Uint16Array bits (§5.4); Float16Array itself is put
 * back at once. Returns whether float16 inputs work in this thread (false when some other code made
 * a Tensor first, while Float16Array was visible).
 */
export function ensureFloat16Tensors(): boolean {
  if (float16Checked) return float16Usable;
  float16Checked = true;
  const g = globalThis as GlobalWithF16;
  const saved = Object.getOwnPropertyDescriptor(g, 'Float16Array');
  if (saved) delete g.Float16Array;
  try {
    float16Usable = new ort.Tensor('float16', new Uint16Array(1), [1]).data instanceof Uint16Array;
  } finally {
    if (saved) Object.defineProperty(g, 'Float16Array', saved);
  }
  return float16Usable;
}

/** A clear error for a float16 graph in a thread where onnxruntime-node cannot take float16 inputs. */
export function checkFloat16Inputs(file: string): void {
  if (ensureFloat16Tensors()) return;
  throw new Error(
    `${file} takes float16 inputs, which onnxruntime-node 1.30 rejects in this process (Float16Array exists ` +
      'and a tensor was made before the workaround could run); use a model with float32 inputs and outputs, or Node 20/22',
  );
}

export type FloatDtype = 'float32' | 'float16';

export function floatDtypeOf(info: TensorInfo): FloatDtype {
  if (info.dtype === 'float32' || info.dtype === 'float16') return info.dtype;
  throw new Error(`${info.name} is ${info.dtype}; expected float32 or float16`);
}

/**
 * A float input fed again and again (the step's sample, residual zeros): float32 wraps the values as
 * they are; float16 converts into a buffer kept between calls (reallocated only when the size changes).
 */
export class FloatFeed {
  #bits = new Uint16Array(0);
  constructor(readonly dtype: FloatDtype) {}

  tensor(values: Float32Array, dims: readonly number[]): ort.Tensor {
    if (this.dtype === 'float32') return new ort.Tensor('float32', values, dims);
    if (this.#bits.length !== values.length) this.#bits = new Uint16Array(values.length);
    return new ort.Tensor('float16', toFloat16(values, this.#bits), dims);
  }
}

/** A one-off float tensor (text embeddings, the control image, the decoder input). */
export function floatTensor(dtype: FloatDtype, values: Float32Array, dims: readonly number[]): ort.Tensor {
  return new FloatFeed(dtype).tensor(values, dims);
}

/** `input_ids` [batch, sequence] as the graph's int32 or int64. */
export function idsTensor(info: TensorInfo, ids: Int32Array, dims: readonly number[]): ort.Tensor {
  if (info.dtype === 'int32') return new ort.Tensor('int32', ids, dims);
  if (info.dtype === 'int64')
    return new ort.Tensor(
      'int64',
      BigInt64Array.from(ids, (v) => BigInt(v)),
      dims,
    );
  throw new Error(`${info.name} is ${info.dtype}; token ids must be int32 or int64`);
}

/** A scalar (rank 0) or [n] tensor (n = the declared size when numeric, else 1) filled with `value`. */
function scalarLike(info: TensorInfo, value: number, round: boolean): ort.Tensor {
  const declared = info.shape[0];
  const n = info.shape.length === 0 ? 1 : typeof declared === 'number' && declared > 0 ? declared : 1;
  const dims = info.shape.length === 0 ? [] : [n];
  const integer = round ? Math.round(value) : value;
  switch (info.dtype) {
    case 'float32':
      return new ort.Tensor('float32', new Float32Array(n).fill(value), dims);
    case 'float16':
      return new ort.Tensor('float16', new Uint16Array(n).fill(float32ToFloat16Bits(value)), dims);
    case 'float64':
      return new ort.Tensor('float64', new Float64Array(n).fill(value), dims);
    case 'int64':
      return new ort.Tensor('int64', new BigInt64Array(n).fill(BigInt(integer)), dims);
    case 'int32':
      return new ort.Tensor('int32', new Int32Array(n).fill(integer), dims);
    default:
      throw new Error(`${info.name} is ${info.dtype}; no feed for that type`);
  }
}

/**
 * The timestep as the graph declares it: rank 0, or [1] / [batch] (one value broadcast over the
 * batch, as the diffusers ONNX pipeline and OnnxStack feed it). Integer inputs get it rounded
 * (Euler-A's linspace timesteps are fractional).
 */
export function timestepTensor(info: TensorInfo, timestep: number): ort.Tensor {
  if (info.shape.length > 1) throw new Error(`${info.name} has rank ${info.shape.length}; expected 0 or 1`);
  return scalarLike(info, timestep, true);
}

/** `conditioning_scale`: float64 [1] (OnnxStack, Axodox), a float32 scalar, or float16. */
export function scaleTensor(info: TensorInfo, scale: number): ort.Tensor {
  return scalarLike(info, scale, false);
}

/** float16 data as raw bits, whichever array type the binding handed back. */
function halfBits(data: unknown): Uint16Array {
  if (data instanceof Uint16Array) return data;
  const view = data as { buffer: ArrayBufferLike; byteOffset: number; length: number };
  return new Uint16Array(view.buffer, view.byteOffset, view.length);
}

/** An output as float32: float32 data as it is (no copy unless `out` is given), float16 decoded. */
export function readFloat(tensor: ort.Tensor, out?: Float32Array): Float32Array {
  if (tensor.type === 'float32') {
    const data = tensor.data as Float32Array;
    if (!out) return data;
    out.set(data);
    return out;
  }
  if (tensor.type === 'float16') return fromFloat16(halfBits(tensor.data), out);
  throw new Error(`output is ${tensor.type}; expected float32 or float16`);
}

/**
 * Multiplies a residual by the conditioning scale in place (ControlNets without a
 * conditioning_scale input, §2.7). float16 goes through float32 and back.
 */
export function scaleFloatTensor(tensor: ort.Tensor, scale: number): void {
  if (scale === 1) return;
  if (tensor.type === 'float32') {
    const data = tensor.data as Float32Array;
    for (let i = 0; i < data.length; i++) data[i] = data[i]! * scale;
    return;
  }
  const bits = halfBits(tensor.data);
  const values = fromFloat16(bits);
  for (let i = 0; i < values.length; i++) values[i] = values[i]! * scale;
  toFloat16(values, bits);
}

/** The tensor in another float dtype (a residual whose producer and consumer disagree). */
export function convertFloatTensor(tensor: ort.Tensor, dtype: FloatDtype): ort.Tensor {
  if (tensor.type === dtype) return tensor;
  return floatTensor(dtype, readFloat(tensor), tensor.dims);
}
