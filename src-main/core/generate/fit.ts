/**
 * @file Fitting a pose canvas into an output image: one uniform scale (aspect kept) and a centring
 * offset, shared by the condition map and every generator so all modalities of a variant agree on
 * where each joint lands.
 */
import type { Keypoint } from '../../contract';

export type PoseFit = { scale: number; offsetX: number; offsetY: number };

/** The largest uniform scale that fits `width x height` into `outWidth x outHeight`, centred. */
export function fitCanvas(width: number, height: number, outWidth: number, outHeight: number): PoseFit {
  const scale = Math.min(outWidth / Math.max(width, 1e-9), outHeight / Math.max(height, 1e-9));
  return {
    scale,
    offsetX: (outWidth - width * scale) / 2,
    offsetY: (outHeight - height * scale) / 2,
  };
}

/** Keypoints mapped through a fit; unlabeled points stay [0, 0, 0]. */
export function fitKeypoints(keypoints: readonly Keypoint[], fit: PoseFit): Keypoint[] {
  return keypoints.map((point): Keypoint => {
    if (point[2] === 0) return [0, 0, 0];
    return [point[0] * fit.scale + fit.offsetX, point[1] * fit.scale + fit.offsetY, point[2]];
  });
}
