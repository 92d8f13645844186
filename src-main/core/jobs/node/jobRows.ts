/**
 * @file The `jobs` table: row <-> `Job` DTO, insert, state updates and the recovery statements run
 * when a project opens. Callers decide when these run (under the write lock, outside catalog
 * transactions that may roll back), this module only knows the SQL.
 */
import type Database from 'better-sqlite3';
import type { Job, JobState } from '../../../contract';

export type JobSpec = {
  kind: string;
  title: string;
  params: unknown;
  unit: string;
  total?: number | null;
  /** The client's id for this request, echoed in the job so it can follow it. */
  requestId?: string | null;
};

type JobRow = {
  id: number;
  kind: string;
  request_id: string | null;
  title: string;
  params: string;
  state: JobState;
  done: number;
  total: number | null;
  unit: string;
  message: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
};

export type StoredJob = { job: Job; params: unknown };

function fromRow(row: JobRow): StoredJob {
  return {
    params: JSON.parse(row.params) as unknown,
    job: {
      id: row.id,
      kind: row.kind,
      requestId: row.request_id,
      title: row.title,
      state: row.state,
      done: row.done,
      total: row.total,
      unit: row.unit,
      rate: null,
      etaSeconds: null,
      message: row.message,
      error: row.error,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    },
  };
}

export function insertJob(db: Database.Database, spec: JobSpec, state: JobState, now: number): Job {
  const info = db
    .prepare(
      `INSERT INTO jobs (kind, request_id, title, params, state, done, total, unit, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`,
    )
    .run(
      spec.kind,
      spec.requestId ?? null,
      spec.title,
      JSON.stringify(spec.params ?? null),
      state,
      spec.total ?? null,
      spec.unit,
      now,
      now,
    );
  return {
    id: Number(info.lastInsertRowid),
    kind: spec.kind,
    requestId: spec.requestId ?? null,
    title: spec.title,
    state,
    done: 0,
    total: spec.total ?? null,
    unit: spec.unit,
    rate: null,
    etaSeconds: null,
    message: null,
    error: null,
    createdAt: now,
    updatedAt: now,
  };
}

export function getJobRow(db: Database.Database, id: number): StoredJob | null {
  const row = db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  return row ? fromRow(row) : null;
}

export function listJobRows(db: Database.Database, limit: number): Job[] {
  const rows = db.prepare('SELECT * FROM jobs ORDER BY id DESC LIMIT ?').all(limit) as JobRow[];
  return rows.map((row) => fromRow(row).job);
}

/** Persist a job's state, counters, message, error and (when given) result. */
export function saveJob(db: Database.Database, job: Job, result?: unknown): void {
  if (result === undefined) {
    db.prepare(
      'UPDATE jobs SET state = ?, done = ?, total = ?, message = ?, error = ?, updated_at = ? WHERE id = ?',
    ).run(job.state, job.done, job.total, job.message, job.error, job.updatedAt, job.id);
    return;
  }
  db.prepare(
    'UPDATE jobs SET state = ?, done = ?, total = ?, message = ?, error = ?, result = ?, updated_at = ? WHERE id = ?',
  ).run(
    job.state,
    job.done,
    job.total,
    job.message,
    job.error,
    JSON.stringify(result ?? null),
    job.updatedAt,
    job.id,
  );
}

export const INTERRUPTED =
  'interrupted: the studio stopped while this job ran; work from its unfinished step was rolled back';

/**
 * After a crash: jobs of kinds that cannot resume fail as interrupted; resumable ones that were
 * queued or running go back to the queue (paused ones stay paused). Returns the queue, oldest first,
 * and which of them were running (killed mid-work: they may have left temp files).
 */
export function recoverJobRows(
  db: Database.Database,
  resumableKinds: readonly string[],
  now: number,
): { queued: number[]; crashed: number[] } {
  const kinds = JSON.stringify(resumableKinds);
  const crashed = db
    .prepare(`SELECT id FROM jobs WHERE state = 'running' AND kind IN (SELECT value FROM json_each(?))`)
    .all(kinds) as { id: number }[];
  db.prepare(
    `UPDATE jobs SET state = 'failed', error = ?, updated_at = ?
     WHERE state IN ('queued', 'running', 'paused') AND kind NOT IN (SELECT value FROM json_each(?))`,
  ).run(INTERRUPTED, now, kinds);
  db.prepare(
    `UPDATE jobs SET state = 'queued', updated_at = ?
     WHERE state = 'running' AND kind IN (SELECT value FROM json_each(?))`,
  ).run(now, kinds);
  const rows = db
    .prepare(
      `SELECT id FROM jobs WHERE state = 'queued' AND kind IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .all(kinds) as { id: number }[];
  return { queued: rows.map((row) => row.id), crashed: crashed.map((row) => row.id) };
}

/** Ids of paused jobs of resumable kinds (known to the manager, not interrupted). */
export function pausedJobIds(db: Database.Database, resumableKinds: readonly string[]): number[] {
  const rows = db
    .prepare(`SELECT id FROM jobs WHERE state = 'paused' AND kind IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(resumableKinds)) as { id: number }[];
  return rows.map((row) => row.id);
}

/** Set a queued job's title and total once its work is known (inside the creating transaction). */
export function setJobPlan(db: Database.Database, id: number, title: string, total: number | null): void {
  db.prepare('UPDATE jobs SET title = ?, total = ? WHERE id = ?').run(title, total, id);
}
