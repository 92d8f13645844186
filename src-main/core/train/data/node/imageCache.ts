/**
 * @file Builds the training ImageStore: every variant image decoded once with sharp, alpha
 * removed, scaled to fit the store size with its aspect kept and letterboxed on neutral grey
 * (128), its keypoints mapped the same way. Decoding thousands of PNGs takes a while, so the
 * store can be cached in one binary file keyed by the count, the size and a hash of the item list
 * (files, their sizes and keypoints: media files are content-addressed, so a path names its
 * bytes). A stale or unreadable cache is rebuilt; it is written to a temporary file and renamed,
 * so a crash never leaves a half-written cache that looks valid.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import sharp from 'sharp';
import { type ImageStore, KEYPOINT_VALUES } from '../augment';

export interface ImageItem {
  file: string;
  /** 51 values, COCO-17 x, y, v in the image's pixels (`width` x `height`). */
  keypoints: readonly number[];
  width: number;
  height: number;
}

export interface LoadImageStoreOptions {
  cacheFile?: string;
  /** Images decoded at once (default 2). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

const MAGIC = 'PSIMGST1';
const HEADER_BYTES = 64; // magic 8, count 4, height 4, width 4, reserved 12, sha-256 32
const GREY = 128;

function abortError(): Error {
  const error = new Error('loading training images was aborted');
  error.name = 'AbortError';
  return error;
}

/** Identifies the cache contents: version, size and every item's file, size and keypoints. */
function listHash(items: readonly ImageItem[], size: readonly [number, number]): Buffer {
  const hash = createHash('sha256');
  hash.update(`${MAGIC}\n${size[0]}x${size[1]}\n${items.length}\n`);
  for (const item of items)
    hash.update(`${item.file}\0${item.width}x${item.height}\0${item.keypoints.join(',')}\n`);
  return hash.digest();
}

function header(count: number, size: readonly [number, number], digest: Buffer): Buffer {
  const buf = Buffer.alloc(HEADER_BYTES);
  buf.write(MAGIC, 0, 'latin1');
  buf.writeUInt32LE(count, 8);
  buf.writeUInt32LE(size[0], 12);
  buf.writeUInt32LE(size[1], 16);
  digest.copy(buf, 32);
  return buf;
}

/** The cached store when the file exists, its header matches and its length is right; else null. */
async function readCache(
  file: string,
  expected: Buffer,
  count: number,
  size: readonly [number, number],
): Promise<ImageStore | null> {
  const pixelBytes = count * size[0] * size[1] * 3;
  const total = HEADER_BYTES + pixelBytes + count * KEYPOINT_VALUES * 4;
  try {
    const handle = await open(file, 'r');
    try {
      const head = Buffer.alloc(HEADER_BYTES);
      const { bytesRead } = await handle.read(head, 0, HEADER_BYTES, 0);
      if (bytesRead !== HEADER_BYTES || !head.equals(expected)) return null;
      if ((await handle.stat()).size !== total) return null;
    } finally {
      await handle.close();
    }
    const buf = await readFile(file);
    if (buf.length !== total || !buf.subarray(0, HEADER_BYTES).equals(expected)) return null;
    const pixels = new Uint8Array(pixelBytes);
    pixels.set(buf.subarray(HEADER_BYTES, HEADER_BYTES + pixelBytes));
    const keypoints = new Float32Array(count * KEYPOINT_VALUES);
    const at = HEADER_BYTES + pixelBytes;
    for (let i = 0; i < keypoints.length; i += 1) keypoints[i] = buf.readFloatLE(at + 4 * i);
    return { height: size[0], width: size[1], count, pixels, keypoints };
  } catch {
    return null; // missing or unreadable: rebuild
  }
}

async function writeCache(file: string, head: Buffer, store: ImageStore): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const kp = Buffer.alloc(store.keypoints.length * 4);
  for (let i = 0; i < store.keypoints.length; i += 1) kp.writeFloatLE(store.keypoints[i]!, 4 * i);
  const tmp = `${file}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    const px = Buffer.from(store.pixels.buffer, store.pixels.byteOffset, store.pixels.byteLength);
    await writeFile(tmp, Buffer.concat([head, px, kp]));
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/**
 * Decodes one image into the store at slot `index`: fit inside H x W, centred on grey, and maps
 * its keypoints from the item's width x height into store pixels.
 */
async function decodeInto(store: ImageStore, index: number, item: ImageItem): Promise<void> {
  const { height: H, width: W } = store;
  const decoded = await sharp(item.file)
    .removeAlpha()
    .toColourspace('srgb')
    .resize(W, H, { fit: 'inside' })
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot decode training image ${item.file}: ${reason}`, { cause: error });
    });
  const { data, info } = decoded;
  if (info.channels !== 3)
    throw new Error(`training image ${item.file} decoded to ${info.channels} channels, not RGB`);
  const offX = Math.floor((W - info.width) / 2);
  const offY = Math.floor((H - info.height) / 2);
  const base = index * H * W * 3;
  store.pixels.fill(GREY, base, base + H * W * 3);
  for (let y = 0; y < info.height; y += 1) {
    const src = y * info.width * 3;
    store.pixels.set(data.subarray(src, src + info.width * 3), base + ((offY + y) * W + offX) * 3);
  }
  const sx = info.width / item.width;
  const sy = info.height / item.height;
  const kp = store.keypoints;
  for (let j = 0; j < KEYPOINT_VALUES; j += 3) {
    const v = item.keypoints[j + 2] ?? 0;
    const at = index * KEYPOINT_VALUES + j;
    if (!(v > 0)) continue; // unlabeled stays [0, 0, 0]
    kp[at] = offX + (item.keypoints[j] ?? 0) * sx;
    kp[at + 1] = offY + (item.keypoints[j + 1] ?? 0) * sy;
    kp[at + 2] = v;
  }
}

