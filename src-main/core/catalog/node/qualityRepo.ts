/**
 * @file Quality scores in the catalog: check names <-> their small integer ids, committing the
 * scores of scored variants (one narrow row per non-null check, the faces and perceptual hash in
 * `variant_quality`), the near-duplicate score derived at commit time across the variants of a
 * pose, reading scores back, and the frozen work queue of a scoring job.
 *
 * Near duplicates need every scored variant of the same pose, which a worker scoring one image
 * cannot see; so the commit recomputes the duplicate score of every scored variant of each pose it
 * touched (a pose holds a handful to 64 variants): the hamming distance to the closest earlier
 * variant (by id) of that pose, null for the first, so one of a set of look-alikes passes and the
 * later copies are flagged (quality/duplicates.ts).
 */
import type Database from 'better-sqlite3';
import type { Keypoint, VariantScores } from '../../../contract';
import { duplicateDistances } from '../../quality/duplicates';
import type { SqlFragment } from '../reviewQuery';

export type Faces = VariantScores['faces'];

/** What scoring found for one variant. `scores` omits or nulls checks that do not apply. */
export type ScoredVariant = {
  variantId: number;
  scores: Record<string, number | null>;
  faces: Faces;
  /** 16 hex digits, or null when the image had none (then it is nobody's duplicate). */
  phash: string | null;
};

const checkCache = new WeakMap<Database.Database, Map<string, number>>();

function cacheOf(db: Database.Database): Map<string, number> {
  let cache = checkCache.get(db);
  if (!cache) checkCache.set(db, (cache = new Map()));
  return cache;
}

/** The id of a check name, or undefined when nothing was ever scored with it. */
export function findCheckId(db: Database.Database, name: string): number | undefined {
  const cache = cacheOf(db);
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const row = db.prepare('SELECT id FROM quality_checks WHERE name = ?').get(name) as
    { id: number } | undefined;
  if (row) cache.set(name, row.id);
  return row?.id;
}

/** The id of a check name, created when new (writer connection, inside a transaction). */
export function ensureCheckId(db: Database.Database, name: string): number {
  const found = findCheckId(db, name);
  if (found !== undefined) return found;
  db.prepare('INSERT OR IGNORE INTO quality_checks (name) VALUES (?)').run(name);
  return findCheckId(db, name)!;
}

/** Check id -> name for every stored check. */
export function checkNames(db: Database.Database): Map<number, string> {
  const rows = db.prepare('SELECT id, name FROM quality_checks').all() as { id: number; name: string }[];
  return new Map(rows.map((row) => [row.id, row.name]));
}

type Statements = ReturnType<typeof prepare>;

function prepare(db: Database.Database) {
  return {
    pose: db.prepare('SELECT pose_id AS poseId FROM variants WHERE id = ?'),
    quality: db.prepare(
      `INSERT INTO variant_quality (variant_id, phash, faces, scored_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (variant_id) DO UPDATE SET phash = excluded.phash, faces = excluded.faces,
         scored_at = excluded.scored_at`,
    ),
    clear: db.prepare('DELETE FROM variant_scores WHERE variant_id = ?'),
    score: db.prepare(
      `INSERT INTO variant_scores (variant_id, check_id, value) VALUES (?, ?, ?)
       ON CONFLICT (variant_id, check_id) DO UPDATE SET value = excluded.value`,
    ),
    dropScore: db.prepare('DELETE FROM variant_scores WHERE variant_id = ? AND check_id = ?'),
    dequeue: db.prepare('DELETE FROM score_queue WHERE job_id = ? AND variant_id = ?'),
    hashes: db.prepare(
      `SELECT v.id AS id, q.phash AS phash FROM variants v JOIN variant_quality q ON q.variant_id = v.id
       WHERE v.pose_id = ? AND q.phash IS NOT NULL ORDER BY v.id`,
    ),
  };
}

function storeOne(
  db: Database.Database,
  st: Statements,
  item: ScoredVariant,
  duplicate: string,
  now: number,
) {
  st.quality.run(item.variantId, item.phash, JSON.stringify(item.faces), now);
  st.clear.run(item.variantId);
  for (const [name, value] of Object.entries(item.scores)) {
    if (name === duplicate || value === null || !Number.isFinite(value)) continue;
    st.score.run(item.variantId, ensureCheckId(db, name), value);
  }
}

/** Recompute the near-duplicate score of every scored variant of `poseId` (in id order). */
function refreshDuplicates(st: Statements, poseId: number, duplicateId: number): void {
  const rows = st.hashes.all(poseId) as { id: number; phash: string }[];
  const distances = duplicateDistances(rows.map((row) => row.phash));
  rows.forEach((row, i) => {
    const d = distances[i]!;
    if (d === null) st.dropScore.run(row.id, duplicateId);
    else st.score.run(row.id, duplicateId, d);
  });
}

export type CommitScoresOptions = {
  /** The check id of the derived near-duplicate score. */
  duplicateCheck: string;
  /** The scoring job whose queue items these were (removed in the same transaction). */
  jobId?: number;
};

