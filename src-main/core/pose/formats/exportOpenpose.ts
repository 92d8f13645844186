/**
 * @file OpenPose and ControlNet-editor writers. Both write the OpenPose COCO-18 body (neck from
 * the shoulders) with confidences 1 (visible), 0.25 (occluded) and 0,0,0 (unlabeled), plus the
 * canvas size, so our reader (occludedBelow 0.3, canvas keys) reads back the same pose exactly.
 * OpenPose: one frame file per pose, zipped when there are several. ControlNet: one object for a
 * single pose, an array of frames for several.
 */
import { zipStore } from '../../shared/zip';
import { cocoToOpenpose18 } from '../skeleton';
import type { Keypoint } from '../types';
import { StringBlocks, type ExportPose } from './exportCoco';

const CONFIDENCE = [0, 0.25, 1] as const;

export function openpose18Values(keypoints: readonly Keypoint[]): number[] {
  return cocoToOpenpose18(keypoints).flatMap(([x, y, v]) => (v === 0 ? [0, 0, 0] : [x, y, CONFIDENCE[v]]));
}

/** One OpenPose 1.3 frame for one pose, with our canvas keys. */
export function openposeFrame(pose: ExportPose): string {
  return JSON.stringify({
    version: 1.3,
    people: [
      {
        person_id: [-1],
        pose_keypoints_2d: openpose18Values(pose.keypoints),
        face_keypoints_2d: [],
        hand_left_keypoints_2d: [],
        hand_right_keypoints_2d: [],
        pose_keypoints_3d: [],
        face_keypoints_3d: [],
        hand_left_keypoints_3d: [],
        hand_right_keypoints_3d: [],
      },
    ],
    canvas_width: pose.width,
    canvas_height: pose.height,
  });
}

/** Entry name of a pose's frame inside the ZIP (OpenPose's `<name>_keypoints.json`). */
export const openposeEntryName = (pose: ExportPose): string => `pose_${pose.id}_keypoints.json`;

/** OpenPose export: a single frame JSON when `count` is 1, else a ZIP of frame files. */
export function* openposeExportChunks(
  poses: Iterable<ExportPose>,
  count: number,
  now: Date = new Date(),
): Generator<string | Uint8Array> {
  if (count === 1) {
    for (const pose of poses) yield `${openposeFrame(pose)}\n`;
    return;
  }
  const entries = function* () {
    for (const pose of poses) yield { name: openposeEntryName(pose), data: `${openposeFrame(pose)}\n` };
  };
  yield* zipStore(entries(), now);
}

function controlnetFrame(pose: ExportPose): string {
  return JSON.stringify({
    people: [
      {
        pose_keypoints_2d: openpose18Values(pose.keypoints),
        face_keypoints_2d: [],
        hand_left_keypoints_2d: [],
        hand_right_keypoints_2d: [],
      },
    ],
    canvas_width: pose.width,
    canvas_height: pose.height,
  });
}

/** ControlNet / openpose-editor JSON: one object when `count` is 1, else an array of frames. */
export function* controlnetExportChunks(poses: Iterable<ExportPose>, count: number): Generator<string> {
  if (count === 1) {
    for (const pose of poses) yield `${controlnetFrame(pose)}\n`;
    return;
  }
  const blocks = new StringBlocks();
  let first = true;
  let out = blocks.add('[');
  for (const pose of poses) {
    out = blocks.add(`${first ? '' : ','}\n${controlnetFrame(pose)}`) ?? out;
    first = false;
    if (out) yield out;
    out = null;
  }
  blocks.add('\n]\n');
  const last = blocks.take();
  if (last) yield last;
}
