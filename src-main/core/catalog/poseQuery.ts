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

/** The matching poses. With `sort`, the selection can also order by it. */
export function poseSelection(filter: PoseFilter, sort: PoseSort | null = null): PoseSelection {
  const tags = filter.tags ?? [];
  const usePose = tags.length === 0 || needsPoseRow(filter, sort);
  const idColumn = tags.length > 0 ? 'pt0.pose_id' : 'p.id';
  const from =
    tags.length === 0
      ? 'poses p'
      : usePose
        ? 'pose_tags pt0 JOIN poses p ON p.id = pt0.pose_id'
        : 'pose_tags pt0';
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  if (tags.length > 0) {
    clauses.push(`pt0.tag_id = ${TAG_ID}`);
    params.push(tags[0]!);
    for (const tag of tags.slice(1)) {
      clauses.push(`${idColumn} IN (SELECT pt.pose_id FROM pose_tags pt WHERE pt.tag_id = ${TAG_ID})`);
      params.push(tag);
    }
  }
  if (filter.ids !== undefined) {
    // A JSON array keeps the statement text fixed however many ids are selected.
    clauses.push(filter.ids.length === 0 ? '0' : `${idColumn} IN (SELECT value FROM json_each(?))`);
    if (filter.ids.length > 0) params.push(JSON.stringify(filter.ids));
  }
  if (usePose) poseConditions(filter, clauses, params);
  return { from, where: clauses.length === 0 ? '1' : clauses.join(' AND '), params, idColumn };
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

/** The ids of one page, in page order, from indexes only. */
export function pageIdsQuery(filter: PoseFilter, sort: PoseSort, offset: number, limit: number): SqlFragment {
  const s = poseSelection(filter, sort);
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
