/**
 * @file Keypoint visibility after self-occlusion: a labelled joint whose pixel shows another body
 * segment (or hair, hat, bag) than its own becomes v=1; one whose own surface shows there is v=2;
 * one on background (its part not drawn, or outside the image) keeps its visibility. Unlabeled
 * joints stay [0, 0, 0].
 *
 * Face keypoints (nose, eyes, ears) are never raised above their label: the mannequin draws a
 * face feature only where the photo labels it visible, so an eye labelled occluded (v=1) is not
 * drawn, and calling it visible because head skin shows at its pixel would claim an eye on a
 * blank face (indistinguishable from the 'missing' face defect).
 */
import type { Keypoint } from '../../../contract';
import { KEYPOINT_OWN_PARTS } from './parts';

/** COCO keypoints 0..4 (nose, eyes, ears) are face features. */
const FACE_KEYPOINTS = 5;

export function visibleKeypoints(
  keypoints: readonly Keypoint[],
  parts: Uint8Array,
  width: number,
  height: number,
): Keypoint[] {
  return keypoints.map((k, index): Keypoint => {
    if (k[2] === 0) return [0, 0, 0];
    const x = Math.floor(k[0]);
    const y = Math.floor(k[1]);
    if (x < 0 || y < 0 || x >= width || y >= height) return [k[0], k[1], k[2]];
    const label = parts[y * width + x]!;
    if (label === 0) return [k[0], k[1], k[2]];
    const own = KEYPOINT_OWN_PARTS[index] ?? [];
    if (!own.includes(label)) return [k[0], k[1], 1];
    return [k[0], k[1], index < FACE_KEYPOINTS ? k[2] : 2];
  });
}
