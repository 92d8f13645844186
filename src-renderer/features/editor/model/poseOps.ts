/**
 * @file Pure pose edits behind the editor's commands: visibility, placing an unlabeled joint,
 * flipping one limb's left/right labels, fitting a preset into the canvas, and the pose
 * clipboard (in memory, plus a JSON text form validated by the contract's schema so a paste from
 * the system clipboard can never put a malformed pose in the store).
 */
import { z } from 'zod';
import { KeypointsSchema } from '../../../../src-main/contract';
import type { PosePreset } from '../../../../src-main/core/pose/presets';
import { limbOf, partnerOf } from './skeletonTree';
import type { Keypoint, Point, Visibility } from './types';

/**
 * Set `v` on the given joints. Unlabeling sets [0, 0, 0] (COCO's form); labeling a joint that was
 * unlabeled is not possible here (it has no position) and is left to placing.
 */
export function setVisibility(
  keypoints: readonly Keypoint[],
  joints: readonly number[],
  v: Visibility,
): Keypoint[] {
  const out = keypoints.slice();
  for (const joint of joints) {
    const point = keypoints[joint];
    if (point === undefined || point[2] === 0) continue;
    out[joint] = v === 0 ? [0, 0, 0] : [point[0], point[1], v];
  }
  return out;
}

export function placeJoint(keypoints: readonly Keypoint[], joint: number, point: Point): Keypoint[] {
  const out = keypoints.slice();
  out[joint] = [point.x, point.y, 2];
  return out;
}

/** The first unlabeled joint, or null. */
export function firstUnlabeled(keypoints: readonly Keypoint[]): number | null {
  const index = keypoints.findIndex((point) => point[2] === 0);
  return index < 0 ? null : index;
}

/**
 * Swap the left/right labels of the limb `joint` belongs to (arm, leg or eyes and ears) with its
 * partner limb: the fix for an annotator who swapped one limb's sides. Positions stay where they
 * are; only which side each belongs to changes. Null when the joint has no limb (the nose).
 */
export function flipLimb(keypoints: readonly Keypoint[], joint: number): Keypoint[] | null {
  const limb = limbOf(joint);
  if (limb === null) return null;
  const out = keypoints.slice();
  for (const index of limb) {
    const partner = partnerOf(index)!;
    out[index] = keypoints[partner]!;
    out[partner] = keypoints[index]!;
  }
  return out;
}

/** A preset scaled uniformly and centred into a width x height canvas (presets are authored at 512 x 512). */
export function fitPreset(preset: PosePreset, width: number, height: number): Keypoint[] {
  const scale = Math.min(width / preset.width, height / preset.height);
  const dx = (width - preset.width * scale) / 2;
  const dy = (height - preset.height * scale) / 2;
  return preset.keypoints.map(([x, y, v]): Keypoint =>
    v === 0 ? [0, 0, 0] : [x * scale + dx, y * scale + dy, v],
  );
}

/** A copied pose with the canvas it was drawn on, so a paste into another canvas can rescale it. */
export type PoseClip = { width: number; height: number; keypoints: Keypoint[] };

export interface PoseClipboard {
  read(): PoseClip | null;
  write(clip: PoseClip): void;
}

/** A clipboard shared by the editors that are given it (the app keeps one per window). */
export function memoryClipboard(): PoseClipboard {
  let clip: PoseClip | null = null;
  return {
    read: () => clip,
    write: (next) => {
      clip = { ...next, keypoints: next.keypoints.map(([x, y, v]): Keypoint => [x, y, v]) };
    },
  };
}

/** The clip's pose in a width x height canvas: scaled by the canvas ratio per axis. */
export function clipInto(clip: PoseClip, width: number, height: number): Keypoint[] {
  const sx = width / clip.width;
  const sy = height / clip.height;
  return clip.keypoints.map(([x, y, v]): Keypoint => (v === 0 ? [0, 0, 0] : [x * sx, y * sy, v]));
}

const ClipTextSchema = z.object({
  kind: z.literal('pose-studio/pose'),
  width: z.number().positive(),
  height: z.number().positive(),
  keypoints: KeypointsSchema,
});

export function clipToText(clip: PoseClip): string {
  return JSON.stringify({ kind: 'pose-studio/pose', ...clip });
}

/** The clip in `text`, or null when it is not a Pose Studio pose. */
export function clipFromText(text: string): PoseClip | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = ClipTextSchema.safeParse(data);
  return parsed.success
    ? { width: parsed.data.width, height: parsed.data.height, keypoints: parsed.data.keypoints }
    : null;
}
