/**
 * @file Turns a contract `PoseFilter` + `PoseSort` into a parameterised SQL WHERE / ORDER BY over
 * the `poses` table. Platform-free and pure, so the exact SQL (and the indexes it relies on) is
 * unit-tested; every value is a bound parameter, never spliced into the text.
 */
import type { PoseFilter, PoseSort } from '../../contract';

export type SqlFragment = { sql: string; params: (string | number)[] };

const sortColumns: Record<PoseSort['by'], string> = {
  id: 'p.id',
  created: 'p.created_at',
  updated: 'p.updated_at',
  labeled: 'p.labeled_count',
  area: 'p.bbox_area',
};

function placeholders(count: number): string {
  return new Array<string>(count).fill('?').join(', ');
}

/** WHERE clause (without the keyword; `1` when empty) for the poses aliased as `p`. */
export function poseWhere(filter: PoseFilter): SqlFragment {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (filter.ids !== undefined) {
    if (filter.ids.length === 0) clauses.push('0');
    else {
      // A JSON array keeps the statement text fixed however many ids are selected.
      clauses.push('p.id IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(filter.ids));
    }
  }
  for (const tag of filter.tags ?? []) {
    clauses.push(
      'p.id IN (SELECT pt.pose_id FROM pose_tags pt JOIN tags t ON t.id = pt.tag_id WHERE t.name = ?)',
    );
    params.push(tag);
  }
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
  return { sql: clauses.length === 0 ? '1' : clauses.join(' AND '), params };
}

/** ORDER BY clause (without the keywords); ties broken by id so paging is stable. */
export function poseOrder(sort: PoseSort): string {
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  const column = sortColumns[sort.by];
  return column === 'p.id' ? `p.id ${dir}` : `${column} ${dir}, p.id ${dir}`;
}
