/**
 * @file What the skeleton overlay draws on a variant: the variant's own keypoints (already in its
 * pixels, with visibility after self-occlusion) when it has any, else the pose's keypoints fitted
 * into the variant's canvas the way a generator centres a pose; both as SVG-ready limbs and joints
 * in the OpenPose colours the library uses, with stroke sizes relative to the canvas so a tile and
 * the large preview look alike. Pure.
 */
import type { Keypoint, ReviewRow } from '../../../../src-main/contract';
import { fitCanvas, skeletonShapes, type SkeletonShapes } from '../../poses/draw/openposeStyle';

export type Canvas = { width: number; height: number };
export type OverlayPose = Canvas & { keypoints: readonly Keypoint[]; fromPose: boolean };

/** Pose keypoints as the row carries them ([x, y, v] numbers) with v read as COCO visibility. */
export function asKeypoints(points: ReadonlyArray<readonly [number, number, number]>): Keypoint[] {
  return points.map(([x, y, v]): Keypoint => [x, y, v >= 2 ? 2 : v >= 1 ? 1 : 0]);
}

/** The pose canvas with typed keypoints, for the row's pose header. */
export function poseCanvas(pose: ReviewRow['pose']): Canvas & { keypoints: Keypoint[] } {
  return { width: pose.width, height: pose.height, keypoints: asKeypoints(pose.keypoints) };
}

export function hasLabeled(keypoints: readonly Keypoint[]): boolean {
  return keypoints.some(([, , v]) => v > 0);
}

/** The keypoints to overlay on a `variant`-sized canvas. */
export function overlayPose(
  variant: Canvas & { keypoints: readonly Keypoint[] },
  pose: ReviewRow['pose'],
): OverlayPose {
  const { width, height } = variant;
  if (hasLabeled(variant.keypoints)) return { width, height, keypoints: variant.keypoints, fromPose: false };
  const fit = fitCanvas(pose.width, pose.height, width, height);
  const keypoints = pose.keypoints.map(([x, y, v]): Keypoint => [
    fit.dx + x * fit.scale,
    fit.dy + y * fit.scale,
    v as Keypoint[2],
  ]);
  return { width, height, keypoints, fromPose: true };
}

export type OverlayShapes = SkeletonShapes & { stroke: number; radius: number };

/** Limbs and joints with a stroke about 1/70 of the canvas's longer side. */
export function overlayShapes(pose: Canvas & { keypoints: readonly Keypoint[] }): OverlayShapes {
  const side = Math.max(pose.width, pose.height, 1);
  return { ...skeletonShapes(pose.keypoints), stroke: side / 70, radius: side / 60 };
}
