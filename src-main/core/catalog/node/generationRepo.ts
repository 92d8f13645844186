/**
 * @file Generation runs: the run row, its frozen pose set (`run_poses`), per-item errors, and the
 * "what is left to do" walk a (resumed) job runs: run_poses x variant indices, minus variants that
 * exist, minus items whose error is final. Everything is paged by ordinal, so a 600k-item run never
 * sits in memory.
 */
import type Database from 'better-sqlite3';
import {
  GenerateRequestSchema,
  type GenerateRequest,
  type GenerationRun,
  type JobState,
  type Keypoint,
  type PoseFilter,
} from '../../../contract';
import { idsAfterQuery } from '../poseQuery';

const FREEZE_PAGE = 10_000;

export type RunRow = {
  id: number;
  jobId: number;
  generator: string;
  request: GenerateRequest;
  variantsPerPose: number;
  poseCount: number;
  total: number;
  createdAt: number;
};

type RawRun = {
  id: number;
  job_id: number;
  generator: string;
  request: string;
  variants_per_pose: number;
  pose_count: number;
  total: number;
  created_at: number;
};

function fromRaw(raw: RawRun): RunRow {
  return {
    id: raw.id,
    jobId: raw.job_id,
    generator: raw.generator,
    request: GenerateRequestSchema.parse(JSON.parse(raw.request)),
    variantsPerPose: raw.variants_per_pose,
    poseCount: raw.pose_count,
    total: raw.total,
    createdAt: raw.created_at,
  };
}

export function createRun(
  db: Database.Database,
  row: { jobId: number; request: GenerateRequest },
  now: number,
): number {
  const info = db
    .prepare(
      `INSERT INTO generation_runs (job_id, generator, request, variants_per_pose, pose_count, total, created_at)
       VALUES (?, ?, ?, ?, 0, 0, ?)`,
    )
    .run(row.jobId, row.request.generator, JSON.stringify(row.request), row.request.variantsPerPose, now);
  return Number(info.lastInsertRowid);
}

/**
 * Resolve the pose filter into the run's pose set, in id order, a keyset page at a time (the
 * same walk as `poses.ids`); sets the run's size. Call inside the transaction that created the run.
 */
export function freezeRunPoses(db: Database.Database, runId: number, filter: PoseFilter): number {
  const insert = db.prepare('INSERT INTO run_poses (run_id, ordinal, pose_id) VALUES (?, ?, ?)');
  let ordinal = 0;
  let after = 0;
  for (;;) {
    const query = idsAfterQuery(filter, after, FREEZE_PAGE);
    const ids = (db.prepare(query.sql).all(...query.params) as { id: number }[]).map((r) => r.id);
    for (const id of ids) insert.run(runId, ordinal++, id);
    if (ids.length < FREEZE_PAGE) break;
    after = ids[ids.length - 1]!;
  }
  db.prepare('UPDATE generation_runs SET pose_count = ?, total = ? * variants_per_pose WHERE id = ?').run(
    ordinal,
    ordinal,
    runId,
  );
  return ordinal;
}

export function getRun(db: Database.Database, runId: number): RunRow | null {
  const raw = db.prepare('SELECT * FROM generation_runs WHERE id = ?').get(runId) as RawRun | undefined;
  return raw ? fromRaw(raw) : null;
}

export function getRunByJob(db: Database.Database, jobId: number): RunRow | null {
  const raw = db.prepare('SELECT * FROM generation_runs WHERE job_id = ?').get(jobId) as RawRun | undefined;
  return raw ? fromRaw(raw) : null;
}

/** Committed variants and recorded item errors of a run. */
export function runCounts(db: Database.Database, runId: number): { done: number; failed: number } {
  const done = db.prepare('SELECT count(*) AS n FROM variants WHERE run_id = ?').get(runId) as { n: number };
  const failed = db.prepare('SELECT count(*) AS n FROM item_errors WHERE run_id = ?').get(runId) as {
    n: number;
  };
  return { done: done.n, failed: failed.n };
}

/** Items that are settled for good: committed, or refused by the generator itself. */
export function settledCount(db: Database.Database, runId: number): number {
  const row = db
    .prepare(
      `SELECT (SELECT count(*) FROM variants WHERE run_id = ?)
            + (SELECT count(*) FROM item_errors WHERE run_id = ? AND final = 1) AS n`,
    )
    .get(runId, runId) as { n: number };
  return row.n;
}

export function toRunDto(
  run: RunRow,
  state: JobState,
  counts: { done: number; failed: number },
): GenerationRun {
  return {
    id: run.id,
    jobId: run.jobId,
    state,
    generator: run.generator,
    request: run.request,
    poseCount: run.poseCount,
    total: run.total,
    done: counts.done,
    failed: counts.failed,
    createdAt: run.createdAt,
  };
}

