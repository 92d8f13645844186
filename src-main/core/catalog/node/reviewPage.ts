/**
 * @file One page of the review grid: pose rows (a pose with its matching variants side by side),
 * in pose order or by a check's worst value per row, with the totals and per-state counts.
 *
 * Pose order pages come from `SELECT DISTINCT pose_id ... ORDER BY pose_id LIMIT/OFFSET` over the
 * narrow review indexes. Worst-first pages walk `variant_scores_by_value` in worst-first order and
 * keep each pose's first appearance, stopping once the page is full; best-first aggregates. Rows
 * with no value for the sorted check come after the scored ones, in pose order. Only the page's
 * variant rows are read in full. Totals and the best-first order are computed once per filter
 * while the catalog is unchanged (catalogCache.ts).
 */
import type Database from 'better-sqlite3';
import {
  StudioError,
  type Keypoint,
  type ReviewCounts,
  type ReviewFilter,
  type ReviewPage,
  type ReviewRow,
  type ReviewSort,
  type ReviewState,
  type ReviewVariant,
} from '../../../contract';
import {
  bestFirstOrderQuery,
  isPoseLevel,
  poseCountQuery,
  poseLevelCountQuery,
  poseLevelCountsQuery,
  poseLevelPageQuery,
  poseLevelWhere,
  posePageQuery,
  reviewState,
  reviewWhere,
  rowVariantsQuery,
  stateCountsQuery,
  unscoredTailQuery,
  worstWalkQuery,
  type SqlFragment,
  type WhereOptions,
} from '../reviewQuery';
import { cachedRead } from './catalogCache';
import { findCheckId, getScores } from './qualityRepo';
import { getVariants } from './variantsRepo';

/** What the review queries need to know of the checks the studio offers. */
export type ReviewChecks = {
  names: readonly string[];
  direction(name: string): 'low-is-bad' | 'high-is-bad' | undefined;
};

export type ReviewPageInput = {
  filter: ReviewFilter;
  sort: ReviewSort;
  offset: number;
  limit: number;
  variantsPerRow: number;
};

type Ctx = { db: Database.Database; checks: ReviewChecks; known: ReadonlySet<string> };

function where(ctx: Ctx, filter: ReviewFilter, options: WhereOptions = {}): SqlFragment {
  return reviewWhere(filter, (name) => findCheckId(ctx.db, name), { known: ctx.known, ...options });
}

const get = <T>(db: Database.Database, q: SqlFragment): T => db.prepare(q.sql).get(...q.params) as T;
const ids = (db: Database.Database, q: SqlFragment): number[] =>
  (db.prepare(q.sql).all(...q.params) as { poseId: number }[]).map((row) => row.poseId);

type Totals = { counts: ReviewCounts; totalRows: number };

function totals(ctx: Ctx, filter: ReviewFilter): Totals {
  return cachedRead(ctx.db, `review.totals ${JSON.stringify(filter)}`, (): Totals =>
    isPoseLevel(filter)
      ? {
          counts: get<ReviewCounts>(ctx.db, poseLevelCountsQuery(filter)),
          totalRows: get<{ n: number }>(ctx.db, poseLevelCountQuery(poseLevelWhere(filter))).n,
        }
      : {
          counts: get<ReviewCounts>(ctx.db, stateCountsQuery(where(ctx, filter, { states: false }))),
          totalRows: get<{ n: number }>(ctx.db, poseCountQuery(where(ctx, filter))).n,
        },
  );
}

/** Counts per state over the filter without its states part. */
export function reviewCounts(
  db: Database.Database,
  filter: ReviewFilter,
  checks: ReviewChecks,
): ReviewCounts {
  return totals({ db, checks, known: new Set(checks.names) }, filter).counts;
}

/** Pose ids of a page in pose order. */
function posePage(ctx: Ctx, filter: ReviewFilter, w: SqlFragment, offset: number, limit: number): number[] {
  const query = isPoseLevel(filter)
    ? poseLevelPageQuery(poseLevelWhere(filter), offset, limit)
    : posePageQuery(w, offset, limit);
  return ids(ctx.db, query);
}

/** Variants of the counts that are in the filter's states. */
export function variantsInStates(counts: ReviewCounts, states: readonly ReviewState[] | undefined): number {
  const pick = new Set(
    states && states.length > 0 ? states : ['unreviewed', 'accepted', 'rejected-hand', 'rejected-auto'],
  );
  return (
    (pick.has('unreviewed') ? counts.unreviewed : 0) +
    (pick.has('accepted') ? counts.accepted : 0) +
    (pick.has('rejected-hand') ? counts.rejectedHand : 0) +
    (pick.has('rejected-auto') ? counts.rejectedAuto : 0)
  );
}

