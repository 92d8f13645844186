/**
 * @file Turns a contract `PoseFilter` + `PoseSort` into parameterised SQL over the catalog.
 * Platform-free and pure, so the exact SQL (and the indexes it relies on) is unit-tested; every
 * value is a bound parameter, never spliced into the text.
 *
 * Why the shapes: pose rows are wide (the keypoints JSON), so stepping over rows of the table is
 * what makes deep pages slow at 600k poses. Pages are therefore found in two steps: the ids of the
 * page come from narrow indexes only (a tag filter drives from `pose_tags`, id order from the
 * narrow `poses_scan` index, other sorts from their own covering indexes), then only those rows
 * are read. A query that filters on tags alone never touches `poses` at all.
 *
 * A tag filter under another sort has two plans (`TagPlan`). Driving from `pose_tags` looks up
 * every tagged pose's wide row to sort them (for a 10% tag: 27 ms per `poses.neighbors` at 100k
 * poses, 58 ms for the first page at 600k); walking the sort's narrow (col, id) index and checking
 * the tag per pose with EXISTS stops as soon as enough poses match (0.2 ms and 2.2 ms there), but
 * steps over the poses that do not match, which for a rare tag or a deep page is most of the
 * index. `tagPlan` picks from the catalog's size and the filter's counts (`tagStatsQuery`, run and
 * cached by the caller); without them the builder drives from `pose_tags`, as before. Measured
 * with bench/pose-neighbors.ts and bench/catalog-pages.ts (rare-tag and deep-page cases included).
 */
import type { PoseFilter, PoseSort } from '../../contract';

export type SqlValue = string | number;
export type SqlFragment = { sql: string; params: SqlValue[] };

/** FROM + WHERE that select the matching poses, and the column holding their ids. */
export type PoseSelection = { from: string; where: string; params: SqlValue[]; idColumn: string };

/** The `poses` column each sort key orders by (ties always broken by id). */
export const sortColumns: Readonly<Record<PoseSort['by'], string>> = {
  id: 'p.id',
  created: 'p.created_at',
  updated: 'p.updated_at',
  labeled: 'p.labeled_count',
  area: 'p.bbox_area',
};

const TAG_ID = '(SELECT id FROM tags WHERE name = ?)';

function placeholders(count: number): string {
  return new Array<string>(count).fill('?').join(', ');
}

/** Conditions on the `poses` row itself (need `p`). */
function poseConditions(filter: PoseFilter, clauses: string[], params: SqlValue[]): void {
  if (filter.untagged) clauses.push('NOT EXISTS (SELECT 1 FROM pose_tags pt WHERE pt.pose_id = p.id)');
  if (filter.importIds !== undefined && filter.importIds.length > 0) {
    clauses.push(`p.import_id IN (${placeholders(filter.importIds.length)})`);
    params.push(...filter.importIds);
  }
  if (filter.format !== undefined) {
    clauses.push('p.format = ?');
    params.push(filter.format);
  }
  if (filter.minLabeled !== undefined) {
    clauses.push('p.labeled_count >= ?');
    params.push(filter.minLabeled);
  }
  if (filter.maxLabeled !== undefined) {
    clauses.push('p.labeled_count <= ?');
    params.push(filter.maxLabeled);
  }
}

function needsPoseRow(filter: PoseFilter, sort: PoseSort | null): boolean {
  return (
    (sort !== null && sort.by !== 'id') ||
    filter.untagged === true ||
    (filter.importIds?.length ?? 0) > 0 ||
    filter.format !== undefined ||
    filter.minLabeled !== undefined ||
    filter.maxLabeled !== undefined
  );
}

/**
 * How a tag filter meets a sort other than id. `drive`: read the tag's rows from `pose_tags`, look
 * up each pose and sort them all; the cost grows with the tag's size. `walk`: step along the sort's
 * (col, id) index on `poses` and check each pose with EXISTS; the cost grows with the poses stepped
 * over until enough match: about (rows needed) / (the matching poses' share of the catalog).
 */
export type TagPlan = 'drive' | 'walk';

/**
 * What a plan is chosen from (`tagStatsQuery`): the catalog's size (its largest id), the poses of
 * the filter's rarest tag (what driving reads) and the poses matching the whole filter (what a
 * walk looks for: a tag crossed with a labeled-count filter can match nothing at all).
 */
export type TagStats = { poses: number; tagged: number; matching: number };

/**
 * Cost of driving per tagged pose over cost of walking per index step: 4.4 measured at 600k poses
 * and about 6 at 100k (bench/catalog-pages.ts, bench/pose-neighbors.ts). The lower end is kept,
 * so a borderline case stays on the plan whose cost does not depend on where the matches sit.
 */
export const DRIVE_TO_WALK_COST = 4;

/**
 * The cheaper plan for a query that needs the first `rowsNeeded` matches in the sort's order.
 * Walking steps over about rowsNeeded * poses / matching index entries (matches spread along the
 * order); driving costs DRIVE_TO_WALK_COST steps per tagged pose. No stats: drive.
 */
export function tagPlan(stats: TagStats | undefined, rowsNeeded: number): TagPlan {
  if (stats === undefined) return 'drive';
  const walkSteps = rowsNeeded * stats.poses;
  return walkSteps < DRIVE_TO_WALK_COST * stats.tagged * stats.matching ? 'walk' : 'drive';
}

