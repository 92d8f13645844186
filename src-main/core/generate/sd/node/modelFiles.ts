/**
 * @file File-level facts about model graphs, read without loading them: the external-data files
 * a graph's initializers point at, the bytes on disk, and the folder's content hash.
 *
 * External data and input names: a protobuf walk over ModelProto -> graph (7) -> initializer (5) ->
 * external_data (13: location), and graph -> input (11) -> name, that reads field headers with
 * positional reads and skips every payload (raw_data, nodes), so a 2 GB graph costs a few kilobytes
 * of IO per initializer, not a full read.
 *
 * Hash ("head-tail sha256"): sha256 over, for each hashed file in a fixed order, its label (role and
 * file name, not the absolute path, so a moved folder keeps its hash), its size in bytes, its first
 * MiB and its last MiB (the whole file when it is at most 2 MiB). Multi-GB folders hash in
 * milliseconds; it identifies a model folder for the catalog and is not a full-content checksum.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';

/** Positional reader over a file with a small window, for walking protobuf headers. */
class FileWindow {
  private buf = Buffer.alloc(0);
  private start = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  byte(pos: number): number {
    if (pos < this.start || pos >= this.start + this.buf.length) {
      this.buf = Buffer.alloc(Math.min(4096, this.size - pos));
      readSync(this.fd, this.buf, 0, this.buf.length, pos);
      this.start = pos;
    }
    return this.buf[pos - this.start]!;
  }

  bytes(pos: number, length: number): Buffer {
    const out = Buffer.alloc(length);
    readSync(this.fd, out, 0, length, pos);
    return out;
  }

  /** A varint at pos: [value, next position]. Plain arithmetic: lengths can exceed 32 bits. */
  varint(pos: number): [number, number] {
    let value = 0;
    let scale = 1;
    for (let p = pos; p < this.size && p < pos + 10; p++) {
      const b = this.byte(p);
      value += (b & 0x7f) * scale;
      scale *= 128;
      if (b < 0x80) return [value, p + 1];
    }
    throw new Error('malformed protobuf varint');
  }
}

interface Field {
  field: number;
  wire: number;
  /** Start and end of a length-delimited payload, or the varint's value. */
  start: number;
  end: number;
  value: number;
}

/** Iterates the fields in [start, end) without reading payloads. */
function* fields(w: FileWindow, start: number, end: number): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const [tag, afterTag] = w.varint(pos);
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (wire === 0) {
      const [value, next] = w.varint(afterTag);
      yield { field, wire, start: afterTag, end: next, value };
      pos = next;
    } else if (wire === 2) {
      const [length, payload] = w.varint(afterTag);
      if (payload + length > end) throw new Error('malformed protobuf: field runs past its message');
      yield { field, wire, start: payload, end: payload + length, value: length };
      pos = payload + length;
    } else if (wire === 1 || wire === 5) {
      pos = afterTag + (wire === 1 ? 8 : 4);
    } else {
      throw new Error(`malformed protobuf: wire type ${wire}`);
    }
  }
}

export interface ExternalRef {
  /** The initializer that lives outside the graph file. */
  tensor: string;
  /** Its data file, relative to the graph's folder. */
  location: string;
}

function externalRefOf(w: FileWindow, start: number, end: number): ExternalRef | null {
  let name = '';
  let location: string | null = null;
  for (const f of fields(w, start, end)) {
    if (f.field === 8 && f.wire === 2) name = w.bytes(f.start, f.value).toString('utf8');
    if (f.field !== 13 || f.wire !== 2) continue;
    let key = '';
    let value = '';
    for (const e of fields(w, f.start, f.end)) {
      if (e.wire !== 2) continue;
      const text = w.bytes(e.start, e.value).toString('utf8');
      if (e.field === 1) key = text;
      if (e.field === 2) value = text;
    }
    if (key === 'location') location = value;
  }
  return location === null ? null : { tensor: name, location };
}

export interface GraphFacts {
  /** Initializers that point at an external data file (empty when weights are inline). */
  externals: ExternalRef[];
  /** Graph input names in declared order (old IR versions also list initializers here). */
  inputNames: string[];
}

/** External-data references and input names, read from the protobuf headers without loading the graph. */
export function readGraphFacts(file: string): GraphFacts {
  const fd = openSync(file, 'r');
  try {
    const w = new FileWindow(fd, statSync(file).size);
    const facts: GraphFacts = { externals: [], inputNames: [] };
    for (const top of fields(w, 0, w.size)) {
      if (top.field !== 7 || top.wire !== 2) continue;
      for (const g of fields(w, top.start, top.end)) {
        if (g.wire !== 2) continue;
        if (g.field === 5) {
          const ref = externalRefOf(w, g.start, g.end);
          if (ref) facts.externals.push(ref);
        } else if (g.field === 11) {
          for (const v of fields(w, g.start, g.end))
            if (v.field === 1 && v.wire === 2)
              facts.inputNames.push(w.bytes(v.start, v.value).toString('utf8'));
        }
      }
    }
    return facts;
  } finally {
    closeSync(fd);
  }
}

export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

const MIB = 1 << 20;

export interface HashedFile {
  /** Role and name, e.g. 'unet/model.onnx_data' (not the absolute path). */
  label: string;
  path: string;
}

/** The head-tail sha256 described in the file header, as lowercase hex. */
export function hashModelFiles(files: readonly HashedFile[]): string {
  const hash = createHash('sha256');
  for (const f of files) {
    if (!existsSync(f.path)) continue;
    const size = statSync(f.path).size;
    hash.update(`${f.label}\0${size}\0`);
    const fd = openSync(f.path, 'r');
    try {
      const headLength = Math.min(size, MIB);
      const head = Buffer.alloc(headLength);
      readSync(fd, head, 0, headLength, 0);
      hash.update(head);
      const tailStart = Math.max(headLength, size - MIB);
      const tail = Buffer.alloc(size - tailStart);
      readSync(fd, tail, 0, tail.length, tailStart);
      hash.update(tail);
    } finally {
      closeSync(fd);
    }
  }
  return hash.digest('hex');
}
