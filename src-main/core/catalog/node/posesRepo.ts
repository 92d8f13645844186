/**
 * @file Pose rows: insert (from import batches), page/count/get (reader connection), edit, tag,
 * mirror and delete (writer connection). Rows map to the contract's `Pose` DTO here and nowhere
 * else. Listing is always a bounded page; nothing here loads a whole table.
 */
import type Database from 'better-sqlite3';
import { StudioError, type Pose, type PoseFilter, type PoseSort, type Keypoint } from '../../../contract';
import { deriveColumns } from '../derive';
import { countQuery, idsAfterQuery, pageIdsQuery, tagStatsQuery, type TagStats } from '../poseQuery';
import type { PoseRecord } from '../../pose/types';
import { cachedRead } from './catalogCache';
import { prepareShapeWriter } from './poseShapesRepo';

type PoseRow = {
  id: number;
  width: number;
  height: number;
  keypoints: string;
  box_x: number | null;
  box_y: number | null;
  box_w: number | null;
  box_h: number | null;
  bbox_x: number | null;
  bbox_y: number | null;
  bbox_w: number | null;
  bbox_h: number | null;
  labeled_count: number;
  visible_count: number;
  format: Pose['source']['format'];
  import_id: number | null;
  source_file: string | null;
  source_record: string | null;
  source_image: string | null;
  created_at: number;
  updated_at: number;
};

const SELECT_COLUMNS = `p.id, p.width, p.height, p.keypoints, p.box_x, p.box_y, p.box_w, p.box_h,
  p.bbox_x, p.bbox_y, p.bbox_w, p.bbox_h, p.labeled_count, p.visible_count, p.format, p.import_id,
  p.source_file, p.source_record, p.source_image, p.created_at, p.updated_at`;

function box(x: number | null, y: number | null, w: number | null, h: number | null): Pose['box'] {
  return x === null || y === null || w === null || h === null ? null : [x, y, w, h];
}

