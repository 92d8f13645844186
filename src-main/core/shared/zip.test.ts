import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unzipEntries, looksLikeZip } from './unzip';
import { crc32, zipStore, type ZipEntry } from './zip';

const dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hasTool(name: string): boolean {
  try {
    execFileSync(name, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const hasUnzip = hasTool('unzip');
const hasZip = hasTool('zip');

function concat(parts: Iterable<Uint8Array>): Uint8Array {
  const list = [...parts];
  const out = new Uint8Array(list.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of list) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function* chunksOf(bytes: Uint8Array, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function readBack(bytes: Uint8Array, chunk = 1000) {
  const out: { name: string; text: string }[] = [];
  for await (const entry of unzipEntries(chunksOf(bytes, chunk))) {
    out.push({ name: entry.name, text: new TextDecoder().decode(entry.data) });
  }
  return out;
}

const u32 = (bytes: Uint8Array, at: number) =>
  new DataView(bytes.buffer, bytes.byteOffset).getUint32(at, true);
const u16 = (bytes: Uint8Array, at: number) =>
  new DataView(bytes.buffer, bytes.byteOffset).getUint16(at, true);

describe('crc32', () => {
  it('matches the standard check value and continues across pieces', () => {
    const data = new TextEncoder().encode('123456789');
    expect(crc32(data)).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(data.subarray(4), crc32(data.subarray(0, 4)))).toBe(0xcbf43926);
  });
});

describe('zipStore', () => {
  const entries: ZipEntry[] = [
    { name: 'a_keypoints.json', data: '{"people":[]}\n' },
    { name: 'dir/é.json', data: new TextEncoder().encode('123456789') },
  ];
  const bytes = concat(zipStore(entries, new Date(2024, 4, 6, 12, 30, 10)));

  it('writes local headers, stored data, a central directory and the end record', () => {
    expect(looksLikeZip(bytes)).toBe(true);
    expect(u32(bytes, 0)).toBe(0x04034b50);
    expect(u16(bytes, 8)).toBe(0); // stored
    expect(u32(bytes, 18)).toBe(14); // compressed size
    expect(new TextDecoder().decode(bytes.subarray(30, 46))).toBe('a_keypoints.json');
    const second = 30 + 16 + 14;
    expect(u32(bytes, second)).toBe(0x04034b50);
    expect(u32(bytes, second + 14)).toBe(0xcbf43926); // CRC of '123456789'
    const end = bytes.length - 22;
    expect(u32(bytes, end)).toBe(0x06054b50);
    expect(u16(bytes, end + 10)).toBe(2);
    const cdOffset = u32(bytes, end + 16);
    expect(u32(bytes, cdOffset)).toBe(0x02014b50);
    expect(u32(bytes, end + 12)).toBe(end - cdOffset);
  });

  it('reads back with our streaming reader, whatever the chunking', async () => {
    for (const chunk of [1, 7, 100, 1 << 20]) {
      expect(await readBack(bytes, chunk)).toEqual([
        { name: 'a_keypoints.json', text: '{"people":[]}\n' },
        { name: 'dir/é.json', text: '123456789' },
      ]);
    }
  });

  it.runIf(hasUnzip)('is accepted by unzip (list, test, extract)', () => {
    const file = join(dir, 'two.zip');
    writeFileSync(file, bytes);
    expect(execFileSync('unzip', ['-tq', file]).toString()).toContain('No errors');
    const listing = execFileSync('unzip', ['-Z1', file]).toString().trim().split('\n');
    expect(listing).toEqual(['a_keypoints.json', 'dir/é.json']);
    expect(execFileSync('unzip', ['-p', file, 'a_keypoints.json']).toString()).toBe('{"people":[]}\n');
  });

  it('switches to ZIP64 end records past 65,535 entries', async () => {
    const count = 70_000;
    const many = function* () {
      for (let i = 0; i < count; i += 1) yield { name: `${i}.json`, data: `${i}` };
    };
    const big = concat(zipStore(many()));
    const end = big.length - 22;
    expect(u16(big, end + 10)).toBe(0xffff);
    expect(u32(big, end - 20)).toBe(0x07064b50); // ZIP64 locator
    expect(u32(big, end - 20 - 56)).toBe(0x06064b50); // ZIP64 end record
    let seen = 0;
    for await (const entry of unzipEntries(chunksOf(big, 1 << 16))) {
      if (seen === 69_999) expect(entry.name).toBe('69999.json');
      seen += 1;
    }
    expect(seen).toBe(count);
    if (hasUnzip) {
      const file = join(dir, 'many.zip');
      writeFileSync(file, big);
      expect(
        execFileSync('unzip', ['-Z1', file], { maxBuffer: 1 << 24 })
          .toString()
          .trim()
          .split('\n'),
      ).toHaveLength(count);
    }
  });
});

describe('unzipEntries', () => {
  it.runIf(hasZip)('reads deflated entries written by zip', async () => {
    const text = JSON.stringify({
      people: Array.from({ length: 200 }, () => ({ pose_keypoints_2d: [1, 2, 3] })),
    });
    writeFileSync(join(dir, 'frame.json'), text);
    execFileSync('zip', ['-q', '-9', 'deflated.zip', 'frame.json'], { cwd: dir });
    const bytes = new Uint8Array(readFileSync(join(dir, 'deflated.zip')));
    expect(u16(bytes, 8)).toBe(8); // deflated
    expect(await readBack(bytes, 64)).toEqual([{ name: 'frame.json', text }]);
  });

  it('refuses a damaged entry and a truncated archive', async () => {
    const bytes = concat(zipStore([{ name: 'x.json', data: 'hello' }]));
    const damaged = bytes.slice();
    damaged[30 + 6] = 0x48; // 'h' -> 'H'
    await expect(readBack(damaged)).rejects.toThrow(/CRC-32/);
    await expect(readBack(bytes.subarray(0, 20))).rejects.toThrow(/unexpected end/);
  });
});
