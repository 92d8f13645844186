/**
 * @file Symmetric editing: the body's midline and mirroring left/right partners about it. In
 * symmetric mode every joint an edit moved pulls its partner to its mirror image, so a pair
 * stays mirrored however it is dragged or rotated. Whole-pose mirroring reuses core's
 * `mirrorPose` (with the left/right label swap) about the same midline, so the body stays put.
 */
import { mirrorPose } from '../../../../src-main/core/pose/geometry';
import { partnerOf } from './skeletonTree';
import type { Keypoint } from './types';

const MIDLINE_PAIRS = [
  [5, 6],
  [11, 12],
] as const;

/**
 * x of the body's vertical midline: the mean of the labeled shoulder and hip midpoints, else the
 * nose, else the centre of the labeled joints, else the canvas centre.
 */
export function bodyMidline(keypoints: readonly Keypoint[], width: number): number {
  const centres: number[] = [];
  for (const [left, right] of MIDLINE_PAIRS) {
    const l = keypoints[left];
    const r = keypoints[right];
    if (l && r && l[2] > 0 && r[2] > 0) centres.push((l[0] + r[0]) / 2);
  }
  if (centres.length > 0) return centres.reduce((sum, x) => sum + x, 0) / centres.length;
  const nose = keypoints[0];
  if (nose && nose[2] > 0) return nose[0];
  const labeled = keypoints.filter((point) => point[2] > 0);
  if (labeled.length > 0) return labeled.reduce((sum, point) => sum + point[0], 0) / labeled.length;
  return width / 2;
}

/**
 * Mirror the partner of every joint in `moved` (whose partner did not move itself) about the
 * vertical line x = `midline`. An unlabeled partner stays unlabeled; the partner keeps its own
 * visibility. Returns a new array.
 */
export function mirrorPartners(
  keypoints: readonly Keypoint[],
  moved: Iterable<number>,
  midline: number,
): Keypoint[] {
  const out = keypoints.slice();
  const movedSet = new Set(moved);
  for (const joint of movedSet) {
    const partner = partnerOf(joint);
    if (partner === null || movedSet.has(partner)) continue;
    const source = keypoints[joint]!;
    const target = keypoints[partner]!;
    if (source[2] === 0 || target[2] === 0) continue;
    out[partner] = [2 * midline - source[0], source[1], target[2]];
  }
  return out;
}

/** The whole pose mirrored about its midline, left and right labels swapped. */
export function mirrorAboutMidline(keypoints: readonly Keypoint[], width: number): Keypoint[] {
  return mirrorPose(keypoints, 2 * bodyMidline(keypoints, width));
}