/**
 * Store the scores of scored variants in one transaction (call under the write lock); variants
 * deleted meanwhile are skipped. Returns how many were stored.
 */
export function commitScores(
  db: Database.Database,
  items: readonly ScoredVariant[],
  now: number,
  options: CommitScoresOptions,
): number {
  const st = prepare(db);
  return db
    .transaction(() => {
      const poses = new Set<number>();
      let stored = 0;
      for (const item of items) {
        if (options.jobId !== undefined) st.dequeue.run(options.jobId, item.variantId);
        const row = st.pose.get(item.variantId) as { poseId: number } | undefined;
        if (!row) continue;
        storeOne(db, st, item, options.duplicateCheck, now);
        poses.add(row.poseId);
        stored += 1;
      }
      const duplicateId = ensureCheckId(db, options.duplicateCheck);
      for (const poseId of poses) refreshDuplicates(st, poseId, duplicateId);
      return stored;
    })
    .immediate();
}

/** Scores, faces and time of the scored variants among `ids`; `names` get null when absent. */
export function getScores(
  db: Database.Database,
  ids: readonly number[],
  names: readonly string[],
): Map<number, VariantScores> {
  const out = new Map<number, VariantScores>();
  if (ids.length === 0) return out;
  const json = JSON.stringify(ids);
  const meta = db
    .prepare(
      `SELECT variant_id AS id, faces, scored_at AS scoredAt FROM variant_quality
       WHERE variant_id IN (SELECT value FROM json_each(?))`,
    )
    .all(json) as { id: number; faces: string; scoredAt: number }[];
  for (const row of meta) {
    const scores: Record<string, number | null> = {};
    for (const name of names) scores[name] = null;
    out.set(row.id, {
      variantId: row.id,
      scores,
      faces: JSON.parse(row.faces) as Faces,
      scoredAt: row.scoredAt,
    });
  }
  const values = db
    .prepare(
      `SELECT s.variant_id AS id, c.name AS name, s.value AS value FROM variant_scores s
       JOIN quality_checks c ON c.id = s.check_id WHERE s.variant_id IN (SELECT value FROM json_each(?))`,
    )
    .all(json) as { id: number; name: string; value: number }[];
  for (const row of values) {
    const entry = out.get(row.id);
    if (entry) entry.scores[row.name] = row.value;
  }
  return out;
}

/**
 * Freeze a scoring job's work: the variants matching `where` (over `variants v`), all of them or
 * only those not scored yet. Call inside the transaction that created the job.
 */
export function freezeScoreQueue(
  db: Database.Database,
  jobId: number,
  where: SqlFragment,
  rescore: boolean,
): number {
  const unscored = rescore
    ? ''
    : 'AND NOT EXISTS (SELECT 1 FROM variant_quality q WHERE q.variant_id = v.id)';
  const info = db
    .prepare(
      `INSERT INTO score_queue (job_id, variant_id) SELECT ?, v.id FROM variants v WHERE ${where.sql} ${unscored}`,
    )
    .run(jobId, ...where.params);
  return info.changes;
}

/** One item of a scoring job: the variant and what the scorer needs of it (null when deleted). */
export type QueuedVariant = {
  variantId: number;
  item: { rgbPath: string; width: number; height: number; keypoints: Keypoint[] } | null;
};

/** Queued items of a job after `afterId`, in variant id order. */
export function queuedVariants(
  db: Database.Database,
  jobId: number,
  afterId: number,
  limit: number,
): QueuedVariant[] {
  const rows = db
    .prepare(
      `SELECT q.variant_id AS variantId, v.width AS width, v.height AS height, v.keypoints AS keypoints,
         m.path AS rgbPath
       FROM score_queue q LEFT JOIN variants v ON v.id = q.variant_id LEFT JOIN media m ON m.id = v.rgb_media
       WHERE q.job_id = ? AND q.variant_id > ? ORDER BY q.variant_id LIMIT ?`,
    )
    .all(jobId, afterId, limit) as {
    variantId: number;
    width: number | null;
    height: number | null;
    keypoints: string | null;
    rgbPath: string | null;
  }[];
  return rows.map((row) => ({
    variantId: row.variantId,
    item:
      row.keypoints === null || row.rgbPath === null
        ? null
        : {
            rgbPath: row.rgbPath,
            width: row.width!,
            height: row.height!,
            keypoints: JSON.parse(row.keypoints) as Keypoint[],
          },
  }));
}

export function queueSize(db: Database.Database, jobId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM score_queue WHERE job_id = ?').get(jobId) as { n: number }).n;
}

/** Drop queue items that cannot be scored (variant deleted, image unreadable). */
export function dropQueued(db: Database.Database, jobId: number, ids: readonly number[]): void {
  db.prepare(
    'DELETE FROM score_queue WHERE job_id = ? AND variant_id IN (SELECT value FROM json_each(?))',
  ).run(jobId, JSON.stringify(ids));
}

/** Scored variants (for the summary line). */
export function scoredCount(db: Database.Database): number {
  return (db.prepare('SELECT count(*) AS n FROM variant_quality').get() as { n: number }).n;
}
