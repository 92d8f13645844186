/**
 * @file Node file helpers for core: chunked reads (the `OpenBytes` the pose readers take),
 * content hashing, atomic writes (temp name + rename), folder listings, and traversal-safe
 * resolution of a relative path inside a root folder.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
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

/** Write chunks to `target` via a temp file in the same folder, renamed only when complete. */
export async function writeAtomically(
  target: string,
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): Promise<number> {
  const temp = `${target}.${randomId()}.tmp`;
  const handle = await open(temp, 'wx');
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      await handle.write(data);
      bytes += data.byteLength;
    }
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return bytes;
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