/** Poses of the page when sorting by a check, scored rows first, then the rest in pose order. */
function pageByCheck(ctx: Ctx, input: ReviewPageInput, w: SqlFragment): number[] {
  const { sort, offset, limit, filter } = input;
  if (!ctx.known.has(sort.by)) {
    throw new StudioError('INVALID_INPUT', `cannot sort by "${sort.by}": not a check (or 'pose')`, {
      field: 'sort.by',
    });
  }
  const checkId = findCheckId(ctx.db, sort.by);
  const direction = ctx.checks.direction(sort.by);
  const lowIsBad = direction !== 'high-is-bad';
  let scoredRows = 0;
  const page: number[] = [];
  if (checkId !== undefined && sort.dir === 'best-first') {
    // Needs every scored row's worst value: computed once per filter while the catalog is unchanged.
    const key = `review.bestFirst ${sort.by} ${JSON.stringify(filter)}`;
    const order = cachedRead(ctx.db, key, () => ids(ctx.db, bestFirstOrderQuery(w, checkId, lowIsBad)));
    page.push(...order.slice(offset, offset + limit));
    if (page.length === limit) return page;
    scoredRows = order.length;
  } else if (checkId !== undefined) {
    const seen = new Set<number>();
    const walk = worstWalkQuery(w, checkId, lowIsBad);
    for (const row of ctx.db.prepare(walk.sql).iterate(...walk.params) as Iterable<{ poseId: number }>) {
      if (seen.has(row.poseId)) continue;
      seen.add(row.poseId);
      if (seen.size > offset) page.push(row.poseId);
      if (page.length === limit) return page;
    }
    scoredRows = seen.size;
  }
  const tailOffset = Math.max(0, offset - scoredRows);
  const inner = where(ctx, filter, { alias: 'w' });
  if (checkId === undefined) return posePage(ctx, filter, w, tailOffset, limit);
  page.push(...ids(ctx.db, unscoredTailQuery(w, inner, checkId, tailOffset, limit - page.length)));
  return page;
}

function poseShapes(db: Database.Database, poseIds: readonly number[]) {
  const rows = db
    .prepare('SELECT id, width, height, keypoints FROM poses WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(poseIds)) as { id: number; width: number; height: number; keypoints: string }[];
  return new Map(
    rows.map((row) => [
      row.id,
      { width: row.width, height: row.height, keypoints: JSON.parse(row.keypoints) as Keypoint[] },
    ]),
  );
}

/** Review variants (state and scores added) of the given ids, in their order. */
export function reviewVariants(
  db: Database.Database,
  variantIds: readonly number[],
  names: readonly string[],
) {
  const variants = getVariants(db, variantIds);
  const decided = db
    .prepare('SELECT id, decided_by AS by FROM variants WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(variantIds)) as { id: number; by: string | null }[];
  const by = new Map(decided.map((row) => [row.id, row.by]));
  const scores = getScores(db, variantIds, names);
  return variants.map((variant): ReviewVariant => ({
    ...variant,
    state: reviewState(variant.status, by.get(variant.id) ?? null),
    scores: scores.get(variant.id)?.scores ?? null,
  }));
}

function buildRows(ctx: Ctx, w: SqlFragment, poseIds: readonly number[], perRow: number): ReviewRow[] {
  if (poseIds.length === 0) return [];
  const query = rowVariantsQuery(w, poseIds);
  const members = ctx.db.prepare(query.sql).all(...query.params) as { id: number; poseId: number }[];
  const byPose = new Map<number, number[]>();
  for (const member of members) {
    const list = byPose.get(member.poseId) ?? [];
    if (list.length < perRow) list.push(member.id);
    byPose.set(member.poseId, list);
  }
  const variants = new Map(
    reviewVariants(ctx.db, [...byPose.values()].flat(), ctx.checks.names).map((v) => [v.id, v]),
  );
  const shapes = poseShapes(ctx.db, poseIds);
  return poseIds.flatMap((poseId) => {
    const pose = shapes.get(poseId);
    if (!pose) return [];
    const rowVariants = (byPose.get(poseId) ?? []).flatMap((id) => variants.get(id) ?? []);
    return [{ poseId, pose, variants: rowVariants }];
  });
}

/** One page of the review grid (read it from the reader connection). */
export function reviewPage(db: Database.Database, input: ReviewPageInput, checks: ReviewChecks): ReviewPage {
  const ctx: Ctx = { db, checks, known: new Set(checks.names) };
  const w = where(ctx, input.filter);
  const poseIds =
    input.sort.by === 'pose'
      ? posePage(ctx, input.filter, w, input.offset, input.limit)
      : pageByCheck(ctx, input, w);
  const { counts, totalRows } = totals(ctx, input.filter);
  return {
    rows: buildRows(ctx, w, poseIds, input.variantsPerRow),
    totalRows,
    totalVariants: variantsInStates(counts, input.filter.states),
    counts,
  };
}