/** The tag conditions when walking a `poses` index: one EXISTS probe of `pose_tags` per tag. */
function tagExists(tags: readonly string[], clauses: string[], params: SqlValue[]): void {
  for (const tag of tags) {
    clauses.push(`EXISTS (SELECT 1 FROM pose_tags pt WHERE pt.pose_id = p.id AND pt.tag_id = ${TAG_ID})`);
    params.push(tag);
  }
}

/** The tag conditions when driving from `pose_tags`: the first tag's rows, then the others' ids. */
function tagDrive(tags: readonly string[], idColumn: string, clauses: string[], params: SqlValue[]): void {
  clauses.push(`pt0.tag_id = ${TAG_ID}`);
  params.push(tags[0]!);
  for (const tag of tags.slice(1)) {
    clauses.push(`${idColumn} IN (SELECT pt.pose_id FROM pose_tags pt WHERE pt.tag_id = ${TAG_ID})`);
    params.push(tag);
  }
}

/**
 * The matching poses. With `sort`, the selection can also order by it; `plan` says how a tag
 * filter meets a sort other than id (it changes nothing else).
 */
export function poseSelection(
  filter: PoseFilter,
  sort: PoseSort | null = null,
  plan: TagPlan = 'drive',
): PoseSelection {
  const tags = filter.tags ?? [];
  const walk = tags.length > 0 && plan === 'walk' && sort !== null && sort.by !== 'id';
  const drive = tags.length > 0 && !walk;
  const usePose = !drive || needsPoseRow(filter, sort);
  const idColumn = drive ? 'pt0.pose_id' : 'p.id';
  const from = !drive
    ? 'poses p'
    : usePose
      ? 'pose_tags pt0 JOIN poses p ON p.id = pt0.pose_id'
      : 'pose_tags pt0';
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  if (walk) tagExists(tags, clauses, params);
  if (drive) tagDrive(tags, idColumn, clauses, params);
  if (filter.ids !== undefined) {
    // A JSON array keeps the statement text fixed however many ids are selected.
    clauses.push(filter.ids.length === 0 ? '0' : `${idColumn} IN (SELECT value FROM json_each(?))`);
    if (filter.ids.length > 0) params.push(JSON.stringify(filter.ids));
  }
  if (usePose) poseConditions(filter, clauses, params);
  return { from, where: clauses.length === 0 ? '1' : clauses.join(' AND '), params, idColumn };
}

/**
 * One `TagStats` row for a filter with tags (null without): the largest pose id (an upper bound on
 * the count, read from the end of the primary key instead of counting 600k rows), the poses of the
 * rarest tag (0 when a tag does not exist) and the filter's count. Worth caching per catalog version.
 */
export function tagStatsQuery(filter: PoseFilter): SqlFragment | null {
  const tags = filter.tags ?? [];
  if (tags.length === 0) return null;
  const counts = tags.map(() => `(SELECT count(*) FROM pose_tags pt WHERE pt.tag_id = ${TAG_ID})`);
  // min() with one argument is the aggregate; with several, the scalar minimum.
  const tagged = counts.length === 1 ? counts[0]! : `min(${counts.join(', ')})`;
  const all = poseSelection(filter);
  return {
    sql:
      `SELECT coalesce((SELECT max(id) FROM poses), 0) AS poses, ${tagged} AS tagged, ` +
      `(SELECT count(*) FROM ${all.from} WHERE ${all.where}) AS matching`,
    params: [...tags, ...all.params],
  };
}

/** ORDER BY clause (without the keywords); ties broken by id so paging is stable. */
export function poseOrder(sort: PoseSort, idColumn = 'p.id'): string {
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  const column = sortColumns[sort.by];
  return column === 'p.id' ? `${idColumn} ${dir}` : `${column} ${dir}, ${idColumn} ${dir}`;
}

export function countQuery(filter: PoseFilter): SqlFragment {
  const selection = poseSelection(filter);
  return {
    sql: `SELECT count(*) AS n FROM ${selection.from} WHERE ${selection.where}`,
    params: selection.params,
  };
}

/**
 * The ids of one page, in page order, from indexes only. `stats` (from `tagStatsQuery`) lets a
 * tag filter under another sort than id walk the sort's index when that is cheaper.
 */
export function pageIdsQuery(
  filter: PoseFilter,
  sort: PoseSort,
  offset: number,
  limit: number,
  stats?: TagStats,
): SqlFragment {
  const s = poseSelection(filter, sort, tagPlan(stats, offset + limit));
  return {
    sql: `SELECT ${s.idColumn} AS id FROM ${s.from} WHERE ${s.where} ORDER BY ${poseOrder(sort, s.idColumn)} LIMIT ? OFFSET ?`,
    params: [...s.params, limit, offset],
  };
}

/** Ids after `afterId` in id order (keyset walk over a whole filter result). */
export function idsAfterQuery(filter: PoseFilter, afterId: number, limit: number): SqlFragment {
  const s = poseSelection(filter);
  return {
    sql: `SELECT ${s.idColumn} AS id FROM ${s.from} WHERE ${s.idColumn} > ? AND ${s.where} ORDER BY ${s.idColumn} LIMIT ?`,
    params: [afterId, ...s.params, limit],
  };
}
