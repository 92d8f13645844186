/**
 * @file One variant tile of the review grid (thumbnail loaded lazily, the skeleton overlay when
 * on, its state as a coloured frame and a letter, the checks it fails against the current
 * thresholds) and the pose header that starts each row. Tiles are memoized: a decision re-renders
 * only the tiles whose props changed.
 */
import { memo, useMemo, type MouseEvent } from 'react';
import type { ReviewRow, ReviewState, ReviewVariant } from '../../../src-main/contract';
import { useApi } from '../../api/ApiContext';
import { STATE_LABELS } from './model/filters';
import { overlayPose, poseCanvas } from './model/overlay';
import type { ClickMode } from './useReviewCursor';
import { SkeletonSvg } from './SkeletonSvg';

export const STATE_LETTER: Record<ReviewState, string> = {
  unreviewed: '·',
  accepted: 'A',
  'rejected-hand': 'R',
  'rejected-auto': 'R*',
};

export function tileId(variantId: number): string {
  return `review-tile-${variantId}`;
}

export type TileClick = { row: number; col: number; id: number; mode: ClickMode; open: boolean };

function clickMode(event: MouseEvent): ClickMode {
  if (event.shiftKey) return 'extend';
  return event.ctrlKey || event.metaKey ? 'toggle' : 'only';
}

export const ReviewTile = memo(function ReviewTile({
  variant,
  pose,
  row,
  col,
  state,
  focused,
  selected,
  overlay,
  failing,
  onClick,
}: {
  variant: ReviewVariant;
  pose: ReviewRow['pose'];
  row: number;
  col: number;
  state: ReviewState;
  focused: boolean;
  selected: boolean;
  overlay: boolean;
  /** Labels of the checks it fails, '' when none. */
  failing: string;
  onClick: (click: TileClick) => void;
}) {
  const { mediaUrl } = useApi();
  const skeleton = useMemo(() => overlayPose(variant, pose), [variant, pose]);
  const classes = ['review-tile', `review-tile--${state}`];
  if (focused) classes.push('review-tile--focused');
  if (selected) classes.push('review-tile--selected');
  const click = (event: MouseEvent, open: boolean) =>
    onClick({ row, col, id: variant.id, mode: open ? 'only' : clickMode(event), open });
  return (
    <div
      id={tileId(variant.id)}
      role="gridcell"
      className={classes.join(' ')}
      aria-selected={selected}
      aria-label={`Variant ${variant.index} of pose ${variant.poseId}: ${STATE_LABELS[state]}`}
      title={variant.prompt}
      data-testid="review-tile"
      data-state={state}
      data-variant-id={variant.id}
      data-row={row}
      data-col={col}
      onClick={(event) => click(event, false)}
      onDoubleClick={(event) => click(event, true)}
    >
      <div className="review-tile__media">
        <img
          className="review-tile__image"
          src={mediaUrl(variant.media.thumb)}
          alt=""
          loading="lazy"
          decoding="async"
          draggable={false}
        />
        {overlay && <SkeletonSvg pose={skeleton} className="review-overlay" />}
        <span className="review-tile__state" aria-hidden="true">
          {STATE_LETTER[state]}
        </span>
      </div>
      <span className="review-tile__caption">
        <span>#{variant.index}</span>
        {failing !== '' && (
          <span className="review-tile__fails" title={`Fails: ${failing}`} data-testid="review-tile-fails">
            ⚠ {failing}
          </span>
        )}
      </span>
    </div>
  );
});

export const PoseHeader = memo(function PoseHeader({ row }: { row: ReviewRow }) {
  const pose = useMemo(() => poseCanvas(row.pose), [row.pose]);
  return (
    <div role="rowheader" className="review-row__pose" aria-label={`Pose ${row.poseId}`}>
      <SkeletonSvg pose={pose} className="review-row__skeleton" />
      <span className="review-row__pose-id">Pose #{row.poseId}</span>
      <span className="muted small">
        {row.variants.length} variant{row.variants.length === 1 ? '' : 's'}
      </span>
    </div>
  );
});
