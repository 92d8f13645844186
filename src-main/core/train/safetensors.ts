/**
 * @file The safetensors container, platform-free: encode named tensors plus string metadata into
 * the exact byte layout (u64 little-endian header length, JSON header padded with spaces to a
 * multiple of 8, tensor bytes in header order with no holes) and decode it back with validation.
 * It is the checkpoint format of the training engine and the timm export format, so files stay
 * readable by Python's `safetensors` without anything of ours. Float16 tensors travel as raw
 * bits in a Uint16Array (converted with `core/shared/float16`).
 */
import { concatBytes } from '../shared/bytes';

export type SafeDtype = 'F64' | 'F32' | 'F16' | 'I64' | 'I32' | 'U8' | 'BOOL';

/** The typed array each dtype is held in; F16 is raw bits, BOOL is one byte (0 or 1) per element. */
export interface SafeDataOf {
  F64: Float64Array;
  F32: Float32Array;
  F16: Uint16Array;
  I64: BigInt64Array;
  I32: Int32Array;
  U8: Uint8Array;
  BOOL: Uint8Array;
}
export type SafeData = SafeDataOf[SafeDtype];

export interface SafeTensor {
  dtype: SafeDtype;
  shape: readonly number[];
  data: SafeData;
}
export interface NamedTensor extends SafeTensor {
  name: string;
}
export interface SafetensorsFile {
  /** In the order of their data in the file (which is the order they were written in). */
  tensors: NamedTensor[];
  metadata: Record<string, string>;
}

const BYTES: Record<SafeDtype, number> = { F64: 8, F32: 4, F16: 2, I64: 8, I32: 4, U8: 1, BOOL: 1 };
const ARRAY: { [K in SafeDtype]: new (buffer: ArrayBuffer) => SafeDataOf[K] } = {
  F64: Float64Array,
  F32: Float32Array,
  F16: Uint16Array,
  I64: BigInt64Array,
  I32: Int32Array,
  U8: Uint8Array,
  BOOL: Uint8Array,
};
const METADATA_KEY = '__metadata__';
// The Rust reference implementation refuses headers over 100 MB; so do we, before JSON.parse.
const MAX_HEADER = 100_000_000;
// Typed arrays use the host byte order and safetensors is little-endian; every platform the
// studio ships on is little-endian, so say so loudly instead of byte-swapping silently.
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

function assertHost(): void {
  if (!HOST_LITTLE_ENDIAN) throw new SafetensorsError('safetensors needs a little-endian host');
}

function isDtype(value: unknown): value is SafeDtype {
  return typeof value === 'string' && Object.hasOwn(BYTES, value);
}

function elementCount(shape: readonly number[], where: string): number {
  let count = 1;
  for (const dim of shape) {
    if (!Number.isSafeInteger(dim) || dim < 0) throw new SafetensorsError(`${where}: bad dimension ${dim}`);
    count *= dim;
  }
  if (!Number.isSafeInteger(count)) throw new SafetensorsError(`${where}: shape too large`);
  return count;
}

function checkTensor(tensor: NamedTensor, seen: Set<string>): void {
  const where = `tensor '${tensor.name}'`;
  if (tensor.name.length === 0 || tensor.name === METADATA_KEY)
    throw new SafetensorsError(`bad name ${where}`);
  if (seen.has(tensor.name)) throw new SafetensorsError(`duplicate ${where}`);
  seen.add(tensor.name);
  if (!isDtype(tensor.dtype)) throw new SafetensorsError(`${where}: unknown dtype ${String(tensor.dtype)}`);
  if (!(tensor.data instanceof ARRAY[tensor.dtype])) {
    throw new SafetensorsError(`${where}: dtype ${tensor.dtype} needs a ${ARRAY[tensor.dtype].name}`);
  }
  const count = elementCount(tensor.shape, where);
  if (tensor.data.length !== count) {
    throw new SafetensorsError(
      `${where}: shape [${tensor.shape.join(', ')}] needs ${count} elements, got ${tensor.data.length}`,
    );
  }
}

function encodeHeader(tensors: readonly NamedTensor[], metadata: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) {
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== 'string') throw new SafetensorsError(`metadata '${key}' must be a string`);
    }
    header[METADATA_KEY] = metadata;
  }
  let offset = 0;
  for (const tensor of tensors) {
    const end = offset + tensor.data.byteLength;
    header[tensor.name] = { dtype: tensor.dtype, shape: [...tensor.shape], data_offsets: [offset, end] };
    offset = end;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  // Pad with spaces so the data starts 8-byte aligned (what the reference writer does).
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded).fill(0x20, 8 + json.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  return out;
}

/**
 * The file as a list of chunks: the prefix (length + header) and a byte view of every tensor,
 * without copying the tensor data, so large checkpoints can be streamed to disk.
 */
