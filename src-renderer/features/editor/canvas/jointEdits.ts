/**
 * @file Exact edits for the numeric panel, through the editor's store so each is one undo step:
 * set a joint's position (its partner follows in symmetric mode, as in a drag), and the common
 * visibility of a selection. Kept beside the panel rather than in the model: they are made of
 * the model's public pieces (`store.commitPose`, the symmetry helpers) and add no new state.
 */
import { bodyMidline, mirrorPartners } from '../model/symmetry';
import type { PoseEditor } from '../model/poseEditor';
import type { Keypoint, Visibility } from '../model/types';

export const SET_POSITION_LABEL = 'Set joint position';

/**
 * Move `joint` to exactly (x, y) as one undo step. Refused (false) for an unlabeled joint (it is
 * placed instead), a non-finite number, no change, or during a drag (whose transaction is open).
 */
export function setJointPosition(editor: PoseEditor, joint: number, x: number, y: number): boolean {
  const { keypoints, symmetric, width } = editor.state;
  const point = keypoints[joint];
  if (editor.dragging || point === undefined || point[2] === 0) return false;
  if (!Number.isFinite(x) || !Number.isFinite(y) || (point[0] === x && point[1] === y)) return false;
  const next = keypoints.slice();
  next[joint] = [x, y, point[2]];
  // Like a drag, mirror about the midline of the pose before the edit.
  const pose = symmetric ? mirrorPartners(next, [joint], bodyMidline(keypoints, width)) : next;
  editor.store.commitPose(SET_POSITION_LABEL, pose);
  return true;
}

/** The visibility every joint in `joints` shares, or 'mixed'; null for no joints. */
export function commonVisibility(
  keypoints: readonly Keypoint[],
  joints: readonly number[],
): Visibility | 'mixed' | null {
  let common: Visibility | null = null;
  for (const joint of joints) {
    const v = keypoints[joint]?.[2];
    if (v === undefined) continue;
    if (common !== null && common !== v) return 'mixed';
    common = v;
  }
  return common;
}

/** Numbers as the panel shows them: at most two decimals, no trailing zeros. */
export function formatCoordinate(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** The number typed in a coordinate field, or null when it is not one. */
export function parseCoordinate(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}
