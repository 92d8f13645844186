/**
 * @file Streaming reader for very large JSON files (a COCO train2017 file is ~250 MB) in bounded
 * memory. It scans the bytes for the top-level structure only (tracking strings and escapes) and
 * hands every value it is asked for to the engine's own JSON.parse: a top-level object's members
 * as whole values, or, for array members the caller selects (e.g. `annotations`), one element at
 * a time; a top-level array's elements one at a time. Cuts fall only on ASCII structural bytes,
 * so multi-byte UTF-8 characters are never split. Consecutive elements inside one chunk are
 * decoded and parsed in a single call, which is what makes it fast.
 */

import {
  CLASS,
  COLON,
  COMMA,
  CONTAINER,
  LBRACE,
  LBRACKET,
  QUOTE,
  RBRACE,
  RBRACKET,
  SCALAR,
  SCALAR_START,
  STRING,
  ValueScan,
} from './jsonScan';

/** How the value of a top-level object member is delivered. */
export type MemberMode = 'value' | 'elements' | 'skip';

export type JsonEvent =
  /** A top-level member's key was read; its value follows. */
  | { type: 'key'; key: string; offset: number }
  /** A whole member value ('value' mode, or 'elements' mode when the value is not an array). */
  | { type: 'value'; key: string; value: unknown; offset: number }
  | { type: 'arrayStart'; key: string | null; offset: number }
  /** One element of the root array (key null) or of a selected member array. */
  | { type: 'element'; key: string | null; index: number; value: unknown; offset: number }
  | { type: 'arrayEnd'; key: string | null; count: number; offset: number }
  | { type: 'end'; root: 'object' | 'array' };

export type JsonStreamOptions = {
  /** Mode for each top-level member, asked when its key is read. Default: 'value'. */
  select?: (key: string) => MemberMode;
  /** Largest single value or element held in memory, in bytes. Default 64 MiB. */
  maxValueBytes?: number;
};

