/**
 * @file File-level readers for frame formats: one OpenPose / ControlNet frame object, an array of
 * frames (ComfyUI POSE_KEYPOINT, multi-frame editor exports), and a ZIP of OpenPose frame files
 * (our multi-pose OpenPose export). The frame conversion itself is in openpose.ts.
 */
import { StudioError } from '../../../contract';
import { unzipEntries, ZipFormatError } from '../../shared/unzip';
import type { OpenBytes, PoseFileReader, PoseImportOptions, PoseRecord } from '../types';
import { isRecord, makeReader, malformed, readJson } from './common';
import { framePoses, type FrameContext } from './openpose';

/** A frame object (read whole: frames are small) or an array of frames (one at a time). */
export function openFrameFile(
  open: OpenBytes,
  file: string,
  options: PoseImportOptions,
  format: 'openpose' | 'controlnet',
): PoseFileReader {
  return makeReader(format, null, async function* (state) {
    const ctx: FrameContext = { format, file, options, state };
    let frame: Record<string, unknown> = {};
    for await (const { events, bytesRead } of readJson(open, file, {})) {
      const poses: PoseRecord[] = [];
      for (const event of events) {
        if (event.type === 'value') frame[event.key] = event.value;
        else if (event.type === 'element') {
          const index = event.index;
          const label = { record: (p: number) => `${index}:${p}`, where: `frame ${index}`, image: null };
          poses.push(...framePoses(ctx, event.value, label));
        } else if (event.type === 'end' && event.root === 'object') {
          poses.push(...framePoses(ctx, frame, { record: String, where: '(file)', image: null }));
          frame = {};
        }
      }
      yield { poses, bytesRead };
    }
  });
}

const decoder = new TextDecoder();

function parseEntry(file: string, name: string, data: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(data));
  } catch (error) {
    throw malformed(file, name, '(entry)', `not valid JSON: ${(error as Error).message}`);
  }
}

/** A ZIP whose .json entries are OpenPose (or editor) frames; record = `${entry}:${person}`. */
export function openZipFrames(open: OpenBytes, file: string, options: PoseImportOptions): PoseFileReader {
  return makeReader('openpose', null, async function* (state) {
    const ctx: FrameContext = { format: 'openpose', file, options, state };
    try {
      for await (const entry of unzipEntries(open())) {
        if (!entry.name.toLowerCase().endsWith('.json')) {
          state.warn(`entries that are not .json files were ignored (e.g. ${entry.name})`);
          continue;
        }
        const frame = parseEntry(file, entry.name, entry.data);
        if (!isRecord(frame))
          throw malformed(file, entry.name, 'people', 'expected an OpenPose frame object');
        const label = { record: (p: number) => `${entry.name}:${p}`, where: entry.name, image: entry.name };
        yield { poses: framePoses(ctx, frame, label), bytesRead: entry.bytesRead };
      }
    } catch (error) {
      if (error instanceof ZipFormatError) {
        throw new StudioError('MALFORMED_FILE', `${file}: ${error.message}`, {
          file,
          record: null,
          field: null,
        });
      }
      throw error;
    }
  });
}
