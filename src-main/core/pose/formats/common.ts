/**
 * @file What every pose reader shares: the reader object itself (bounded batches, skip counts,
 * warnings, cancellation), typed refusals, confidence -> visibility, and the whole-pixel crop
 * canvas that keeps a re-import exact (integer origins shift coordinates without rounding).
 */
import { StudioError } from '../../../contract';
import { JsonSyntaxError, streamJson, type JsonChunk, type JsonStreamOptions } from '../jsonStream';
import { keypointBox } from '../geometry';
import type {
  Box,
  Keypoint,
  OpenBytes,
  ParsedBatch,
  PoseFileReader,
  PoseFormat,
  PoseRecord,
  SkipCounts,
  SkipReason,
} from '../types';

export const BATCH_SIZE = 500;

export type Visibility = Keypoint[2];

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** MALFORMED_FILE naming the file, the record and the field. */
export function malformed(file: string, record: string, field: string, problem: string): StudioError {
  return new StudioError('MALFORMED_FILE', `${file}: record ${record}, field ${field}: ${problem}`, {
    file,
    record,
    field,
  });
}

/** A person box [x, y, w, h] (w, h >= 0), null when absent, or MALFORMED_FILE. */
export function parseBox(file: string, raw: unknown, record: string, field: string): Box | null {
  if (raw === undefined || raw === null) return null;
  if (Array.isArray(raw) && raw.length === 4) {
    const [x, y, w, h] = raw as unknown[];
    if (
      isFiniteNumber(x) &&
      isFiniteNumber(y) &&
      isFiniteNumber(w) &&
      isFiniteNumber(h) &&
      w >= 0 &&
      h >= 0
    ) {
      return [x, y, w, h];
    }
  }
  throw malformed(file, record, field, 'expected [x, y, width, height] with width, height >= 0');
}

/**
 * Run `read` for one record; a MALFORMED_FILE error refuses the file unless the options say to
 * skip malformed records, in which case it is counted and undefined returned.
 */
export function orSkipMalformed<T>(skipMalformed: boolean, state: ReaderState, read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    const isMalformed = error instanceof StudioError && error.code === 'MALFORMED_FILE';
    if (!isMalformed || !skipMalformed) throw error;
    state.skip('malformed');
    return undefined;
  }
}

export function unsupported(file: string, problem: string): StudioError {
  return new StudioError('UNSUPPORTED_FORMAT', `${file} is not a supported pose file: ${problem}`, { file });
}

/** Streams a file's JSON, turning syntax errors into MALFORMED_FILE with the byte offset. */
export async function* readJson(
  open: OpenBytes,
  file: string,
  options: JsonStreamOptions,
): AsyncGenerator<JsonChunk> {
  try {
    yield* streamJson(open(), options);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new StudioError('MALFORMED_FILE', `${file} is not valid JSON: ${error.message}`, {
      file,
      record: null,
      field: null,
      offset: error.offset,
    });
  }
}

/**
 * OpenPose-style confidence -> COCO visibility: c <= 0 is missing, below `occludedBelow` occluded,
 * otherwise visible. Exports write 1 for visible and 0.25 for occluded, so the default 0.3 reads
 * them back exactly.
 */
export function visibilityOf(confidence: number, occludedBelow: number): Visibility {
  if (!(confidence > 0)) return 0;
  return confidence < occludedBelow ? 1 : 2;
}

export type Canvas = { x0: number; y0: number; width: number; height: number };

/**
 * Whole-pixel crop around `region` (a person box, or null) and the labeled keypoints: the region
 * grows by `margin` of its width/height per side, is clipped to the image when its size is
 * known, then the origin is floored and the far edge ceiled. Integer origins shift coordinates
 * exactly, and re-cropping an exported crop lands on the same canvas.
 */