export function safetensorsChunks(
  tensors: readonly NamedTensor[],
  metadata: Record<string, string> = {},
): Uint8Array[] {
  assertHost();
  const seen = new Set<string>();
  for (const tensor of tensors) checkTensor(tensor, seen);
  const chunks = [encodeHeader(tensors, metadata)];
  for (const { data } of tensors) chunks.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return chunks;
}

/** The whole file in one buffer. */
export function encodeSafetensors(
  tensors: readonly NamedTensor[],
  metadata: Record<string, string> = {},
): Uint8Array {
  return concatBytes(safetensorsChunks(tensors, metadata));
}

interface Entry {
  name: string;
  dtype: SafeDtype;
  shape: number[];
  begin: number;
  end: number;
}

function readHeader(bytes: Uint8Array): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.byteLength < 8)
    throw new SafetensorsError(`truncated file: ${bytes.byteLength} bytes, no header length`);
  const length = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(MAX_HEADER)) throw new SafetensorsError(`header length ${length} is too large`);
  const size = Number(length);
  if (8 + size > bytes.byteLength) {
    throw new SafetensorsError(`truncated file: header needs ${size} bytes, ${bytes.byteLength - 8} left`);
  }
  let parsed: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + size));
    if (!text.startsWith('{')) throw new Error('it does not start with {');
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SafetensorsError(`bad header JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SafetensorsError('bad header JSON: not an object');
  }
  return { header: parsed as Record<string, unknown>, dataStart: 8 + size };
}

function readMetadata(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SafetensorsError('__metadata__ must be an object of strings');
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw new SafetensorsError(`__metadata__ '${key}' is not a string`);
    out[key] = item;
  }
  return out;
}

function readEntry(name: string, value: unknown): Entry {
  const where = `tensor '${name}'`;
  if (typeof value !== 'object' || value === null)
    throw new SafetensorsError(`${where}: entry is not an object`);
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (!isDtype(dtype)) throw new SafetensorsError(`${where}: unsupported dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every((dim) => typeof dim === 'number')) {
    throw new SafetensorsError(`${where}: shape must be an array of integers`);
  }
  const okOffsets =
    Array.isArray(offsets) && offsets.length === 2 && offsets.every((o) => Number.isSafeInteger(o) && o >= 0);
  if (!okOffsets) throw new SafetensorsError(`${where}: data_offsets must be two non-negative integers`);
  const [begin, end] = offsets as [number, number];
  if (end < begin) throw new SafetensorsError(`${where}: data_offsets [${begin}, ${end}] are reversed`);
  const expected = elementCount(shape as number[], where) * BYTES[dtype];
  if (end - begin !== expected) {
    throw new SafetensorsError(
      `${where}: ${dtype} [${shape.join(', ')}] needs ${expected} bytes, data_offsets span ${end - begin}`,
    );
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

/** The spec wants the data area fully covered, with no gaps and no overlaps. */
function checkCoverage(entries: readonly Entry[], dataLength: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const entry of sorted) {
    if (entry.end > dataLength) {
      throw new SafetensorsError(
        `tensor '${entry.name}': data_offsets end ${entry.end} is out of range (data is ${dataLength} bytes; truncated file?)`,
      );
    }
    if (entry.begin < at) throw new SafetensorsError(`tensor '${entry.name}' overlaps the previous tensor`);
    if (entry.begin > at) throw new SafetensorsError(`gap in the data before tensor '${entry.name}'`);
    at = entry.end;
  }
  if (at !== dataLength)
    throw new SafetensorsError(`${dataLength - at} trailing bytes after the last tensor`);
}

function copyOut(entry: Entry, bytes: Uint8Array, dataStart: number): SafeData {
  // Copy into a fresh buffer: the file's tensors need not be aligned for their typed array. Not
  // bytes.slice(): on a Node Buffer that is a view into a shared pool, not a copy.
  const copy = new Uint8Array(entry.end - entry.begin);
  copy.set(bytes.subarray(dataStart + entry.begin, dataStart + entry.end));
  const data = new ARRAY[entry.dtype](copy.buffer);
  if (entry.dtype === 'BOOL' && data.some((value) => value > 1)) {
    throw new SafetensorsError(`tensor '${entry.name}': BOOL values must be 0 or 1`);
  }
  return data;
}

/** Parse and validate a whole safetensors file; tensors come back in file-data order, copied. */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsFile {
  assertHost();
  const { header, dataStart } = readHeader(bytes);
  const metadata = readMetadata(header[METADATA_KEY]);
  const entries = Object.entries(header)
    .filter(([name]) => name !== METADATA_KEY)
    .map(([name, value]) => readEntry(name, value));
  checkCoverage(entries, bytes.byteLength - dataStart);
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  const tensors = entries.map((entry) => ({
    name: entry.name,
    dtype: entry.dtype,
    shape: entry.shape,
    data: copyOut(entry, bytes, dataStart),
  }));
  return { tensors, metadata };
}
