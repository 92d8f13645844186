/** @file The last decision batches (`review.batches`: key presses, bulk actions, rule applies), each with Undo. */
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useBatches } from './useReviewData';

export function BatchesList({ onUndo }: { onUndo: (batchId: number) => void }) {
  const { batches, error } = useBatches(6);
  return (
    <div className="review-batches" data-testid="review-batches">
      <h3>Recent decisions</h3>
      <ErrorNotice error={error} />
      {batches === undefined ? (
        <p className="muted small">Loading…</p>
      ) : batches.length === 0 ? (
        <p className="muted small">None yet.</p>
      ) : (
        <ul className="review-batches__list">
          {batches.map((batch) => (
            <li
              key={batch.id}
              className={`review-batch${batch.undone ? ' review-batch--undone' : ''}`}
              data-testid="review-batch"
              data-batch-id={batch.id}
            >
              <span className="review-batch__label">{batch.label}</span>
              <span className="muted small">
                {batch.by === 'auto' ? 'rules' : 'by hand'}
                {batch.undone ? ' · undone' : ''}
              </span>
              <button
                type="button"
                className="button button--small"
                disabled={batch.undone}
                onClick={() => onUndo(batch.id)}
                data-testid={`review-batch-undo-${batch.id}`}
              >
                Undo
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
