import { describe, expect, it } from 'vitest';
import { JsonScanner, JsonSyntaxError, streamJson, type JsonEvent, type MemberMode } from './jsonStream';

const encoder = new TextEncoder();
const selectArrays = (key: string): MemberMode =>
  key === 'annotations' || key === 'images' ? 'elements' : key === 'skipped' ? 'skip' : 'value';

/** Rebuild the document from the events (skipped members come back as the marker 'SKIPPED'). */
function rebuild(events: readonly JsonEvent[]): unknown {
  let root: Record<string, unknown> | unknown[] | null = null;
  for (const event of events) {
    if (event.type === 'key') {
      root ??= {};
      (root as Record<string, unknown>)[event.key] = 'SKIPPED';
    } else if (event.type === 'value') (root as Record<string, unknown>)[event.key] = event.value;
    else if (event.type === 'arrayStart') {
      if (event.key === null) root = [];
      else (root as Record<string, unknown>)[event.key] = [];
    } else if (event.type === 'element') {
      const target = event.key === null ? root : (root as Record<string, unknown>)[event.key];
      expect((target as unknown[]).length).toBe(event.index);
      (target as unknown[]).push(event.value);
    }
  }
  return root;
}

function scanAt(bytes: Uint8Array, cuts: readonly number[], select = selectArrays): JsonEvent[] {
  const scanner = new JsonScanner({ select });
  const events: JsonEvent[] = [];
  let last = 0;
  for (const at of [...cuts, bytes.length]) {
    events.push(...scanner.feed(bytes.subarray(last, at)));
    last = at;
  }
  events.push(...scanner.finish());
  return events;
}

/** A COCO-like document with every awkward byte: escapes, multi-byte UTF-8, numbers of all shapes. */
function awkwardDocument(annotations: number) {
  const tricky = [
    'plain',
    'quote " in',
    'back\\slash\\',
    '\\"',
    'é日本😀',
    'tab\tnew\nline',
    '\u0000ctl',
    '[{,}]:',
  ];
  return {
    info: { description: 'a "test" \\ file', year: 2017, nested: { deep: [[[]]] } },
    skipped: [{ big: tricky }, 'x"y', -0.5],
    images: Array.from({ length: 50 }, (_, i) => ({ id: i, file_name: `${tricky[i % tricky.length]}.jpg` })),
    annotations: Array.from({ length: annotations }, (_, i) => ({
      id: i,
      name: tricky[i % tricky.length],
      keypoints: [i * 1.5, -2e-7, 2, 1e21, 0, 1],
      flag: i % 3 === 0 ? true : i % 3 === 1 ? false : null,
      nested: { a: [{ b: '}' }], c: '\\' },
    })),
    last: 'é',
    n: -12.5e3,
  };
}

