/**
 * @file float32 <-> float16 conversion, the one implementation for every place that holds
 * binary16 as raw bits in a Uint16Array: fp16-IO SD graphs (onnxruntime-node takes and returns
 * float16 tensors as Uint16Array bits; research note §5.4: Float16Array inputs fail with
 * onnxruntime-node 1.30 on Node 24), F16 safetensors tensors and float16 weights of exported ONNX
 * models. Round to nearest even, overflow to ±Inf, subnormals kept, NaN stays NaN (quiet). Works on
 * whole arrays through an integer view of the float32 bits (no per-element DataView), with optional
 * output buffers so the per-step feeds reuse memory.
 */

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** Rounds the low `shift` bits of `value` away, half to even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? kept + 1 : kept;
}

/** IEEE binary16 bits of the float32 whose bits are `bits` (as uint32 or int32). */
export function halfFromFloatBits(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200 | (mantissa >>> 13));
  const e = exponent - 112; // rebias 127 -> 15
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half: units of 2^-24; below half the smallest one rounds to (signed) zero.
    if (e < -10) return sign;
    return sign | roundShift(mantissa | 0x800000, 14 - e);
  }
  // A mantissa carry bumps the exponent, which is the right answer (up to Inf).
  return sign | ((e << 10) + roundShift(mantissa, 13));
}

/** IEEE binary16 bits of `value` (first rounded to float32, as a Float32Array would hold it). */
export function float32ToFloat16Bits(value: number): number {
  scratchF32[0] = value;
  return halfFromFloatBits(scratchU32[0]!);
}

/** The value of binary16 `bits` (exact in float32). */
export function float16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Float32Array -> float16 bits, into `out` when given (same length). */
export function toFloat16(values: Float32Array, out?: Uint16Array): Uint16Array {
  const target = out ?? new Uint16Array(values.length);
  if (target.length !== values.length) throw new RangeError('float16 output length mismatch');
  // Int32 view: V8 keeps the words as small integers (a uint32 above 2^31 would be a double).
  const bits = new Int32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < bits.length; i++) target[i] = halfFromFloatBits(bits[i]!);
  return target;
}

/** float16 bits -> Float32Array, into `out` when given (same length). */
export function fromFloat16(bits: Uint16Array, out?: Float32Array): Float32Array {
  const target = out ?? new Float32Array(bits.length);
  if (target.length !== bits.length) throw new RangeError('float32 output length mismatch');
  const values = halfTable();
  for (let i = 0; i < bits.length; i++) target[i] = values[bits[i]!]!;
  return target;
}

let table: Float32Array | null = null;

/** All 65536 half values, so decoding is one table read per element (256 KiB, built on first use). */
function halfTable(): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = float16BitsToNumber(h);
  }
  return table;
}