/** A syntax error, with the byte offset where it was found. */
export class JsonSyntaxError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} at byte ${offset}`);
    this.name = 'JsonSyntaxError';
    this.offset = offset;
  }
}

// Parser states (the top-level skeleton).
const START = 0;
const OBJ_FIRST = 1;
const OBJ_NEXT = 2;
const KEY = 3;
const AFTER_KEY = 4;
const MEMBER_VALUE = 5;
const IN_VALUE = 6;
const AFTER_MEMBER = 7;
const ARR_FIRST = 8;
const ARR_NEXT = 9;
const AFTER_ELEM = 10;
const DONE = 11;

/**
 * Incremental scanner: feed chunks in order, then call finish(). Each call returns the events
 * completed by that chunk. Exposed for tests; most callers use streamJson().
 */
export class JsonScanner {
  private readonly select: (key: string) => MemberMode;
  private readonly maxValueBytes: number;
  private readonly decoder = new TextDecoder();
  private state = START;
  private base = 0;
  private root: 'object' | 'array' = 'object';
  private key = '';
  private arrayKey: string | null = null;
  private index = 0;
  // Value being scanned.
  private readonly scan = new ValueScan();
  private kind = 0;
  private capture = false;
  private toElement = false;
  private valueStart = 0;
  private pieces: Uint8Array[] = [];
  private pieceBytes = 0;
  // Run of complete elements inside the current chunk, parsed together.
  private runStart = -1;
  private runEnd = -1;
  private runBounds: number[] = [];

  constructor(options: JsonStreamOptions = {}) {
    this.select = options.select ?? (() => 'value');
    this.maxValueBytes = options.maxValueBytes ?? 64 * 1024 * 1024;
  }

  /** Bytes consumed so far. */
  get bytesRead(): number {
    return this.base;
  }

  feed(buf: Uint8Array): JsonEvent[] {
    const events: JsonEvent[] = [];
    const n = buf.length;
    let i = 0;
    while (i < n) {
      const state = this.state;
      if (state === IN_VALUE) i = this.continueValue(buf, i, events);
      else if (state === KEY) i = this.continueKey(buf, i, events);
      else if (CLASS[buf[i]!] === 1) i += 1;
      else i = this.structural(buf, i, events);
    }
    this.flushRun(buf, events);
    if ((this.state === IN_VALUE && this.capture) || this.state === KEY) {
      this.keepPiece(buf.subarray(Math.max(this.valueStart - this.base, 0)));
    }
    this.base += n;
    return events;
  }

  finish(): JsonEvent[] {
    if (this.state !== DONE) throw new JsonSyntaxError('unexpected end of data', this.base);
    return [];
  }

  private fail(message: string, at: number): never {
    throw new JsonSyntaxError(message, this.base + at);
  }

  /** One structural byte outside any value (whitespace already skipped). Returns the next index. */
  private structural(buf: Uint8Array, i: number, events: JsonEvent[]): number {
    const c = buf[i]!;
    switch (this.state) {
      case START:
        if (c === 0xef || c === 0xbb || c === 0xbf) return i + 1; // a UTF-8 byte order mark
        if (c === LBRACE) this.state = OBJ_FIRST;
        else if (c === LBRACKET) {
          this.root = 'array';
          this.openArray(null, i, events);
        } else this.fail('expected a JSON object or array', i);
        return i + 1;
      case OBJ_FIRST:
      case OBJ_NEXT:
        if (c === QUOTE) {
          this.state = KEY;
          this.beginValue(i, STRING, true, false);
          return i + 1;
        }
        if (c === RBRACE && this.state === OBJ_FIRST) return this.close(i, events);
        return this.fail(this.state === OBJ_FIRST ? 'expected a key or }' : 'expected a key', i);
      case AFTER_KEY:
        if (c !== COLON) this.fail('expected :', i);
        this.state = MEMBER_VALUE;
        return i + 1;
      case MEMBER_VALUE:
        return this.memberValue(buf, i, events);
      case AFTER_MEMBER:
        if (c === COMMA) this.state = OBJ_NEXT;
        else if (c === RBRACE) return this.close(i, events);
        else this.fail('expected , or }', i);
        return i + 1;
      case ARR_FIRST:
      case ARR_NEXT:
        if (c === RBRACKET && this.state === ARR_FIRST) return this.closeArray(buf, i, events);
        this.toElementValue(buf, i);
        return this.continueValue(buf, i + (this.kind === SCALAR ? 0 : 1), events);
      case AFTER_ELEM:
        if (c === COMMA) this.state = ARR_NEXT;
        else if (c === RBRACKET) return this.closeArray(buf, i, events);
        else this.fail('expected , or ]', i);
        return i + 1;
      default:
        return this.fail('unexpected data after the end of the JSON document', i);
    }
  }

  private close(i: number, events: JsonEvent[]): number {
    this.state = DONE;
    events.push({ type: 'end', root: this.root });
    return i + 1;
  }

  private openArray(key: string | null, i: number, events: JsonEvent[]): void {
    this.arrayKey = key;
    this.index = 0;
    this.state = ARR_FIRST;
    events.push({ type: 'arrayStart', key, offset: this.base + i });
  }

  private closeArray(buf: Uint8Array, i: number, events: JsonEvent[]): number {
    this.flushRun(buf, events);
    events.push({ type: 'arrayEnd', key: this.arrayKey, count: this.index, offset: this.base + i });
    if (this.arrayKey === null) return this.close(i, events);
    this.state = AFTER_MEMBER;
    return i + 1;
  }

  private continueKey(buf: Uint8Array, i: number, events: JsonEvent[]): number {
    const end = this.scan.string(buf, i);
    if (end < 0) return buf.length;
    const bytes = this.takeValueBytes(buf, end + 1);
    this.key = JSON.parse(this.decoder.decode(bytes)) as string;
    this.state = AFTER_KEY;
    events.push({ type: 'key', key: this.key, offset: this.valueStart });
    return end + 1;
  }

  private memberValue(buf: Uint8Array, i: number, events: JsonEvent[]): number {
    const mode = this.select(this.key);
    const c = buf[i]!;
    if (mode === 'elements' && c === LBRACKET) {
      this.openArray(this.key, i, events);
      return i + 1;
    }
    const kind = this.kindOf(c, i);
    this.beginValue(i, kind, mode !== 'skip', false);
    this.state = IN_VALUE;
    return kind === SCALAR ? i : i + 1;
  }

  private toElementValue(buf: Uint8Array, i: number): void {
    this.beginValue(i, this.kindOf(buf[i]!, i), true, true);
    this.state = IN_VALUE;
  }

  private kindOf(c: number, i: number): number {
    if (c === LBRACE || c === LBRACKET) return CONTAINER;
    if (c === QUOTE) return STRING;
    if (SCALAR_START.has(c)) return SCALAR;
    return this.fail('expected a value', i);
  }

  private beginValue(i: number, kind: number, capture: boolean, toElement: boolean): void {
    this.kind = kind;
    this.scan.begin(kind);
    this.capture = capture;
    this.toElement = toElement;
    this.valueStart = this.base + i;
    this.pieces = [];
    this.pieceBytes = 0;
  }

  /** Scan the value in progress; on completion deliver it and move to the next state. */
  private continueValue(buf: Uint8Array, i: number, events: JsonEvent[]): number {
    const end = this.scan.value(buf, i);
    if (end < 0) return buf.length;
    if (this.toElement) this.completeElement(buf, end, events);
    else {
      if (this.capture) {
        const value = this.parse(this.takeValueBytes(buf, end), this.valueStart);
        events.push({ type: 'value', key: this.key, value, offset: this.valueStart });
      }
      this.state = AFTER_MEMBER;
    }
    return end;
  }

  private completeElement(buf: Uint8Array, end: number, events: JsonEvent[]): void {
    const local = this.valueStart - this.base;
    if (local >= 0) {
      // Wholly inside this chunk: join the run, parsed with its neighbours at the chunk's end.
      if (this.runStart < 0) this.runStart = local;
      this.runEnd = end;
      this.runBounds.push(local, end);
    } else {
      this.flushRun(buf, events);
      const value = this.parse(this.takeValueBytes(buf, end), this.valueStart);
      events.push({ type: 'element', key: this.arrayKey, index: this.index, value, offset: this.valueStart });
      this.index += 1;
    }
    this.state = AFTER_ELEM;
  }

  /** Parse the run of complete elements in one JSON.parse of `[run]`. */
  private flushRun(buf: Uint8Array, events: JsonEvent[]): void {
    if (this.runStart < 0) return;
    const bounds = this.runBounds;
    let values: unknown[];
    try {
      values = JSON.parse(`[${this.decoder.decode(buf.subarray(this.runStart, this.runEnd))}]`) as unknown[];
    } catch {
      // Find the broken element to report its offset.
      for (let k = 0; k < bounds.length; k += 2)
        this.parse(buf.subarray(bounds[k], bounds[k + 1]), this.base + bounds[k]!);
      throw new JsonSyntaxError('invalid JSON', this.base + this.runStart);
    }
    for (let k = 0; k < values.length; k += 1) {
      const offset = this.base + bounds[2 * k]!;
      events.push({ type: 'element', key: this.arrayKey, index: this.index, value: values[k], offset });
      this.index += 1;
    }
    this.runStart = -1;
    this.runEnd = -1;
    this.runBounds = [];
  }

  private parse(bytes: Uint8Array, offset: number): unknown {
    try {
      return JSON.parse(this.decoder.decode(bytes));
    } catch (error) {
      throw new JsonSyntaxError(`invalid JSON value (${(error as Error).message})`, offset);
    }
  }

  /** The bytes of the value that ends at `end` in this chunk, joined with earlier pieces. */
  private takeValueBytes(buf: Uint8Array, end: number): Uint8Array {
    const from = Math.max(this.valueStart - this.base, 0);
    const last = buf.subarray(from, end);
    if (this.pieces.length === 0) return last;
    const joined = new Uint8Array(this.pieceBytes + last.length);
    let at = 0;
    for (const piece of this.pieces) {
      joined.set(piece, at);
      at += piece.length;
    }
    joined.set(last, at);
    this.pieces = [];
    this.pieceBytes = 0;
    return joined;
  }

  private keepPiece(piece: Uint8Array): void {
    this.pieceBytes += piece.length;
    if (this.pieceBytes > this.maxValueBytes) {
      throw new JsonSyntaxError(
        `a single value is larger than ${this.maxValueBytes} bytes (not supported)`,
        this.valueStart,
      );
    }
    // Copy: the producer may reuse its buffer for the next chunk.
    this.pieces.push(piece.slice());
  }
}

export type JsonChunk = { events: JsonEvent[]; bytesRead: number };

/**
 * Stream `chunks` through a JsonScanner, yielding the events of each chunk (possibly none) with
 * the bytes consumed so far. Breaking out of the loop stops reading (and closes the source).
 */
export async function* streamJson(
  chunks: AsyncIterable<Uint8Array>,
  options: JsonStreamOptions = {},
): AsyncGenerator<JsonChunk> {
  const scanner = new JsonScanner(options);
  for await (const chunk of chunks) {
    yield { events: scanner.feed(chunk), bytesRead: scanner.bytesRead };
  }
  yield { events: scanner.finish(), bytesRead: scanner.bytesRead };
}
