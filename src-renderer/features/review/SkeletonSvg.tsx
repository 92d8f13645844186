/**
 * @file The skeleton overlay as SVG in the canvas's own pixel space (viewBox = canvas size, scaled
 * like the image under it with the same "contain" fit), in the OpenPose colours; optionally the
 * detected faces' boxes. Used on tiles, on the pose header of a row and in the large preview.
 */
import { memo, useMemo } from 'react';
import type { Keypoint, VariantScores } from '../../../src-main/contract';
import { overlayShapes } from './model/overlay';

export type SvgPose = { width: number; height: number; keypoints: readonly Keypoint[] };

export const SkeletonSvg = memo(function SkeletonSvg({
  pose,
  faces = [],
  skeleton = true,
  className,
  testId,
}: {
  pose: SvgPose;
  faces?: VariantScores['faces'];
  /** Draw the limbs and joints (false: the face boxes only). */
  skeleton?: boolean;
  className: string;
  testId?: string;
}) {
  const { limbs, joints, stroke, radius } = useMemo(() => overlayShapes(pose), [pose]);
  return (
    <svg
      className={className}
      viewBox={`0 0 ${pose.width} ${pose.height}`}
      preserveAspectRatio="xMidYMid meet"
      aria-hidden="true"
      data-testid={testId}
    >
      {skeleton &&
        limbs.map((limb, i) => (
          <line
            key={`l${i}`}
            {...{ x1: limb.x1, y1: limb.y1, x2: limb.x2, y2: limb.y2 }}
            stroke={limb.color}
            strokeWidth={stroke}
            strokeOpacity={limb.occluded ? 0.35 : 0.85}
            strokeLinecap="round"
          />
        ))}
      {skeleton &&
        joints.map((joint) => (
          <circle
            key={`j${joint.index}`}
            {...{ cx: joint.x, cy: joint.y, r: radius }}
            fill={joint.occluded ? 'none' : joint.color}
            stroke={joint.color}
            strokeWidth={stroke / 2}
          />
        ))}
      {faces.map(({ box: [x, y, w, h], score }, i) => (
        <g key={`f${i}`} data-testid="review-face-box">
          <rect {...{ x, y, width: w, height: h }} className="review-face-box" strokeWidth={stroke / 2} />
          <text x={x} y={y - stroke} className="review-face-box__label" fontSize={stroke * 3}>
            {score.toFixed(2)}
          </text>
        </g>
      ))}
    </svg>
  );
});
