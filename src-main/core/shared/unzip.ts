/**
 * @file Platform-free streaming ZIP reader: walks the local file headers in order and yields
 * each entry's bytes (stored, or deflated via the standard DecompressionStream), checking CRC-32.
 * It needs the sizes in the local headers, as our own store-only exports and most zip tools
 * write them; archives that defer sizes to data descriptors are refused. One entry is held at a
 * time, so memory stays bounded by the largest entry.
 */
import { crc32 } from './zip';

export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

export type UnzippedEntry = { name: string; data: Uint8Array; bytesRead: number };

/** True when the bytes start like a ZIP archive (a local file header). */
export function looksLikeZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** Pulls exact byte counts out of an async chunk stream. */
class ByteQueue {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  consumed = 0;
  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }
  /** Ensure n bytes are buffered; false at the end of the stream. */
  async fill(n: number): Promise<boolean> {
    while (this.buffered < n) {
      const next = await this.iterator.next();
      if (next.done) return false;
      this.chunks.push(next.value);
      this.buffered += next.value.length;
    }
    return true;
  }
  async take(n: number): Promise<Uint8Array> {
    if (!(await this.fill(n)))
      throw new ZipFormatError(`unexpected end of the archive at byte ${this.consumed}`);
    const out = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      const head = this.chunks[0]!;
      const part = Math.min(head.length, n - at);
      out.set(head.subarray(0, part), at);
      at += part;
      if (part === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(part);
    }
    this.buffered -= n;
    this.consumed += n;
    return out;
  }
  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

async function inflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const input = new Blob([data as Uint8Array<ArrayBuffer>]).stream();
  const stream = input.pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Sizes from a ZIP64 extra field when the header says 0xFFFFFFFF. */
function zip64Sizes(extra: DataView, size: number, csize: number): { size: number; csize: number } {
  for (let at = 0; at + 4 <= extra.byteLength;) {
    const id = extra.getUint16(at, true);
    const length = extra.getUint16(at + 2, true);
    if (id === 0x0001) {
      let field = at + 4;
      const next = () => {
        const value = Number(extra.getBigUint64(field, true));
        field += 8;
        return value;
      };
      return { size: size === 0xffffffff ? next() : size, csize: csize === 0xffffffff ? next() : csize };
    }
    at += 4 + length;
  }
  return { size, csize };
}

type LocalHeader = { name: string; method: number; crc: number; size: number; csize: number };

async function readLocalHeader(queue: ByteQueue, at: number): Promise<LocalHeader> {
  const fixed = await queue.take(26);
  const view = new DataView(fixed.buffer);
  const flags = view.getUint16(2, true);
  const method = view.getUint16(4, true);
  const crc = view.getUint32(10, true);
  const name = new TextDecoder().decode(await queue.take(view.getUint16(22, true)));
  const extra = await queue.take(view.getUint16(24, true));
  const sizes = zip64Sizes(new DataView(extra.buffer), view.getUint32(18, true), view.getUint32(14, true));
  if (flags & 0x0001) throw new ZipFormatError(`entry ${name} is encrypted`);
  if (flags & 0x0008 && sizes.csize === 0 && crc === 0) {
    throw new ZipFormatError(
      `entry ${name} (byte ${at}) keeps its sizes in a data descriptor, which is not supported`,
    );
  }
  if (method !== 0 && method !== 8)
    throw new ZipFormatError(`entry ${name} uses compression method ${method}`);
  return { name, method, crc, ...sizes };
}

/**
 * Yield the archive's file entries in order (folders skipped). Stops at the central directory.
 * Entries larger than `maxEntryBytes` are refused.
 */
export async function* unzipEntries(
  source: AsyncIterable<Uint8Array>,
  maxEntryBytes = 256 * 1024 * 1024,
): AsyncGenerator<UnzippedEntry> {
  const queue = new ByteQueue(source);
  try {
    for (;;) {
      const at = queue.consumed;
      if (!(await queue.fill(4))) throw new ZipFormatError('archive ends without a central directory');
      const signature = new DataView((await queue.take(4)).buffer).getUint32(0, true);
      if (signature === 0x02014b50 || signature === 0x06054b50) return;
      if (signature !== 0x04034b50) throw new ZipFormatError(`unexpected bytes at ${at} (not a zip entry)`);
      const header = await readLocalHeader(queue, at);
      if (header.csize > maxEntryBytes || header.size > maxEntryBytes) {
        throw new ZipFormatError(`entry ${header.name} is larger than ${maxEntryBytes} bytes`);
      }
      const stored = await queue.take(header.csize);
      if (header.name.endsWith('/')) continue;
      const data = header.method === 8 ? await inflateRaw(stored) : stored;
      if (data.length !== header.size || crc32(data) !== header.crc) {
        throw new ZipFormatError(`entry ${header.name} is damaged (size or CRC-32 mismatch)`);
      }
      yield { name: header.name, data, bytesRead: queue.consumed };
    }
  } finally {
    await queue.close();
  }
}
