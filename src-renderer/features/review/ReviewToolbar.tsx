/**
 * @file The review toolbar: the state filters, each with its count always visible (from the page's
 * counts, moved at once by pending decisions), the number of variants and poses in view, the
 * selection size, Undo, the skeleton overlay toggle, the shortcuts help, and scoring.
 */
import type { ReviewCounts, ReviewFilter, ReviewState } from '../../../src-main/contract';
import { formatCount } from '../../../src-main/core/shared/format';
import { REVIEW_STATES, STATE_LABELS, countOf } from './model/filters';
import { ScoringPanel } from './ScoringPanel';

export function ReviewToolbar({
  counts,
  states,
  totals,
  selected,
  overlay,
  scoringFilter,
  onToggleState,
  onUndo,
  onOverlay,
  onHelp,
}: {
  counts: ReviewCounts | null;
  states: readonly ReviewState[];
  totals: { rows: number; variants: number } | null;
  selected: number;
  overlay: boolean;
  scoringFilter: ReviewFilter;
  onToggleState: (state: ReviewState) => void;
  onUndo: () => void;
  onOverlay: () => void;
  onHelp: () => void;
}) {
  return (
    <div className="review-toolbar">
      <h1 id="review-title">Review</h1>
      <StateFilters counts={counts} states={states} onToggle={onToggleState} />
      <span className="muted small" data-testid="review-totals" aria-live="polite">
        {totals === null
          ? 'Loading…'
          : `${formatCount(totals.variants)} variants of ${formatCount(totals.rows)} poses`}
        {selected > 0 && ` · ${formatCount(selected)} selected`}
      </span>
      <span className="topbar__spacer" />
      <ScoringPanel filter={scoringFilter} />
      <button
        type="button"
        className="button button--small"
        onClick={onUndo}
        data-testid="review-undo"
        title="Undo the last decision (U)"
      >
        Undo
      </button>
      <button
        type="button"
        className="button button--small"
        aria-pressed={overlay}
        onClick={onOverlay}
        data-testid="review-overlay-toggle"
        title="Show or hide the skeleton overlay (O)"
      >
        Skeleton
      </button>
      <button
        type="button"
        className="button button--small"
        onClick={onHelp}
        aria-label="Keyboard shortcuts"
        data-testid="review-help-open"
        title="Keyboard shortcuts (?)"
      >
        ?
      </button>
    </div>
  );
}

/** A toggle per state, each showing how many variants of the view are in it. */
function StateFilters({
  counts,
  states,
  onToggle,
}: {
  counts: ReviewCounts | null;
  states: readonly ReviewState[];
  onToggle: (state: ReviewState) => void;
}) {
  return (
    <div className="review-states" role="group" aria-label="Show variants that are">
      {REVIEW_STATES.map((state) => (
        <button
          key={state}
          type="button"
          className={`review-state-filter review-state-filter--${state}`}
          aria-pressed={states.includes(state)}
          onClick={() => onToggle(state)}
          data-testid={`review-filter-state-${state}`}
        >
          {STATE_LABELS[state]}{' '}
          <span className="review-state-filter__count" data-testid={`review-count-${state}`}>
            {counts === null ? '–' : formatCount(countOf(counts, state))}
          </span>
        </button>
      ))}
    </div>
  );
}
