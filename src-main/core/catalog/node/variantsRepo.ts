/**
 * @file Variant rows: the idempotent insert a generation commit makes (a second insert of the same
 * (run, pose, index) is a no-op), and bounded pages of variants. Pages are found in two steps,
 * like poses: the ids of the page from a narrow covering index, then only those rows with their
 * media paths. Rows map to the contract's `Variant` DTO here and nowhere else. Review decisions
 * (status, decided_by, reason) are written only by reviewRepo.ts, which logs them for undo.
 */
import type Database from 'better-sqlite3';
import type { Keypoint, Variant, VariantFilter, VariantStatus } from '../../../contract';

export type VariantMediaIds = {
  rgb: number;
  thumb: number;
  depth: number | null;
  parts: number | null;
  condition: number | null;
};

export type VariantInsert = {
  runId: number;
  poseId: number;
  index: number;
  generator: string;
  prompt: string;
  seed: number;
  width: number;
  height: number;
  params: Record<string, unknown>;
  keypoints: Keypoint[];
  attributes: Record<string, unknown>;
  faceDefect: string | null;
  media: VariantMediaIds;
};

type SqlValue = string | number;

/** A prepared insert; returns the new id, or null when the item already had its variant. */
export function prepareVariantInsert(
  db: Database.Database,
): (row: VariantInsert, now: number) => number | null {
  const statement = db.prepare(
    `INSERT INTO variants (run_id, pose_id, variant_index, generator, prompt, seed, width, height, params,
       keypoints, attributes, face_defect, rgb_media, thumb_media, depth_media, parts_media, condition_media,
       created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, pose_id, variant_index) DO NOTHING`,
  );
  return (row, now) => {
    const info = statement.run(
      row.runId,
      row.poseId,
      row.index,
      row.generator,
      row.prompt,
      row.seed,
      row.width,
      row.height,
      JSON.stringify(row.params),
      JSON.stringify(row.keypoints),
      JSON.stringify(row.attributes),
      row.faceDefect,
      row.media.rgb,
      row.media.thumb,
      row.media.depth,
      row.media.parts,
      row.media.condition,
      now,
    );
    return info.changes === 0 ? null : Number(info.lastInsertRowid);
  };
}

function where(filter: VariantFilter): { sql: string; params: SqlValue[] } {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  if (filter.runId !== undefined) {
    clauses.push('v.run_id = ?');
    params.push(filter.runId);
  }
  if (filter.poseId !== undefined) {
    clauses.push('v.pose_id = ?');
    params.push(filter.poseId);
  }
  if (filter.status !== undefined) {
    clauses.push('v.status = ?');
    params.push(filter.status);
  }
  return { sql: clauses.length === 0 ? '1' : clauses.join(' AND '), params };
}

/** The ids of one page, from covering indexes only (tested with EXPLAIN QUERY PLAN). */
export function variantPageQuery(
  filter: VariantFilter,
  newestFirst: boolean,
  offset: number,
  limit: number,
): { sql: string; params: SqlValue[] } {
  const w = where(filter);
  return {
    sql: `SELECT v.id AS id FROM variants v WHERE ${w.sql} ORDER BY v.id ${newestFirst ? 'DESC' : 'ASC'} LIMIT ? OFFSET ?`,
    params: [...w.params, limit, offset],
  };
}

export function variantCountQuery(filter: VariantFilter): { sql: string; params: SqlValue[] } {
  const w = where(filter);
  return { sql: `SELECT count(*) AS n FROM variants v WHERE ${w.sql}`, params: w.params };
}

type VariantRow = {
  id: number;
  run_id: number;
  pose_id: number;
  variant_index: number;
  generator: string;
  prompt: string;
  seed: number;
  width: number;
  height: number;
  params: string;
  keypoints: string;
  attributes: string;
  face_defect: string | null;
  status: VariantStatus;
  reason: string | null;
  created_at: number;
  rgb: string | null;
  thumb: string | null;
  depth: string | null;
  parts: string | null;
  condition: string | null;
};

function toVariant(row: VariantRow): Variant {
  return {
    id: row.id,
    runId: row.run_id,
    poseId: row.pose_id,
    index: row.variant_index,
    generator: row.generator,
    prompt: row.prompt,
    seed: row.seed,
    width: row.width,
    height: row.height,
    params: JSON.parse(row.params) as Record<string, unknown>,
    // A media row missing here is a damaged catalog (doctor reports it); show an empty path.
    media: {
      rgb: row.rgb ?? '',
      thumb: row.thumb ?? '',
      depth: row.depth,
      parts: row.parts,
      condition: row.condition,
    },
    keypoints: JSON.parse(row.keypoints) as Keypoint[],
    attributes: JSON.parse(row.attributes) as Record<string, unknown>,
    faceDefect: row.face_defect,
    status: row.status,
    reason: row.reason,
    createdAt: row.created_at,
  };
}

export function getVariants(db: Database.Database, ids: readonly number[]): Variant[] {
  if (ids.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT v.id, v.run_id, v.pose_id, v.variant_index, v.generator, v.prompt, v.seed, v.width, v.height,
         v.params, v.keypoints, v.attributes, v.face_defect, v.status, v.reason, v.created_at,
         mr.path AS rgb, mt.path AS thumb, md.path AS depth, mp.path AS parts, mc.path AS condition
       FROM variants v
       LEFT JOIN media mr ON mr.id = v.rgb_media
       LEFT JOIN media mt ON mt.id = v.thumb_media
       LEFT JOIN media md ON md.id = v.depth_media
       LEFT JOIN media mp ON mp.id = v.parts_media
       LEFT JOIN media mc ON mc.id = v.condition_media
       WHERE v.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as VariantRow[];
  const byId = new Map(rows.map((row) => [row.id, toVariant(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export function listVariants(
  db: Database.Database,
  filter: VariantFilter,
  offset: number,
  limit: number,
  newestFirst: boolean,
): { items: Variant[]; total: number } {
  const page = variantPageQuery(filter, newestFirst, offset, limit);
  const ids = (db.prepare(page.sql).all(...page.params) as { id: number }[]).map((row) => row.id);
  const count = variantCountQuery(filter);
  const total = (db.prepare(count.sql).get(...count.params) as { n: number }).n;
  return { items: getVariants(db, ids), total };
}
