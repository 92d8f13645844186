import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tests/helpers/paths';
import { migrate } from '../../catalog/node/migrations/registry';
import { contentPath, prepareMediaUpsert, putMedia, sha256Hex, sweepTempFiles } from './mediaStore';

const bytes = (text: string) => new Uint8Array(Buffer.from(text));

describe('content-addressed media store', () => {
  it('names a file by its hash, sharded by the first two hex digits', () => {
    const sha = sha256Hex(bytes('hello'));
    expect(sha).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(contentPath(sha, 'png')).toBe(
      '2c/f24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824.png',
    );
    expect(() => contentPath('../etc', 'png')).toThrow(/SHA-256/);
    expect(() => contentPath(sha, 'p/ng')).toThrow(/extension/);
  });

  it('writes under a temp name and renames into place; no temp file is left', async () => {
    const root = tempDir();
    const stored = await putMedia(root, { ext: 'png', data: bytes('pixels') });
    expect(stored).toMatchObject({
      path: contentPath(sha256Hex(bytes('pixels')), 'png'),
      bytes: 6,
      adopted: false,
    });
    expect(readFileSync(join(root, stored.path), 'utf8')).toBe('pixels');
    const shard = join(root, stored.path.slice(0, 2));
    expect(readdirSync(shard).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const durable = await putMedia(
      root,
      { ext: 'png', data: bytes('durable'), sha256: sha256Hex(bytes('durable')) },
      { durable: true },
    );
    expect(existsSync(join(root, durable.path))).toBe(true);
  });

  it('adopts a complete file already at its address (left by a kill before the commit)', async () => {
    const root = tempDir();
    const data = bytes('left by a killed process');
    const path = contentPath(sha256Hex(data), 'webp');
    mkdirSync(join(root, path.slice(0, 2)), { recursive: true });
    writeFileSync(join(root, path), data);
    const before = statSync(join(root, path));
    const stored = await putMedia(root, { ext: 'webp', data });
    expect(stored).toMatchObject({ path, adopted: true });
    expect(statSync(join(root, path)).ino).toBe(before.ino);
  });

  it('replaces a truncated file at the address instead of adopting it', async () => {
    const root = tempDir();
    const data = bytes('full content');
    const path = contentPath(sha256Hex(data), 'png');
    mkdirSync(join(root, path.slice(0, 2)), { recursive: true });
    writeFileSync(join(root, path), 'full');
    expect((await putMedia(root, { ext: 'png', data })).adopted).toBe(false);
    expect(readFileSync(join(root, path), 'utf8')).toBe('full content');
  });

  it('gives the same bytes one media row', async () => {
    const db = new Database(':memory:');
    migrate(db);
    const upsert = prepareMediaUpsert(db);
    const root = tempDir();
    const a = await putMedia(root, { ext: 'png', data: bytes('a') });
    const b = await putMedia(root, { ext: 'png', data: bytes('b') });
    const first = upsert(a, 'variant.rgb', 1);
    expect(upsert(a, 'variant.depth', 2)).toBe(first);
    expect(upsert(b, 'variant.rgb', 3)).not.toBe(first);
    expect(db.prepare('SELECT kind, bytes FROM media WHERE id = ?').get(first)).toEqual({
      kind: 'variant.rgb',
      bytes: 1,
    });
  });

  it('sweeps temp files a killed writer left, and nothing else', async () => {
    const root = tempDir();
    const kept = await putMedia(root, { ext: 'png', data: bytes('kept') });
    writeFileSync(join(root, `${kept.path}.0123.tmp`), 'half');
    expect(await sweepTempFiles(root)).toBe(1);
    expect(readdirSync(join(root, kept.path.slice(0, 2)))).toEqual([kept.path.slice(3)]);
    expect(await sweepTempFiles(join(root, 'missing'))).toBe(0);
  });
});
