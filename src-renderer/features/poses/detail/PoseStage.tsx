/**
 * @file A read-only Konva view of one pose, in the same OpenPose colours as the thumbnails: the
 * pose canvas as a frame, limbs, joints (occluded ones hollow). The editable canvas is the pose
 * editor's job (a later issue); this only displays.
 */
import { Circle, Layer, Line, Rect, Stage } from 'react-konva';
import type { Pose } from '../../../../src-main/contract';
import { fitCanvas, skeletonShapes } from '../draw/openposeStyle';

export function PoseStage({ pose, size }: { pose: Pose; size: number }) {
  const fit = fitCanvas(pose.width, pose.height, size, size, 8);
  const { limbs, joints } = skeletonShapes(pose.keypoints);
  const px = (x: number) => fit.dx + x * fit.scale;
  const py = (y: number) => fit.dy + y * fit.scale;
  const stroke = Math.max(2, size / 80);
  return (
    <Stage width={size} height={size} className="pose-stage" listening={false}>
      <Layer>
        <Rect x={0} y={0} width={size} height={size} fill="#16181c" />
        <Rect
          x={fit.dx}
          y={fit.dy}
          width={pose.width * fit.scale}
          height={pose.height * fit.scale}
          fill="#22252b"
        />
        {limbs.map((limb, i) => (
          <Line
            key={`limb-${i}`}
            points={[px(limb.x1), py(limb.y1), px(limb.x2), py(limb.y2)]}
            stroke={limb.color}
            strokeWidth={stroke}
            lineCap="round"
            opacity={limb.occluded ? 0.35 : 0.9}
          />
        ))}
        {joints.map((joint) => (
          <Circle
            key={`joint-${joint.index}`}
            x={px(joint.x)}
            y={py(joint.y)}
            radius={stroke * 1.4}
            fill={joint.occluded ? undefined : joint.color}
            stroke={joint.occluded ? joint.color : undefined}
            strokeWidth={joint.occluded ? 1.5 : 0}
            opacity={joint.occluded ? 0.7 : 1}
          />
        ))}
      </Layer>
    </Stage>
  );
}