export function cropCanvas(
  region: Box | null,
  keypoints: readonly Keypoint[],
  margin: number,
  image: { width: number; height: number } | null,
): Canvas {
  const base = region ?? keypointBox(keypoints) ?? [0, 0, 0, 0];
  let left = base[0] - margin * base[2];
  let top = base[1] - margin * base[3];
  let right = base[0] + base[2] * (1 + margin);
  let bottom = base[1] + base[3] * (1 + margin);
  const kp = keypointBox(keypoints);
  if (kp) {
    left = Math.min(left, kp[0]);
    top = Math.min(top, kp[1]);
    right = Math.max(right, kp[0] + kp[2]);
    bottom = Math.max(bottom, kp[1] + kp[3]);
  }
  let x0 = Math.floor(left);
  let y0 = Math.floor(top);
  let x1 = Math.ceil(right);
  let y1 = Math.ceil(bottom);
  if (image) {
    x0 = Math.min(Math.max(x0, 0), Math.max(Math.ceil(image.width) - 1, 0));
    y0 = Math.min(Math.max(y0, 0), Math.max(Math.ceil(image.height) - 1, 0));
    x1 = Math.min(x1, Math.ceil(image.width));
    y1 = Math.min(y1, Math.ceil(image.height));
  }
  return { x0, y0, width: Math.max(x1 - x0, 1), height: Math.max(y1 - y0, 1) };
}

/**
 * Canvas for 'image' mode when the file does not give the image size: from the origin to the
 * furthest labeled keypoint plus the margin (of the keypoints' box size), in whole pixels.
 */
export function guessedImageCanvas(keypoints: readonly Keypoint[], margin: number): Canvas {
  const kp = keypointBox(keypoints) ?? [0, 0, 0, 0];
  const width = Math.ceil(kp[0] + kp[2] + margin * kp[2]);
  const height = Math.ceil(kp[1] + kp[3] + margin * kp[3]);
  return { x0: 0, y0: 0, width: Math.max(width, 1), height: Math.max(height, 1) };
}

/**
 * Shifted coordinates are rounded to 1e-6 px: x - x0 is exact in binary but prints as
 * 138.68099999999998; a micro-pixel is far below any source's precision, and the stored value
 * is what exports write and re-imports read back unshifted, so round trips stay exact.
 */
const micro = (value: number): number => Math.round(value * 1e6) / 1e6;

export function shiftKeypoints(keypoints: readonly Keypoint[], canvas: Canvas): Keypoint[] {
  if (canvas.x0 === 0 && canvas.y0 === 0) return keypoints.slice();
  return keypoints.map(([x, y, v]) =>
    v === 0 ? [0, 0, 0] : [micro(x - canvas.x0), micro(y - canvas.y0), v],
  );
}

export function shiftBox(box: Box | null, canvas: Canvas): Box | null {
  if (box === null || (canvas.x0 === 0 && canvas.y0 === 0)) return box;
  return [micro(box[0] - canvas.x0), micro(box[1] - canvas.y0), box[2], box[3]];
}

export type ReaderState = {
  skipped: SkipCounts;
  warnings: string[];
  skip(reason: SkipReason): void;
  warn(message: string): void;
};

export function readerState(): ReaderState {
  const state: ReaderState = {
    skipped: {},
    warnings: [],
    skip(reason) {
      state.skipped[reason] = (state.skipped[reason] ?? 0) + 1;
    },
    warn(message) {
      if (!state.warnings.includes(message)) state.warnings.push(message);
    },
  };
  return state;
}

/** Produces poses chunk by chunk; the reader batches them. */
export type PoseSource = (state: ReaderState) => AsyncIterable<{ poses: PoseRecord[]; bytesRead: number }>;

/**
 * A PoseFileReader over a source of poses: batches of about BATCH_SIZE, a CANCELLED error between
 * batches when the signal fires, and a fresh skip/warning tally for each full read.
 */
export function makeReader(
  format: PoseFormat,
  totalBytes: number | null,
  source: PoseSource,
): PoseFileReader {
  let state = readerState();
  return {
    format,
    totalBytes,
    get skipped() {
      return state.skipped;
    },
    get warnings() {
      return state.warnings;
    },
    async *batches(signal?: AbortSignal): AsyncIterable<ParsedBatch> {
      state = readerState();
      let pending: PoseRecord[] = [];
      let bytesRead = 0;
      for await (const step of source(state)) {
        if (signal?.aborted) throw new StudioError('CANCELLED', 'pose import cancelled');
        for (const pose of step.poses) pending.push(pose);
        bytesRead = step.bytesRead;
        while (pending.length >= BATCH_SIZE) {
          yield { poses: pending.slice(0, BATCH_SIZE), bytesRead };
          pending = pending.slice(BATCH_SIZE);
        }
      }
      if (pending.length > 0) yield { poses: pending, bytesRead };
    },
  };
}