/** Runs newest first, with their job's state and their counts. */
export function listRuns(db: Database.Database, limit: number): GenerationRun[] {
  const rows = db
    .prepare(
      `SELECT r.*, j.state AS state FROM generation_runs r JOIN jobs j ON j.id = r.job_id
       ORDER BY r.id DESC LIMIT ?`,
    )
    .all(limit) as (RawRun & { state: JobState })[];
  return rows.map((raw) => toRunDto(fromRaw(raw), raw.state, runCounts(db, raw.id)));
}

/** One work item: (run, pose ordinal, variant index). */
export type PendingItem = { ordinal: number; poseId: number; index: number };

/**
 * The items still to do among the run's poses with ordinal > `afterOrdinal` (at most `poseLimit`
 * poses looked at); `lastOrdinal` is where the next page starts, null when the walk is over.
 */
export function pendingItems(
  db: Database.Database,
  run: Pick<RunRow, 'id' | 'variantsPerPose'>,
  afterOrdinal: number,
  poseLimit: number,
): { items: PendingItem[]; lastOrdinal: number | null } {
  const poses = db
    .prepare(
      'SELECT ordinal, pose_id AS poseId FROM run_poses WHERE run_id = ? AND ordinal > ? ORDER BY ordinal LIMIT ?',
    )
    .all(run.id, afterOrdinal, poseLimit) as { ordinal: number; poseId: number }[];
  if (poses.length === 0) return { items: [], lastOrdinal: null };
  const ids = JSON.stringify(poses.map((pose) => pose.poseId));
  const settled = db
    .prepare(
      `SELECT pose_id AS poseId, variant_index AS idx FROM variants
         WHERE run_id = ? AND pose_id IN (SELECT value FROM json_each(?))
       UNION ALL
       SELECT pose_id, variant_index FROM item_errors
         WHERE run_id = ? AND final = 1 AND pose_id IN (SELECT value FROM json_each(?))`,
    )
    .all(run.id, ids, run.id, ids) as { poseId: number; idx: number }[];
  const skip = new Set(settled.map((row) => `${row.poseId}:${row.idx}`));
  const items: PendingItem[] = [];
  for (const pose of poses) {
    for (let index = 0; index < run.variantsPerPose; index += 1) {
      if (!skip.has(`${pose.poseId}:${index}`))
        items.push({ ordinal: pose.ordinal, poseId: pose.poseId, index });
    }
  }
  const lastOrdinal = poses.length < poseLimit ? null : poses[poses.length - 1]!.ordinal;
  return { items, lastOrdinal };
}

/** Record (or update) the error of one item; a later success clears it. */
export function recordItemError(
  db: Database.Database,
  runId: number,
  item: PendingItem,
  message: string,
  final: boolean,
  now: number,
): void {
  db.prepare(
    `INSERT INTO item_errors (run_id, pose_id, variant_index, message, final, attempts, at)
     VALUES (?, ?, ?, ?, ?, 1, ?)
     ON CONFLICT (run_id, pose_id, variant_index)
     DO UPDATE SET message = excluded.message, final = excluded.final, attempts = attempts + 1, at = excluded.at`,
  ).run(runId, item.poseId, item.index, message.slice(0, 2000), final ? 1 : 0, now);
}

export function clearItemError(db: Database.Database, runId: number, poseId: number, index: number): void {
  db.prepare('DELETE FROM item_errors WHERE run_id = ? AND pose_id = ? AND variant_index = ?').run(
    runId,
    poseId,
    index,
  );
}

export type ItemError = { poseId: number; index: number; message: string; final: boolean; attempts: number };

export function listItemErrors(db: Database.Database, runId: number, limit = 100): ItemError[] {
  const rows = db
    .prepare(
      `SELECT pose_id AS poseId, variant_index AS idx, message, final, attempts FROM item_errors
       WHERE run_id = ? ORDER BY pose_id, variant_index LIMIT ?`,
    )
    .all(runId, limit) as { poseId: number; idx: number; message: string; final: number; attempts: number }[];
  return rows.map((r) => ({
    poseId: r.poseId,
    index: r.idx,
    message: r.message,
    final: r.final === 1,
    attempts: r.attempts,
  }));
}

/** What a generator needs of each pose: canvas and keypoints (no tags, no derived columns). */
export function posesForGeneration(
  db: Database.Database,
  ids: readonly number[],
): Map<number, { width: number; height: number; keypoints: Keypoint[] }> {
  const rows = db
    .prepare('SELECT id, width, height, keypoints FROM poses WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(ids)) as { id: number; width: number; height: number; keypoints: string }[];
  return new Map(
    rows.map((row) => [
      row.id,
      { width: row.width, height: row.height, keypoints: JSON.parse(row.keypoints) as Keypoint[] },
    ]),
  );
}

/** Item errors a worker crash left (tried again when the job resumes). */
export function retryableErrorCount(db: Database.Database, runId: number): number {
  const row = db
    .prepare('SELECT count(*) AS n FROM item_errors WHERE run_id = ? AND final = 0')
    .get(runId) as {
    n: number;
  };
  return row.n;
}