function validate(items: readonly ImageItem[], size: readonly [number, number]): void {
  const [h, w] = size;
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1)
    throw new Error(`loadImageStore: invalid size ${h}x${w}`);
  for (const item of items) {
    if (item.keypoints.length !== KEYPOINT_VALUES)
      throw new Error(`loadImageStore: ${item.file} has ${item.keypoints.length} keypoint values, not 51`);
    if (!(item.width > 0 && item.height > 0))
      throw new Error(`loadImageStore: ${item.file} has an invalid size ${item.width}x${item.height}`);
  }
}

/**
 * The ImageStore of `items` at `size` ([height, width]), from `cacheFile` when it matches, else
 * decoded (and then cached). Aborts between images with an Error named 'AbortError'; a missing
 * or broken image throws an Error naming its file.
 */
export async function loadImageStore(
  items: readonly ImageItem[],
  size: readonly [number, number],
  options: LoadImageStoreOptions = {},
): Promise<ImageStore> {
  validate(items, size);
  const { cacheFile, signal, onProgress } = options;
  const count = items.length;
  const head = header(count, size, listHash(items, size));
  if (cacheFile !== undefined) {
    const cached = await readCache(cacheFile, head, count, size);
    if (cached) {
      onProgress?.(count, count);
      return cached;
    }
  }
  const [H, W] = size;
  const store: ImageStore = {
    height: H,
    width: W,
    count,
    pixels: new Uint8Array(count * H * W * 3),
    keypoints: new Float32Array(count * KEYPOINT_VALUES),
  };
  let next = 0;
  let done = 0;
  let failed = false; // one lane failed: the others stop at their next image
  const worker = async (): Promise<void> => {
    while (next < count && !failed) {
      if (signal?.aborted) throw abortError();
      const index = next;
      next += 1;
      try {
        await decodeInto(store, index, items[index]!);
      } catch (error) {
        failed = true;
        throw error;
      }
      done += 1;
      onProgress?.(done, count);
    }
  };
  const lanes = Math.max(1, Math.min(options.concurrency ?? 2, count));
  const results = await Promise.allSettled(Array.from({ length: lanes }, worker));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
  if (signal?.aborted) throw abortError();
  if (cacheFile !== undefined) await writeCache(cacheFile, head, store);
  return store;
}
