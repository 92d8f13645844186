/**
 * @file One card of the pose grid: the thumbnail and a caption (id, labeled count, first tag).
 * Memoized on its props, so scrolling renders only the cards that come into view.
 */
import { memo, type MouseEvent } from 'react';
import type { Pose } from '../../../src-main/contract';
import { PoseThumb } from './PoseThumb';

export type CardClick = { index: number; pose: Pose; toggle: boolean; range: boolean };

export function cardId(poseId: number): string {
  return `pose-card-${poseId}`;
}

type PoseCardProps = {
  index: number;
  /** Undefined while its page loads. */
  pose: Pose | undefined;
  size: number;
  selected: boolean;
  focused: boolean;
  onClick: (click: CardClick) => void;
  onOpen: (index: number, pose: Pose) => void;
};

export const PoseCard = memo(function PoseCard({
  index,
  pose,
  size,
  selected,
  focused,
  onClick,
  onOpen,
}: PoseCardProps) {
  // While its page loads the card keeps its canvas (blank), so the canvas is reused, not re-made.
  if (pose === undefined) {
    return (
      <div role="gridcell" className="pose-card pose-card--loading" style={{ width: size }} aria-busy="true">
        <PoseThumb pose={null} size={size} />
        <div className="pose-card__caption" />
      </div>
    );
  }
  const click = (event: MouseEvent) =>
    onClick({ index, pose, toggle: event.ctrlKey || event.metaKey, range: event.shiftKey });
  return (
    <div
      id={cardId(pose.id)}
      role="gridcell"
      aria-selected={selected}
      className={`pose-card${selected ? ' pose-card--selected' : ''}${focused ? ' pose-card--focused' : ''}`}
      style={{ width: size }}
      data-testid="pose-card"
      data-pose-id={pose.id}
      onMouseDown={(event) => event.shiftKey && event.preventDefault()}
      onClick={click}
      onDoubleClick={() => onOpen(index, pose)}
      title={`Pose ${pose.id}: ${pose.labeledCount}/17 keypoints labeled`}
    >
      <PoseThumb pose={pose} size={size} />
      <div className="pose-card__caption">
        <span className="mono">#{pose.id}</span>
        <span className="pose-card__labeled">{pose.labeledCount}/17</span>
        {pose.tags.length > 0 && <span className="pose-card__tag">{pose.tags[0]}</span>}
      </div>
    </div>
  );
});
