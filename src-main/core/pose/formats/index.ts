/**
 * @file Entry point for pose import: `openPoseFile` sniffs the format from the file's structure
 * (reading only as far as it must) and opens the matching streaming reader. Formats: COCO family
 * (object with annotations), OpenPose (object with people), ControlNet / openpose-editor (object
 * with people and a canvas, or an array of such frames), AlphaPose results (array of
 * {keypoints, image_id}), mmpose MPII (array of {joints}), and a ZIP of OpenPose frames.
 */
import { looksLikeZip } from '../../shared/unzip';
import type { OpenBytes, PoseFileReader, PoseFormat, PoseImportOptions, PoseRecord } from '../types';
import { openCoco } from './coco';
import { isRecord, readJson, unsupported } from './common';
import { openFrameFile, openZipFrames } from './frames';
import { openAlphapose, openMpii } from './lists';

type Sniffed = Exclude<PoseFormat, 'editor'> | 'zip';

/** The first bytes of the file (up to one chunk), or an empty array for an empty file. */
async function head(open: OpenBytes): Promise<Uint8Array> {
  for await (const chunk of open()) {
    if (chunk.length > 0) return chunk;
  }
  return new Uint8Array(0);
}

function firstNonSpace(bytes: Uint8Array): number | null {
  for (const byte of bytes) {
    const space = byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
    const bom = byte === 0xef || byte === 0xbb || byte === 0xbf;
    if (!space && !bom) return byte;
  }
  return null;
}

function fromFrameKeys(keys: ReadonlySet<string>): Sniffed | null {
  if (keys.has('annotations')) return 'coco';
  if (!keys.has('people')) return null;
  // Editor files carry a canvas and no version; OpenPose files a version (ours add a canvas too).
  return keys.has('canvas_width') && !keys.has('version') ? 'controlnet' : 'openpose';
}

function fromFirstElement(element: unknown): Sniffed | null {
  if (!isRecord(element)) return null;
  if ('people' in element) return 'controlnet';
  if ('keypoints' in element && 'image_id' in element) return 'alphapose';
  if ('joints' in element) return 'mpii';
  return null;
}

/** Read the top level until the format is clear: object keys (values skipped) or the first element. */
async function sniffJson(open: OpenBytes, file: string): Promise<Sniffed> {
  const keys = new Set<string>();
  let element: unknown = undefined;
  let root: 'object' | 'array' | null = null;
  reading: for await (const { events } of readJson(open, file, { select: () => 'skip' })) {
    for (const event of events) {
      if (event.type === 'key') {
        root = 'object';
        keys.add(event.key);
        if (event.key === 'annotations') break reading;
      } else if (event.type === 'element') {
        element = event.value;
        break reading;
      } else if (event.type === 'end') root = event.root;
    }
  }
  const sniffed = element !== undefined ? fromFirstElement(element) : fromFrameKeys(keys);
  if (sniffed !== null) return sniffed;
  if (root === 'array' && element === undefined) throw unsupported(file, 'it is an empty array');
  const what =
    element !== undefined
      ? 'an array whose elements have no people, keypoints or joints'
      : `an object with keys ${[...keys].slice(0, 8).join(', ') || '(none)'}`;
  throw unsupported(file, `${what}; expected COCO, OpenPose, ControlNet, AlphaPose or MPII JSON`);
}

async function sniff(open: OpenBytes, file: string): Promise<Sniffed> {
  const bytes = await head(open);
  if (looksLikeZip(bytes)) return 'zip';
  const first = firstNonSpace(bytes);
  if (first === null) throw unsupported(file, 'it is empty');
  if (first !== 0x7b && first !== 0x5b) throw unsupported(file, 'it is not a JSON object or array');
  return sniffJson(open, file);
}

/** Which sniffed structures each explicitly chosen format accepts. */
const ACCEPTS: Record<Exclude<PoseImportOptions['format'], 'auto'>, readonly Sniffed[]> = {
  coco: ['coco'],
  openpose: ['openpose', 'controlnet', 'zip'],
  controlnet: ['controlnet', 'openpose'],
  alphapose: ['alphapose'],
  mpii: ['mpii'],
};

/**
 * Open a pose file for streaming import. `options.format` 'auto' sniffs; an explicit format must
 * fit the file's structure. Refuses with UNSUPPORTED_FORMAT (no known format) or MALFORMED_FILE
 * (broken JSON, or a broken record; details `{ file, record, field }`).
 */
export async function openPoseFile(
  open: OpenBytes,
  fileName: string,
  options: PoseImportOptions,
): Promise<PoseFileReader> {
  const sniffed = await sniff(open, fileName);
  if (options.format !== 'auto' && !ACCEPTS[options.format].includes(sniffed)) {
    throw unsupported(
      fileName,
      `it looks like ${sniffed === 'zip' ? 'a ZIP archive' : sniffed}, not ${options.format}`,
    );
  }
  const format = options.format === 'auto' ? sniffed : options.format;
  switch (sniffed) {
    case 'zip':
      return openZipFrames(open, fileName, options);
    case 'coco':
      return openCoco(open, fileName, options);
    case 'openpose':
    case 'controlnet':
      return openFrameFile(open, fileName, options, format === 'controlnet' ? 'controlnet' : 'openpose');
    case 'alphapose':
      return openAlphapose(open, fileName, options);
    case 'mpii':
      return openMpii(open, fileName, options);
  }
}

export { STUDIO_EXPORT_DESCRIPTION } from './coco';

/**
 * OpenBytes over data already in memory (pasted text, a browser upload), in chunks of
 * `chunkSize` bytes so it takes the same streaming path as a file.
 */
export function memoryBytes(data: string | Uint8Array, chunkSize = 1 << 20): OpenBytes {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return async function* () {
    for (let at = 0; at < bytes.length; at += chunkSize) yield bytes.subarray(at, at + chunkSize);
  };
}

/** Every pose of a reader in one array: for small inputs (a pasted pose, a test). */
export async function readAllPoses(reader: PoseFileReader, signal?: AbortSignal): Promise<PoseRecord[]> {
  const poses: PoseRecord[] = [];
  for await (const batch of reader.batches(signal)) poses.push(...batch.poses);
  return poses;
}