describe('JsonScanner', () => {
  const small = awkwardDocument(6);
  const smallText = JSON.stringify(small);
  const smallBytes = encoder.encode(smallText);
  const expected = { ...small, skipped: 'SKIPPED' };

  it('gives the same document for every single cut position (inside strings, escapes, UTF-8, numbers)', () => {
    for (let at = 0; at <= smallBytes.length; at += 1) {
      expect(rebuild(scanAt(smallBytes, [at]))).toEqual(expected);
    }
  });

  it('gives the same document for pairs of cuts and for one-byte chunks', () => {
    for (let a = 0; a <= smallBytes.length; a += 29) {
      for (let b = a; b <= smallBytes.length; b += 43)
        expect(rebuild(scanAt(smallBytes, [a, b]))).toEqual(expected);
    }
    const everyByte = Array.from({ length: smallBytes.length }, (_, i) => i);
    expect(rebuild(scanAt(smallBytes, everyByte))).toEqual(expected);
  });

  it('streams a multi-MB document in random chunks to the same values, in order', async () => {
    const doc = awkwardDocument(20_000);
    const bytes = encoder.encode(JSON.stringify(doc, null, 1));
    expect(bytes.length).toBeGreaterThan(4_000_000);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 70_000;
    async function* chunks() {
      for (let at = 0; at < bytes.length;) {
        const size = Math.max(1, Math.floor(random()));
        yield bytes.subarray(at, at + size);
        at += size;
      }
    }
    const events: JsonEvent[] = [];
    let bytesRead = 0;
    for await (const chunk of streamJson(chunks(), { select: selectArrays })) {
      expect(chunk.bytesRead).toBeGreaterThanOrEqual(bytesRead);
      bytesRead = chunk.bytesRead;
      events.push(...chunk.events);
    }
    expect(bytesRead).toBe(bytes.length);
    expect(rebuild(events)).toEqual({ ...doc, skipped: 'SKIPPED' });
    const elements = events.filter((e) => e.type === 'element' && e.key === 'annotations');
    expect(elements).toHaveLength(20_000);
    expect(events.find((e) => e.type === 'arrayEnd' && e.key === 'annotations')).toMatchObject({
      count: 20_000,
    });
  });

  it('reports element byte offsets', () => {
    const text = '{"a": [10, {"b": 2}, "é", 3]}';
    const offsets = scanAt(encoder.encode(text), [], () => 'elements')
      .filter((e) => e.type === 'element')
      .map((e) => e.offset);
    expect(offsets).toEqual([7, 11, 21, 27]);
  });

  it('reads a top-level array element by element, with a byte order mark', () => {
    const bytes = encoder.encode('\uFEFF [ {"people": []} , [1,2], "s", 3.5e2 ] \n');
    const events = scanAt(bytes, [5]);
    expect(rebuild(events)).toEqual([{ people: [] }, [1, 2], 's', 350]);
    expect(events.at(-1)).toEqual({ type: 'end', root: 'array' });
    expect(rebuild(scanAt(encoder.encode('[]'), []))).toEqual([]);
    expect(rebuild(scanAt(encoder.encode('{}'), []))).toBe(null);
  });

  it('delivers a selected member that is not an array as a whole value', () => {
    const events = scanAt(encoder.encode('{"annotations": {"x": 1}}'), [3]);
    expect(events).toContainEqual({ type: 'value', key: 'annotations', value: { x: 1 }, offset: 16 });
  });

  const syntaxError = (text: string, cut = 0): JsonSyntaxError => {
    try {
      scanAt(encoder.encode(text), cut > 0 ? [cut] : []);
    } catch (error) {
      if (error instanceof JsonSyntaxError) return error;
      throw error;
    }
    throw new Error(`no error for ${text}`);
  };

  it('reports syntax errors with their byte offset', () => {
    expect(syntaxError('{"annotations": [1, 2,')).toMatchObject({ offset: 22 });
    expect(syntaxError('{"annotations": [1, 2,').message).toContain('unexpected end of data at byte 22');
    expect(syntaxError('[').offset).toBe(1);
    expect(syntaxError('hello').offset).toBe(0);
    expect(syntaxError('{"a" 1}').offset).toBe(5);
    expect(syntaxError('{"a": 1,}').offset).toBe(8);
    expect(syntaxError('{"a": 1} x').offset).toBe(9);
    expect(syntaxError('{"annotations": [1, 2 3]}').offset).toBe(22);
    expect(syntaxError('{"annotations": [1, ]}').offset).toBe(20);
    // Broken inside an element: the offset is the element's start, in runs and across chunks.
    expect(syntaxError('{"annotations": [1, {"a": tru}, 3]}').offset).toBe(20);
    expect(syntaxError('{"annotations": [1, {"a": tru}, 3]}', 24).offset).toBe(20);
    expect(syntaxError('{"info": {"a": }}').offset).toBe(9);
  });

  it('refuses a value larger than the memory bound', () => {
    const scanner = new JsonScanner({ maxValueBytes: 100 });
    scanner.feed(encoder.encode('{"info": "'));
    expect(() => scanner.feed(encoder.encode('x'.repeat(200)))).toThrow(/larger than 100 bytes/);
  });
});
