/**
 * @file Synthetic COCO-17 poses with known geometry for tests: a person standing facing the
 * viewer, the same person seen from behind, and a variant with the right hand over the face.
 */
import type { Keypoint } from '../../contract';
import type { GeneratorPose } from './types';

const FRONT: readonly Keypoint[] = [
  [100, 60, 2],
  [108, 52, 2],
  [92, 52, 2],
  [118, 56, 2],
  [82, 56, 2],
  [140, 110, 2],
  [60, 110, 2],
  [150, 170, 2],
  [50, 170, 2],
  [155, 225, 2],
  [45, 225, 2],
  [125, 220, 2],
  [75, 220, 2],
  [128, 300, 2],
  [72, 300, 2],
  [130, 375, 2],
  [70, 375, 2],
];

/** Standing, facing the viewer (the person's left on the image right), canvas 200 x 400. */
export function frontPose(): GeneratorPose {
  return { width: 200, height: 400, keypoints: FRONT.map((k) => [...k] as Keypoint) };
}

/** The same body seen from behind: mirrored, face unlabeled, ears visible. */
export function backPose(): GeneratorPose {
  const keypoints = FRONT.map((k, i): Keypoint => (i <= 2 ? [0, 0, 0] : [200 - k[0], k[1], k[2]]));
  return { width: 200, height: 400, keypoints };
}

/** Facing the viewer with the right wrist raised over the nose (elbow bent up beside the chest). */
export function handOverFacePose(): GeneratorPose {
  const pose = frontPose();
  pose.keypoints[8] = [70, 120, 2];
  pose.keypoints[10] = [100, 64, 2];
  return pose;
}
