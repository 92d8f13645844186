/**
 * @file `poses.neighbors` on the catalog: a pose's previous and next pose in a filter and sort, its
 * position there and the filter's total, from a handful of indexed statements (neighborQuery.ts)
 * instead of paging `poses.list` from the start. Read-only; the handler passes the reader.
 */
import type Database from 'better-sqlite3';
import { StudioError, type PoseFilter, type PoseSort } from '../../../contract';
import { memberQuery, neighborQuery, positionQuery, sortKeyQuery, type PoseKey } from '../neighborQuery';
import type { SqlFragment, SqlValue } from '../poseQuery';
import { cachedRead } from './catalogCache';
import { countPoses, tagStatsFor } from './posesRepo';

export type PoseNeighbors = {
  prev: number | null;
  next: number | null;
  /** Position in the filter's order (0-based), null when the pose does not match the filter. */
  index: number | null;
  /** Poses matching the filter. */
  total: number;
};

function get<T>(db: Database.Database, query: SqlFragment): T | undefined {
  return db.prepare(query.sql).get(...query.params) as T | undefined;
}

/**
 * Neighbours of pose `id` in `filter` ordered by `sort`. A pose outside the filter still gets the
 * poses either side of where its key would sit (index null); a missing pose is NOT_FOUND.
 */
export function findPoseNeighbors(
  db: Database.Database,
  id: number,
  filter: PoseFilter,
  sort: PoseSort,
): PoseNeighbors {
  const row = get<{ value: SqlValue }>(db, sortKeyQuery(sort, id));
  if (row === undefined) throw new StudioError('NOT_FOUND', `pose ${id} does not exist`, { id });
  const key: PoseKey = { value: row.value, id };
  const stats = tagStatsFor(db, filter, sort);
  const idOf = (side: 'prev' | 'next') =>
    get<{ id: number }>(db, neighborQuery(filter, sort, side, key, stats))?.id;
  const member = get(db, memberQuery(filter, id)) !== undefined;
  return {
    prev: idOf('prev') ?? null,
    next: idOf('next') ?? null,
    index: member ? get<{ n: number }>(db, positionQuery(filter, sort, key, stats))!.n : null,
    // Stepping through a filter reads the same total each time: kept until the catalog changes.
    total: cachedRead(db, `poses.count ${JSON.stringify(filter)}`, () => countPoses(db, filter)),
  };
}
