/**
 * @file SQL for a pose's previous and next pose in the library's filter and sort (`poses.neighbors`),
 * and its position there. Platform-free and pure like poseQuery.ts, whose selection (FROM + WHERE)
 * and ORDER BY it reuses, so the filter and the order are exactly those of `poses.list`.
 *
 * Why keysets: the editor steps through libraries of 600k poses, and finding a pose's offset by
 * paging from the start costs hundreds of calls. A pose's place in the order is its key (sort
 * value, id), so its neighbours are the first rows past that key on either side, and its position
 * is a count of the rows before it. The key also places a pose that no longer matches the filter
 * (edited out of it). Every value is a bound parameter.
 *
 * Why not a row value `(col, id) < (?, ?)`: SQLite seeks only on `col` for it and then steps over
 * every tie (measured: 9 ms past a run of 200k equal labeled counts). So each side is split in
 * two exact seeks on the sort's `(col, id)` index: the ties past the pose's id, then the rows past
 * its value. Each gives at most one row, and a tie, when there is one, is the nearer.
 *
 * A tag filter under another sort than id walks the sort's index (see `TagPlan` in poseQuery.ts)
 * when the caller passes the tag's stats and the walk is the cheaper: a neighbour is then the
 * first tagged pose past the key instead of the best of every tagged pose.
 */
import type { PoseFilter, PoseSort } from '../../contract';
import {
  poseOrder,
  poseSelection,
  sortColumns,
  tagPlan,
  type SqlFragment,
  type SqlValue,
  type TagStats,
} from './poseQuery';

/** A pose's place in an order: its sort value and its id (the tie-breaker). */
export type PoseKey = { value: SqlValue; id: number };

/** Which neighbour: the one before the pose in the order, or the one after it. */
export type NeighborSide = 'prev' | 'next';

/** The sort value of pose `id` (no row: the pose does not exist). */
export function sortKeyQuery(sort: PoseSort, id: number): SqlFragment {
  return { sql: `SELECT ${sortColumns[sort.by]} AS value FROM poses p WHERE p.id = ?`, params: [id] };
}

/**
 * Rows a neighbour walk is costed for. It needs one match, but the cost model's even spread of
 * the matches along the order is optimistic: a key outside the tag's poses, or the first or last
 * of them, steps over every pose up to the next match, or to the end of the index when there is
 * none (50 ms at 600k poses for a 1% tag whose poses share two areas; driving took 19 ms). Held
 * to ten pages' bar, a walk is taken for a tag on 2% of 600k poses or 5% of 100k and more.
 */
const NEIGHBOR_ROWS_NEEDED = 1000;

/** Whether the side lies below the key in (col, id) terms: before it ascending, after it descending. */
function below(sort: PoseSort, side: NeighborSide): boolean {
  return (side === 'prev') === (sort.dir === 'asc');
}

/** The rows on one side of a key: the ties past its id, and the rows past its value (none for id). */
type SideConditions = { ties: SqlFragment | null; beyond: SqlFragment };

function sideConditions(sort: PoseSort, side: NeighborSide, key: PoseKey, idColumn: string): SideConditions {
  const op = below(sort, side) ? '<' : '>';
  if (sort.by === 'id') return { ties: null, beyond: { sql: `${idColumn} ${op} ?`, params: [key.id] } };
  const column = sortColumns[sort.by];
  return {
    ties: { sql: `${column} = ? AND ${idColumn} ${op} ?`, params: [key.value, key.id] },
    beyond: { sql: `${column} ${op} ?`, params: [key.value] },
  };
}

/**
 * The id of the nearest matching pose on `side` of `key`, walking the order away from it: one row
 * whose id is NULL when there is none (no row for the id sort). `stats`: see the file header.
 */
export function neighborQuery(
  filter: PoseFilter,
  sort: PoseSort,
  side: NeighborSide,
  key: PoseKey,
  stats?: TagStats,
): SqlFragment {
  const s = poseSelection(filter, sort, tagPlan(stats, NEIGHBOR_ROWS_NEEDED));
  const { ties, beyond } = sideConditions(sort, side, key, s.idColumn);
  // Walk away from the key: downwards (DESC) for the side below it, upwards for the side above.
  const walk = poseOrder({ by: sort.by, dir: below(sort, side) ? 'desc' : 'asc' }, s.idColumn);
  const first = (where: SqlFragment): SqlFragment => ({
    sql: `SELECT ${s.idColumn} AS id FROM ${s.from} WHERE ${s.where} AND ${where.sql} ORDER BY ${walk} LIMIT 1`,
    params: [...s.params, ...where.params],
  });
  const rest = first(beyond);
  if (ties === null) return rest;
  const tie = first(ties);
  // The tie is the nearer; SQLite evaluates coalesce()'s arguments in order and stops at the first
  // non-NULL one, so the rows past the value are searched only when no tie is left (a walk past
  // the last match steps to the end of the index).
  return {
    sql: `SELECT coalesce((${tie.sql}), (${rest.sql})) AS id`,
    params: [...tie.params, ...rest.params],
  };
}

/**
 * How many matching poses come before `key` in the order: the pose's index when it matches. A walk
 * would step over every pose before the key, costed as half the matching poses.
 */
export function positionQuery(
  filter: PoseFilter,
  sort: PoseSort,
  key: PoseKey,
  stats?: TagStats,
): SqlFragment {
  const s = poseSelection(filter, sort, tagPlan(stats, (stats?.matching ?? 0) / 2));
  const { ties, beyond } = sideConditions(sort, 'prev', key, s.idColumn);
  const count = (where: SqlFragment): SqlFragment => ({
    sql: `(SELECT count(*) FROM ${s.from} WHERE ${s.where} AND ${where.sql})`,
    params: [...s.params, ...where.params],
  });
  const parts = ties === null ? [count(beyond)] : [count(beyond), count(ties)];
  return {
    sql: `SELECT ${parts.map((part) => part.sql).join(' + ')} AS n`,
    params: parts.flatMap((part) => part.params),
  };
}

/** One row when pose `id` matches the filter, none otherwise. */
export function memberQuery(filter: PoseFilter, id: number): SqlFragment {
  const s = poseSelection(filter);
  return {
    sql: `SELECT 1 AS hit FROM ${s.from} WHERE ${s.where} AND ${s.idColumn} = ? LIMIT 1`,
    params: [...s.params, id],
  };
}
