/**
 * @file The Review page (#/review): the toolbar (state filters with counts, scoring, undo,
 * overlay, help), the filters on the left, the virtualized grid of variants grouped by pose in the
 * middle with the large preview over it, and the rules with the recent batches on the right. A
 * failed decision is rolled back and said so here. Sends the user to the project page when no
 * project is open.
 */
import { errorText } from '../../api/errors';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ProjectGate, type ProjectPageProps } from '../../ui/ProjectGate';
import { FilterPanel } from './FilterPanel';
import { HelpDialog } from './HelpDialog';
import { isFiltered, toggleState } from './model/filters';
import { PreviewPanel } from './PreviewPanel';
import { ReviewGrid } from './ReviewGrid';
import { ReviewToolbar } from './ReviewToolbar';
import { RulesPanel } from './RulesPanel';
import { useReviewWorkspace, type ReviewWorkspace } from './useReviewWorkspace';
import './review.css';

export function ReviewPage(props: ProjectPageProps) {
  return (
    <ProjectGate
      {...props}
      page="review"
      title="Review"
      why="Review works on the generated variants of a project."
    >
      {(project) => <ReviewView key={project.path} />}
    </ProjectGate>
  );
}

function ReviewView() {
  const ws = useReviewWorkspace();
  const { summary, cursor, decisions } = ws;
  return (
    <section
      className="page review-page"
      aria-labelledby="review-title"
      onKeyDown={ws.onKeyDown}
      data-testid="review-page"
    >
      <ReviewToolbar
        counts={ws.counts}
        states={ws.filterState.states}
        totals={summary && { rows: summary.totalRows, variants: summary.totalVariants }}
        selected={cursor.selection.ids.size}
        overlay={ws.overlay}
        scoringFilter={ws.workFilter}
        onToggleState={(state) => ws.changeFilter((filter) => toggleState(filter, state))}
        onUndo={() => decisions.undo()}
        onOverlay={() => ws.setOverlay((on) => !on)}
        onHelp={() => ws.setHelp(true)}
      />
      {decisions.failure !== null && (
        <div className="error-notice" role="alert" data-testid="review-error">
          <span className="error-notice__message">
            Could not {decisions.failure.action}; the change was rolled back.{' '}
            {errorText(decisions.failure.cause)}
          </span>
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={decisions.clearFailure}
            aria-label="Dismiss error"
          >
            ×
          </button>
        </div>
      )}
      <ErrorNotice error={ws.checksError ?? ws.store.error} onDismiss={() => ws.store.invalidate()} />
      <div className="review-page__body">
        <FilterPanel
          filter={ws.filterState}
          sort={ws.sort}
          checks={ws.checks}
          onFilter={ws.changeFilter}
          onSort={ws.setSort}
        />
        <GridArea ws={ws} />
        <RulesPanel
          checks={ws.checks}
          rules={ws.rules}
          filter={ws.workFilter}
          onRules={ws.setRules}
          onUndo={(batchId) => decisions.undo(batchId)}
        />
      </div>
      {ws.help && <HelpDialog onClose={() => ws.setHelp(false)} />}
    </section>
  );
}

function GridArea({ ws }: { ws: ReviewWorkspace }) {
  const { summary, cursor } = ws;
  const row = ws.store.row(cursor.focus.row);
  const focused = cursor.focused;
  return (
    <div className="review-page__grid">
      {cursor.notice !== null && (
        <p className="review-notice small" role="status" data-testid="review-notice">
          {cursor.notice}
        </p>
      )}
      {summary !== null && summary.totalRows === 0 ? (
        <div className="empty-state" data-testid="review-empty">
          <p>
            {isFiltered(ws.filterState)
              ? 'No variant matches these filters.'
              : 'No variants yet. Generate some on the Generate page.'}
          </p>
        </div>
      ) : (
        <ReviewGrid
          store={ws.store}
          totalRows={summary?.totalRows ?? 0}
          queryKey={ws.key}
          focus={cursor.focus}
          focusedId={focused?.id ?? null}
          selection={cursor.selection}
          overlay={ws.overlay}
          stateOf={ws.shownState}
          failingOf={ws.failingOf}
          scrollTo={cursor.scrollTo}
          onTileClick={(click) => {
            cursor.click({ row: click.row, col: click.col }, click.id, click.mode);
            if (click.open) ws.setPreview(true);
          }}
          onPageRows={cursor.setPageRows}
        />
      )}
      {ws.preview && focused !== undefined && row !== undefined && (
        <PreviewPanel
          variant={focused}
          pose={row.pose}
          state={ws.shownState(focused, cursor.focus.row)}
          checks={ws.checks}
          rules={ws.rules}
          overlay={ws.overlay}
          onClose={() => ws.setPreview(false)}
        />
      )}
    </div>
  );
}
