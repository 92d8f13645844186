/**
 * @file Export entry point: the platform-free writer for each export format, as a stream of
 * string or byte chunks the caller writes wherever it likes (a file, an HTTP response).
 */
import type { ExportFormat } from '../../../contract';
import { cocoExportChunks, type ExportPose } from './exportCoco';
import { controlnetExportChunks, openposeExportChunks } from './exportOpenpose';

export type { ExportPose };

/**
 * Chunks of the export of `poses` (iterated once). `count` is how many poses there are: it picks
 * a single OpenPose/ControlNet object for one pose and a ZIP / an array of frames for several,
 * matching the file name the caller chooses from the same count.
 */
export function exportChunks(
  format: ExportFormat,
  poses: Iterable<ExportPose>,
  count: number,
  now: Date = new Date(),
): Iterable<string | Uint8Array> {
  switch (format) {
    case 'coco':
      return cocoExportChunks(poses, now);
    case 'openpose':
      return openposeExportChunks(poses, count, now);
    case 'controlnet':
      return controlnetExportChunks(poses, count);
  }
}
