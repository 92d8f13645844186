/**
 * @file Platform-free pose types shared by the format readers/writers, the geometry helpers and
 * the catalog. The internal skeleton is COCO-17 (see skeleton.ts); DTO shapes come from the
 * contract so core and clients agree on them.
 */
import type { Box, Keypoint, PoseFormat, PoseImportOptions, SkipCounts, SkipReason } from '../../contract';

export type { Box, Keypoint, PoseFormat, PoseImportOptions, SkipCounts, SkipReason };

/** A pose as a reader produces it and the catalog stores it, before it has an id. */
export type PoseRecord = {
  width: number;
  height: number;
  /** 17 COCO keypoints [x, y, v]; unlabeled points are [0, 0, 0]. */
  keypoints: Keypoint[];
  /** Person box from the source, in canvas pixels, or null. */
  box: Box | null;
  source: {
    format: PoseFormat;
    file: string | null;
    /** Stable id of the record inside its file (annotation id, `frame:person`, ...). */
    record: string | null;
    image: string | null;
  };
};

/** Opens the file's bytes from the start; callable more than once (a reader may make two passes). */
export type OpenBytes = () => AsyncIterable<Uint8Array>;

export type ParsedBatch = {
  poses: PoseRecord[];
  /** Bytes consumed so far in the current pass (for progress). */
  bytesRead: number;
};

/**
 * A pose file being read. `batches()` streams poses in bounded batches; skip counts and warnings
 * fill in as it goes and are final once the iteration ends. Errors are `StudioError`s:
 * `UNSUPPORTED_FORMAT` when the file is no known pose format, `MALFORMED_FILE` with details
 * `{ file, record, field }` when it is one but is broken.
 */
export interface PoseFileReader {
  readonly format: PoseFormat;
  readonly skipped: SkipCounts;
  readonly warnings: string[];
  /** Total bytes a full read will consume (all passes), when known, for progress and ETA. */
  readonly totalBytes: number | null;
  batches(signal?: AbortSignal): AsyncIterable<ParsedBatch>;
}
