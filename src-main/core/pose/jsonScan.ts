/**
 * @file Byte-level JSON scanning for jsonStream.ts: finds where a value ends in a chunk while
 * tracking nesting depth, strings and escapes across chunk boundaries, without decoding. Strings
 * are skipped with the engine's indexOf; every other byte goes through one table lookup.
 */
export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
export const LBRACKET = 0x5b;
export const RBRACKET = 0x5d;

/** Byte classes for the hot loops: 1 whitespace, 2 open, 3 close, 4 quote, 5 comma. */
export const CLASS = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) CLASS[c] = 1;
CLASS[LBRACE] = 2;
CLASS[LBRACKET] = 2;
CLASS[RBRACE] = 3;
CLASS[RBRACKET] = 3;
CLASS[QUOTE] = 4;
CLASS[COMMA] = 5;
export const SCALAR_START = new Set([...'-0123456789tfn'].map((ch) => ch.charCodeAt(0)));

// Kinds of value being scanned.
export const CONTAINER = 1;
export const STRING = 2;
export const SCALAR = 3;

/** Where the value in progress ends; state survives from one chunk to the next. */
export class ValueScan {
  private kind = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;

  begin(kind: number): void {
    this.kind = kind;
    this.depth = kind === CONTAINER ? 1 : 0;
    this.inString = false;
    this.escaped = false;
  }

  /** End index (exclusive) of the value in progress, or -1 when it runs past this chunk. */
  value(buf: Uint8Array, i: number): number {
    const n = buf.length;
    if (this.kind === SCALAR) {
      for (; i < n; i += 1) {
        const cls = CLASS[buf[i]!]!;
        if (cls === 1 || cls === 3 || cls === 5) return i;
      }
      return -1;
    }
    if (this.kind === STRING) {
      const end = this.string(buf, i);
      return end < 0 ? -1 : end + 1;
    }
    if (this.inString) {
      const end = this.string(buf, i);
      if (end < 0) return -1;
      this.inString = false;
      i = end + 1;
    }
    let depth = this.depth;
    for (; i < n; i += 1) {
      const cls = CLASS[buf[i]!]!;
      if (cls < 2 || cls === 5) continue;
      if (cls === 2) depth += 1;
      else if (cls === 3) {
        depth -= 1;
        if (depth === 0) {
          this.depth = 0;
          return i + 1;
        }
      } else {
        const end = this.string(buf, i + 1);
        if (end < 0) {
          this.inString = true;
          this.depth = depth;
          return -1;
        }
        i = end;
      }
    }
    this.depth = depth;
    return -1;
  }

  /** Index of the closing quote of the string whose content starts at `i`, or -1. */
  string(buf: Uint8Array, i: number): number {
    const n = buf.length;
    if (this.escaped) {
      if (i >= n) return -1;
      this.escaped = false;
      i += 1;
    }
    for (;;) {
      const q = buf.indexOf(QUOTE, i);
      const stop = q < 0 ? n : q;
      let slashes = 0;
      for (let j = stop - 1; j >= i && buf[j] === BACKSLASH; j -= 1) slashes += 1;
      if (q < 0) {
        this.escaped = (slashes & 1) === 1;
        return -1;
      }
      if ((slashes & 1) === 0) return q;
      i = q + 1;
    }
  }
}
