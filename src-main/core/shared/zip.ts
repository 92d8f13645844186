/**
 * @file Platform-free ZIP: a streaming store-only writer (CRC-32, local headers, central
 * directory, ZIP64 end records when there are more than 65,535 entries or offsets past 4 GiB),
 * used for multi-file OpenPose exports, and a streaming reader for the same kind of archive
 * (stored or deflated entries whose sizes are in the local header), used to import them again.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE, as ZIP and PNG use it), optionally continuing from an earlier value. */
export function crc32(data: Uint8Array, previous = 0): number {
  let crc = ~previous >>> 0;
  for (let i = 0; i < data.length; i += 1) crc = CRC_TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

export type ZipEntry = { name: string; data: Uint8Array | string };

type CentralRecord = { name: Uint8Array; crc: number; size: number; offset: number };

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_LOCATOR64 = 0x07064b50;
const FLAG_UTF8 = 0x0800;
const MAX16 = 0xffff;
/** External attributes: a regular file, rw-r--r-- (Unix mode in the high 16 bits). */
const UNIX_FILE_MODE = 0o100644 * 0x10000;
const MAX32 = 0xffffffff;
/** Output is gathered into blocks of about this size so the consumer makes few writes. */
const BLOCK = 256 * 1024;

function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

class ByteWriter {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private at = 0;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u16(value: number): this {
    this.view.setUint16(this.at, value, true);
    this.at += 2;
    return this;
  }
  u32(value: number): this {
    this.view.setUint32(this.at, value >>> 0, true);
    this.at += 4;
    return this;
  }
  u64(value: number): this {
    this.view.setBigUint64(this.at, BigInt(value), true);
    this.at += 8;
    return this;
  }
  raw(data: Uint8Array): this {
    this.bytes.set(data, this.at);
    this.at += data.length;
    return this;
  }
}

function localHeader(record: CentralRecord, stamp: { time: number; date: number }): Uint8Array {
  return new ByteWriter(30 + record.name.length)
    .u32(SIG_LOCAL)
    .u16(20)
    .u16(FLAG_UTF8)
    .u16(0)
    .u16(stamp.time)
    .u16(stamp.date)
    .u32(record.crc)
    .u32(record.size)
    .u32(record.size)
    .u16(record.name.length)
    .u16(0)
    .raw(record.name).bytes;
}

function centralHeader(record: CentralRecord, stamp: { time: number; date: number }): Uint8Array {
  const zip64 = record.offset >= MAX32;
  const w = new ByteWriter(46 + record.name.length + (zip64 ? 12 : 0))
    .u32(SIG_CENTRAL)
    // Made by Unix (3): unzip then takes the UTF-8 flag at its word instead of assuming CP437.
    .u16((3 << 8) | (zip64 ? 45 : 20))
    .u16(zip64 ? 45 : 20)
    .u16(FLAG_UTF8)
    .u16(0)
    .u16(stamp.time)
    .u16(stamp.date)
    .u32(record.crc)
    .u32(record.size)
    .u32(record.size)
    .u16(record.name.length)
    .u16(zip64 ? 12 : 0)
    .u16(0)
    .u16(0)
    .u16(0)
    .u32(UNIX_FILE_MODE)
    .u32(zip64 ? MAX32 : record.offset)
    .raw(record.name);
  if (zip64) w.u16(0x0001).u16(8).u64(record.offset);
  return w.bytes;
}

function endRecords(count: number, cdOffset: number, cdSize: number): Uint8Array {
  const zip64 = count > MAX16 || cdOffset >= MAX32 || cdSize >= MAX32;
  const end = new ByteWriter(22)
    .u32(SIG_END)
    .u16(0)
    .u16(0)
    .u16(zip64 ? MAX16 : count)
    .u16(zip64 ? MAX16 : count)
    .u32(zip64 ? MAX32 : cdSize)
    .u32(zip64 ? MAX32 : cdOffset)
    .u16(0).bytes;
  if (!zip64) return end;
  const end64 = new ByteWriter(56 + 20)
    .u32(SIG_END64)
    .u64(44)
    .u16(45)
    .u16(45)
    .u32(0)
    .u32(0)
    .u64(count)
    .u64(count)
    .u64(cdSize)
    .u64(cdOffset)
    .u32(SIG_LOCATOR64)
    .u32(0)
    .u64(cdOffset + cdSize)
    .u32(1).bytes;
  const all = new Uint8Array(end64.length + end.length);
  all.set(end64);
  all.set(end, end64.length);
  return all;
}

/** Gathers small pieces into blocks of about BLOCK bytes. */
class Blocks {
  private parts: Uint8Array[] = [];
  private size = 0;
  add(part: Uint8Array): Uint8Array | null {
    this.parts.push(part);
    this.size += part.length;
    return this.size >= BLOCK ? this.take() : null;
  }
  take(): Uint8Array | null {
    if (this.size === 0) return null;
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    this.parts = [];
    this.size = 0;
    return out;
  }
}

/**
 * Stream a store-only ZIP of `entries` (UTF-8 names; strings are written as UTF-8). Holds one
 * entry at a time plus a small central-directory record per entry.
 */
export function* zipStore(entries: Iterable<ZipEntry>, modified: Date = new Date()): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  const stamp = dosDateTime(modified);
  const records: CentralRecord[] = [];
  const blocks = new Blocks();
  let offset = 0;
  const emit = function* (part: Uint8Array): Generator<Uint8Array> {
    offset += part.length;
    const block = blocks.add(part);
    if (block) yield block;
  };
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? encoder.encode(entry.data) : entry.data;
    if (data.length >= MAX32)
      throw new Error(`zip entry ${entry.name} is too large for a store-only archive`);
    const record = { name: encoder.encode(entry.name), crc: crc32(data), size: data.length, offset };
    records.push(record);
    yield* emit(localHeader(record, stamp));
    yield* emit(data);
  }
  const cdOffset = offset;
  for (const record of records) yield* emit(centralHeader(record, stamp));
  yield* emit(endRecords(records.length, cdOffset, offset - cdOffset));
  const last = blocks.take();
  if (last) yield last;
}
