/**
 * @file The Review page's state in one place: filter and sort (and the contract query they make),
 * the row store, optimistic decisions, the cursor, the rules being edited, the overlay / preview /
 * help toggles, and the key intents applied to them. Components only render what this returns.
 */
import { useCallback, useMemo, useState, type KeyboardEvent } from 'react';
import type { CheckInfo, ReviewSort, ReviewState, ReviewVariant } from '../../../src-main/contract';
import { DEFAULT_SORT, EMPTY_FILTER, toReviewFilter, withoutStates, type FilterState } from './model/filters';
import { reviewKeyIntent, reviewKeyTarget, type ReviewIntent } from './model/keys';
import { adjustCounts, stateOf, type HandStatus } from './model/optimistic';
import { failedChecks, reconcileRules, type RuleDraft } from './model/rules';
import { useDecisions } from './useDecisions';
import { useReviewCursor } from './useReviewCursor';
import { useChecks, useReviewStore } from './useReviewData';

const NO_CHECKS: never[] = [];

function useQueryState() {
  const checksQuery = useChecks();
  const checks = checksQuery.checks ?? NO_CHECKS;
  const [filterState, setFilterState] = useState<FilterState>(EMPTY_FILTER);
  const [sort, setSort] = useState<ReviewSort>(DEFAULT_SORT);
  const filter = useMemo(() => toReviewFilter(filterState, checks), [filterState, checks]);
  const query = useMemo(() => ({ filter, sort }), [filter, sort]);
  return {
    checks,
    checksError: checksQuery.error,
    filterState,
    setFilterState,
    sort,
    setSort,
    filter,
    query,
  };
}

/** The rules being edited (kept across check-list refetches) and which checks a variant fails under them. */
function useRules(checks: readonly CheckInfo[]) {
  const [ruleEdits, setRules] = useState<RuleDraft[]>([]);
  const rules = useMemo(() => reconcileRules(ruleEdits, checks), [ruleEdits, checks]);
  const labels = useMemo(() => new Map(checks.map((check) => [check.id, check.label])), [checks]);
  const failingOf = useCallback(
    (variant: ReviewVariant) =>
      failedChecks(checks, variant.scores, rules)
        .map((id) => labels.get(id) ?? id)
        .join(', '),
    [checks, rules, labels],
  );
  return { rules, setRules, failingOf };
}

type IntentActions = { [K in ReviewIntent['kind']]: (intent: Extract<ReviewIntent, { kind: K }>) => void };

/** The page's key handler: a key becomes an intent (model/keys.ts), the intent an action. */
function keyHandler(actions: IntentActions) {
  return (event: KeyboardEvent) => {
    const intent = reviewKeyIntent(event, reviewKeyTarget(event.target));
    if (intent === null) return;
    event.preventDefault();
    (actions[intent.kind] as (intent: ReviewIntent) => void)(intent);
  };
}

export function useReviewWorkspace() {
  const q = useQueryState();
  const { store, key } = useReviewStore(q.query);
  const decisions = useDecisions(store);
  const { rules, setRules, failingOf } = useRules(q.checks);
  const [overlay, setOverlay] = useState(true);
  const [preview, setPreview] = useState(false);
  const [help, setHelp] = useState(false);
  const summary = store.summary;
  const list = decisions.decisions;
  const shownState = useCallback(
    (variant: ReviewVariant, row: number): ReviewState =>
      stateOf(list, variant.id, variant.state, store.rowSeq(row)),
    [list, store],
  );
  const cursor = useReviewCursor(store, key, summary?.totalRows ?? 0, shownState);
  const counts = summary && adjustCounts(list, summary.counts, summary.seq);
  const decide = (status: HandStatus) => {
    const located = store.locate(cursor.targets());
    decisions.decide(new Map([...located].map(([id, at]) => [id, shownState(at.variant, at.index)])), status);
  };
  const unreviewedShown = q.filter.states === undefined || q.filter.states.includes('unreviewed');
  const onKeyDown = keyHandler({
    move: ({ key: navKey, extend }) => cursor.move(navKey, extend),
    decide: ({ status }) => decide(status),
    undo: () => decisions.undo(),
    next: () => void cursor.jumpNext(unreviewedShown && (counts?.unreviewed ?? 1) > 0),
    preview: () => setPreview((open) => !open),
    overlay: () => setOverlay((on) => !on),
    help: () => setHelp(true),
    escape: () => (preview ? setPreview(false) : cursor.clearSelection()),
  });
  return {
    ...{ checks: q.checks, checksError: q.checksError, filterState: q.filterState, sort: q.sort },
    ...{ filter: q.filter, store, key, summary, counts, decisions, cursor, rules, overlay, preview, help },
    ...{
      shownState,
      failingOf,
      onKeyDown,
      decide,
      setSort: q.setSort,
      setRules,
      setOverlay,
      setPreview,
      setHelp,
    },
    changeFilter: (update: (current: FilterState) => FilterState) => q.setFilterState(update),
    /** What the rules and the scoring job work on: the grid's filter without its states. */
    workFilter: withoutStates(q.filter),
  };
}

export type ReviewWorkspace = ReturnType<typeof useReviewWorkspace>;
