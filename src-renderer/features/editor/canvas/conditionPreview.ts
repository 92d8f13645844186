/**
 * @file What the condition-map preview shows, as pure functions: the ControlNet-OpenPose map a
 * generator would receive for the current pose at an output of at most `maxSize` pixels on the
 * longer side (the pose canvas fitted into it, aspect kept), rendered by core's
 * `conditionMapForPose`, the same code the generators use. Stick width and joint radius are the
 * real ones at that output size, so a 512 preview of a square pose is SD 1.5's condition image.
 */
import { conditionMapForPose } from '../../../../src-main/core/generate/conditionMap';
import type { EditorState } from '../model/editorStore';
import { cloneKeypoints, type Keypoint } from '../model/types';

export const DEFAULT_PREVIEW_SIZE = 512;

export type PreviewInput = {
  /** The pose canvas. */
  pose: { width: number; height: number; keypoints: Keypoint[] };
  /** The output (preview) size in pixels. */
  width: number;
  height: number;
};

/** The map's output size: the pose canvas scaled so its longer side is `maxSize` (at least 1 px each way). */
export function previewSize(
  width: number,
  height: number,
  maxSize: number,
): { width: number; height: number } {
  const scale = maxSize / Math.max(width, height, 1e-9);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export function previewInput(
  state: Pick<EditorState, 'width' | 'height' | 'keypoints'>,
  maxSize: number = DEFAULT_PREVIEW_SIZE,
): PreviewInput {
  const size = previewSize(state.width, state.height, maxSize);
  return {
    pose: { width: state.width, height: state.height, keypoints: cloneKeypoints(state.keypoints) },
    ...size,
  };
}

/** RGBA8 pixels of the preview (width x height x 4). */
export function previewPixels(input: PreviewInput): Uint8Array {
  return conditionMapForPose(input.pose, input.width, input.height);
}

/** True when the preview of `next` can differ from that of `previous` (pose or canvas changed). */
export function previewChanged(
  previous: Pick<EditorState, 'width' | 'height' | 'keypoints'> | null,
  next: Pick<EditorState, 'width' | 'height' | 'keypoints'>,
): boolean {
  return (
    previous === null ||
    previous.keypoints !== next.keypoints ||
    previous.width !== next.width ||
    previous.height !== next.height
  );
}
