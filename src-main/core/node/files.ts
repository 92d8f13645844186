/**
 * @file Node file helpers for core: chunked reads (the `OpenBytes` the pose readers take),
 * content hashing, atomic writes (temp name + rename), folder listings, and traversal-safe
 * resolution of a relative path inside a root folder.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import type { OpenBytes } from '../pose/types';

const CHUNK = 1 << 20;

export function openBytes(path: string): OpenBytes {
  return () => createReadStream(path, { highWaterMark: CHUNK }) as AsyncIterable<Uint8Array>;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function randomId(): string {
  return randomBytes(16).toString('hex');
}

/**
 * Write chunks to `target` through a temp file in the same folder, renamed only when complete and
 * synced, then fsync the folder so the rename survives a power cut. A failure at any point leaves
 * no temp file behind and the previous `target` (if any) untouched.
 */
export async function writeAtomically(
  target: string,
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): Promise<number> {
  const temp = join(dirname(target), `.${basename(target)}.${randomId()}.tmp`);
  let handle: FileHandle | null = await open(temp, 'wx');
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      // write() may write less than asked (Linux caps one call near 2 GiB), so loop.
      for (let done = 0; done < data.byteLength;) {
        done += (await handle.write(data, done, data.byteLength - done)).bytesWritten;
      }
      bytes += data.byteLength;
    }
    await handle.sync();
    await handle.close();
    handle = null;
    await rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dirname(target));
  return bytes;
}

/** fsync a folder so a rename in it is durable; best effort (not supported everywhere). */
async function syncDir(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Opening or syncing a directory fails on some platforms; the data itself is already synced.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Every `.json` file under `dir`, recursively, in natural name order. */
export async function listJsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name));
  const collator = new Intl.Collator(undefined, { numeric: true });
  return files.sort(collator.compare);
}

export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}

/** `root/relativePath` if it stays inside `root`, else null (rejects `..`, absolute paths, NUL). */
export function resolveInside(root: string, relativePath: string): string | null {
  if (relativePath.length === 0 || relativePath.includes('\0') || isAbsolute(relativePath)) return null;
  const normalized = normalize(relativePath);
  if (normalized.startsWith('..') || normalized.split(sep).includes('..')) return null;
  const full = resolve(root, normalized);
  const rel = relative(resolve(root), full);
  if (rel.length === 0 || rel.startsWith('..') || isAbsolute(rel)) return null;
  return full;
}
