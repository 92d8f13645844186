/**
 * @file Draws a pose thumbnail on a 2D canvas context: the pose canvas as a slightly lighter frame
 * on the card's background, limbs as OpenPose-coloured strokes, joints as dots (occluded: hollow
 * and dim). Takes the minimal context surface it uses, so tests can record the calls.
 */
import type { Keypoint } from '../../../../src-main/contract';
import { fitCanvas, skeletonShapes } from './openposeStyle';

export type Ctx2D = Pick<
  CanvasRenderingContext2D,
  | 'setTransform'
  | 'clearRect'
  | 'fillRect'
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'arc'
  | 'stroke'
  | 'fill'
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'globalAlpha'
  | 'lineCap'
>;

export const THUMB_BACKGROUND = '#16181c';
export const THUMB_FRAME = '#22252b';

export type ThumbnailPose = { width: number; height: number; keypoints: readonly Keypoint[] };

/** Paint the empty card background (a pose still loading). */
export function clearThumbnail(ctx: Ctx2D, size: number, ratio = 1): void {
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.globalAlpha = 1;
  ctx.fillStyle = THUMB_BACKGROUND;
  ctx.fillRect(0, 0, size, size);
}

/** Draw `pose` into a `size`×`size` CSS-pixel area; `ratio` is the device pixel ratio. */
export function drawThumbnail(ctx: Ctx2D, pose: ThumbnailPose, size: number, ratio = 1): void {
  clearThumbnail(ctx, size, ratio);
  const fit = fitCanvas(pose.width, pose.height, size, size, 4);
  ctx.fillStyle = THUMB_FRAME;
  ctx.fillRect(fit.dx, fit.dy, pose.width * fit.scale, pose.height * fit.scale);
  const { limbs, joints } = skeletonShapes(pose.keypoints);
  const lineWidth = Math.max(1.5, size / 48);
  ctx.lineCap = 'round';
  ctx.lineWidth = lineWidth;
  for (const limb of limbs) {
    ctx.globalAlpha = limb.occluded ? 0.35 : 0.9;
    ctx.strokeStyle = limb.color;
    ctx.beginPath();
    ctx.moveTo(fit.dx + limb.x1 * fit.scale, fit.dy + limb.y1 * fit.scale);
    ctx.lineTo(fit.dx + limb.x2 * fit.scale, fit.dy + limb.y2 * fit.scale);
    ctx.stroke();
  }
  const radius = Math.max(1.5, size / 56);
  for (const joint of joints) {
    ctx.beginPath();
    ctx.arc(fit.dx + joint.x * fit.scale, fit.dy + joint.y * fit.scale, radius, 0, Math.PI * 2);
    if (joint.occluded) {
      ctx.globalAlpha = 0.6;
      ctx.lineWidth = 1;
      ctx.strokeStyle = joint.color;
      ctx.stroke();
    } else {
      ctx.globalAlpha = 1;
      ctx.fillStyle = joint.color;
      ctx.fill();
    }
  }
  ctx.globalAlpha = 1;
}