function toPose(row: PoseRow, tags: string[]): Pose {
  return {
    id: row.id,
    width: row.width,
    height: row.height,
    keypoints: JSON.parse(row.keypoints) as Keypoint[],
    box: box(row.box_x, row.box_y, row.box_w, row.box_h),
    bbox: box(row.bbox_x, row.bbox_y, row.bbox_w, row.bbox_h),
    labeledCount: row.labeled_count,
    visibleCount: row.visible_count,
    tags,
    source: {
      importId: row.import_id,
      format: row.format,
      file: row.source_file,
      record: row.source_record,
      image: row.source_image,
    },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Tags of many poses in one query, keyed by pose id. */
function tagsOf(db: Database.Database, ids: readonly number[]): Map<number, string[]> {
  const byPose = new Map<number, string[]>();
  if (ids.length === 0) return byPose;
  const rows = db
    .prepare(
      `SELECT pt.pose_id AS poseId, t.name AS name FROM pose_tags pt JOIN tags t ON t.id = pt.tag_id
       WHERE pt.pose_id IN (SELECT value FROM json_each(?)) ORDER BY t.name`,
    )
    .all(JSON.stringify(ids)) as { poseId: number; name: string }[];
  for (const { poseId, name } of rows) {
    const list = byPose.get(poseId);
    if (list) list.push(name);
    else byPose.set(poseId, [name]);
  }
  return byPose;
}

/**
 * What picks how a tag filter meets a sort other than id (`tagPlan` in poseQuery.ts), counted once
 * per catalog version; undefined when there is no such choice. Only a plan hint: results are exact
 * whichever plan runs.
 */
export function tagStatsFor(db: Database.Database, filter: PoseFilter, sort: PoseSort): TagStats | undefined {
  const query = sort.by === 'id' ? null : tagStatsQuery(filter);
  if (query === null) return undefined;
  return cachedRead(db, `poses.tagStats ${JSON.stringify(filter)}`, () => {
    return db.prepare(query.sql).get(...query.params) as TagStats;
  });
}

export function listPoses(
  db: Database.Database,
  filter: PoseFilter,
  sort: PoseSort,
  offset: number,
  limit: number,
): { items: Pose[]; total: number } {
  const page = pageIdsQuery(filter, sort, offset, limit, tagStatsFor(db, filter, sort));
  const ids = (db.prepare(page.sql).all(...page.params) as { id: number }[]).map((row) => row.id);
  const byId = new Map(getPoses(db, ids).map((pose) => [pose.id, pose]));
  const items = ids.flatMap((id) => byId.get(id) ?? []);
  return { items, total: countPoses(db, filter) };
}

export function countPoses(db: Database.Database, filter: PoseFilter): number {
  const query = countQuery(filter);
  return (db.prepare(query.sql).get(...query.params) as { n: number }).n;
}

/** Ids matching a filter in id order, one bounded page at a time (`afterId` keyset). */
export function poseIdsAfter(
  db: Database.Database,
  filter: PoseFilter,
  afterId: number,
  limit: number,
): number[] {
  const query = idsAfterQuery(filter, afterId, limit);
  return (db.prepare(query.sql).all(...query.params) as { id: number }[]).map((row) => row.id);
}

export function getPoses(db: Database.Database, ids: readonly number[]): Pose[] {
  if (ids.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT ${SELECT_COLUMNS} FROM poses p WHERE p.id IN (SELECT value FROM json_each(?)) ORDER BY p.id`,
    )
    .all(JSON.stringify(ids)) as PoseRow[];
  const tags = tagsOf(db, ids);
  return rows.map((row) => toPose(row, tags.get(row.id) ?? []));
}

export function getPose(db: Database.Database, id: number): Pose {
  const [pose] = getPoses(db, [id]);
  if (!pose) throw new StudioError('NOT_FOUND', `pose ${id} does not exist`, { id });
  return pose;
}

export type PoseInserter = (pose: PoseRecord, importId: number | null, now: number) => number;

/** A prepared insert for bulk imports (derived columns and sketch); call inside a transaction. */
export function prepareInsert(db: Database.Database): PoseInserter {
  const statement = db.prepare(
    `INSERT INTO poses (width, height, keypoints, box_x, box_y, box_w, box_h, bbox_x, bbox_y, bbox_w, bbox_h,
       bbox_area, labeled_count, visible_count, format, import_id, source_file, source_record, source_image,
       created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const shapes = prepareShapeWriter(db);
  return (pose, importId, now) => {
    const derived = deriveColumns(pose.keypoints);
    const b = pose.box;
    const k = derived.bbox;
    const info = statement.run(
      pose.width,
      pose.height,
      JSON.stringify(pose.keypoints),
      b?.[0] ?? null,
      b?.[1] ?? null,
      b?.[2] ?? null,
      b?.[3] ?? null,
      k?.[0] ?? null,
      k?.[1] ?? null,
      k?.[2] ?? null,
      k?.[3] ?? null,
      derived.area,
      derived.labeledCount,
      derived.visibleCount,
      pose.source.format,
      importId,
      pose.source.file,
      pose.source.record,
      pose.source.image,
      now,
      now,
    );
    const id = Number(info.lastInsertRowid);
    shapes.insert(id, pose.keypoints);
    return id;
  };
}

/** Replace keypoints and/or canvas of one pose, refreshing the derived columns and its sketch. */
export function updatePoseGeometry(
  db: Database.Database,
  id: number,
  patch: { keypoints?: Keypoint[]; width?: number; height?: number },
  now: number,
): void {
  const current = getPose(db, id);
  const keypoints = patch.keypoints ?? current.keypoints;
  const derived = deriveColumns(keypoints);
  const k = derived.bbox;
  db.prepare(
    `UPDATE poses SET width = ?, height = ?, keypoints = ?, bbox_x = ?, bbox_y = ?, bbox_w = ?, bbox_h = ?,
       bbox_area = ?, labeled_count = ?, visible_count = ?, updated_at = ? WHERE id = ?`,
  ).run(
    patch.width ?? current.width,
    patch.height ?? current.height,
    JSON.stringify(keypoints),
    k?.[0] ?? null,
    k?.[1] ?? null,
    k?.[2] ?? null,
    k?.[3] ?? null,
    derived.area,
    derived.labeledCount,
    derived.visibleCount,
    now,
    id,
  );
  if (patch.keypoints !== undefined) prepareShapeWriter(db).replace(id, keypoints);
}

export function deletePoses(db: Database.Database, ids: readonly number[]): number {
  const info = db
    .prepare('DELETE FROM poses WHERE id IN (SELECT value FROM json_each(?))')
    .run(JSON.stringify(ids));
  return info.changes;
}

export function assertPosesExist(db: Database.Database, ids: readonly number[]): void {
  const row = db
    .prepare('SELECT count(*) AS n FROM poses WHERE id IN (SELECT DISTINCT value FROM json_each(?))')
    .get(JSON.stringify(ids)) as { n: number };
  const unique = new Set(ids).size;
  if (row.n !== unique) {
    throw new StudioError('NOT_FOUND', `${unique - row.n} of the ${unique} poses do not exist`, {
      missing: unique - row.n,
    });
  }
}
