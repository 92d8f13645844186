/**
 * @file The content-addressed media store of a project: a file's name is the SHA-256 of its bytes,
 * sharded by the first two hex digits (`media/ab/cdef....png`). A file is written under a temp name
 * beside its final place and renamed into it BEFORE the transaction that inserts its `media` row
 * commits, so a committed row never names a half-written file. A kill between the rename and the
 * commit leaves a complete file without a row; when the (deterministic) work is redone, it produces
 * the same bytes, finds the file at its address and adopts it instead of leaving an orphan.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { randomId } from '../../node/files';

export type MediaContent = {
  /** Lowercase hex SHA-256 of `data` (computed here when absent). */
  sha256?: string;
  /** File extension without the dot: png, webp. */
  ext: string;
  data: Uint8Array;
};

export type StoredMedia = {
  sha256: string;
  /** Path relative to media/, with forward slashes (how rows, URLs and doctor name it). */
  path: string;
  bytes: number;
  /** True when the file was already at its address (left by an earlier, uncommitted attempt). */
  adopted: boolean;
};

const SHA256 = /^[0-9a-f]{64}$/;
const EXT = /^[a-z0-9]{1,8}$/;

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `ab/cdef...ext`: two hex digits of shard, then the rest of the hash. */
export function contentPath(sha256: string, ext: string): string {
  if (!SHA256.test(sha256)) throw new Error(`not a SHA-256 hex digest: ${sha256}`);
  if (!EXT.test(ext)) throw new Error(`bad media extension: ${ext}`);
  return `${sha256.slice(0, 2)}/${sha256.slice(2)}.${ext}`;
}

export type PutOptions = {
  /** fsync the file before the rename (survives power loss, costs a disk flush per file). */
  durable?: boolean;
};

async function writeTemp(temp: string, data: Uint8Array, durable: boolean): Promise<void> {
  if (!durable) {
    await writeFile(temp, data, { flag: 'wx' });
    return;
  }
  const handle = await open(temp, 'wx');
  try {
    await handle.write(data);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Put `content` at its address under `mediaRoot` (temp name + rename), or adopt the file already there. */
export async function putMedia(
  mediaRoot: string,
  content: MediaContent,
  options: PutOptions = {},
): Promise<StoredMedia> {
  const sha256 = content.sha256 ?? sha256Hex(content.data);
  const path = contentPath(sha256, content.ext);
  const full = join(mediaRoot, path);
  const existing = await stat(full).catch(() => null);
  if (existing?.isFile() && existing.size === content.data.byteLength) {
    return { sha256, path, bytes: existing.size, adopted: true };
  }
  await mkdir(dirname(full), { recursive: true });
  const temp = `${full}.${randomId()}.tmp`;
  try {
    await writeTemp(temp, content.data, options.durable ?? false);
    await rename(temp, full);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { sha256, path, bytes: content.data.byteLength, adopted: false };
}

/**
 * Remove temp files a killed writer left under `mediaRoot` (a file still being written has its
 * name only until its rename). Call only when no write into the store is under way.
 */
export async function sweepTempFiles(mediaRoot: string): Promise<number> {
  const entries = await readdir(mediaRoot, { withFileTypes: true, recursive: true }).catch(() => []);
  const temps = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.tmp'));
  await Promise.all(temps.map((entry) => rm(join(entry.parentPath, entry.name), { force: true })));
  return temps.length;
}

/**
 * The `media` row of a stored file (inserted if new; same bytes share one row). Call inside the
 * transaction that also inserts the row naming it.
 */
export function prepareMediaUpsert(
  db: Database.Database,
): (file: StoredMedia, kind: string, now: number) => number {
  const insert = db.prepare(
    `INSERT INTO media (sha256, path, kind, bytes, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (sha256) DO NOTHING`,
  );
  const find = db.prepare('SELECT id FROM media WHERE sha256 = ?');
  return (file, kind, now) => {
    const info = insert.run(file.sha256, file.path, kind, file.bytes, now);
    if (info.changes > 0) return Number(info.lastInsertRowid);
    return (find.get(file.sha256) as { id: number }).id;
  };
}
