/**
 * @file Training rows: runs (request, progress figures, split sizes), per-step metrics and
 * evaluation results. Rows map to the contract's TrainRun / MetricPoint / EvalResult DTOs here
 * and nowhere else. Metric series are downsampled in SQL by averaging equal step buckets, so a
 * chart of a million-step run costs one indexed scan and at most `maxPoints` rows.
 */
import type Database from 'better-sqlite3';
import {
  TrainRequestSchema,
  type EvalResult,
  type MetricPoint,
  type ProbeResults,
  type TrainRequest,
  type TrainRun,
} from '../../../contract';

export type TrainRunRow = {
  id: number;
  job_id: number;
  name: string;
  recipe: TrainRequest['recipe']['recipe'];
  request: string;
  steps: number;
  step: number;
  loss: number | null;
  images_per_sec: number | null;
  train_count: number;
  eval_count: number;
  created_at: number;
  state: TrainRun['state'];
  error: string | null;
};

const RUN_COLUMNS = `r.id, r.job_id, r.name, r.recipe, r.request, r.steps, r.step, r.loss, r.images_per_sec,
  r.train_count, r.eval_count, r.created_at, j.state AS state, j.error AS error`;

export function createTrainRun(
  db: Database.Database,
  run: { jobId: number; request: TrainRequest; trainCount: number; evalCount: number },
  now: number,
): number {
  const { request } = run;
  const info = db
    .prepare(
      `INSERT INTO train_runs (job_id, name, recipe, request, steps, train_count, eval_count, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      run.jobId,
      request.name,
      request.recipe.recipe,
      JSON.stringify(request),
      request.steps,
      run.trainCount,
      run.evalCount,
      now,
    );
  return Number(info.lastInsertRowid);
}

export function getTrainRun(db: Database.Database, id: number): TrainRunRow | null {
  return (
    (db
      .prepare(`SELECT ${RUN_COLUMNS} FROM train_runs r JOIN jobs j ON j.id = r.job_id WHERE r.id = ?`)
      .get(id) as TrainRunRow | undefined) ?? null
  );
}

export function getTrainRunByJob(db: Database.Database, jobId: number): TrainRunRow | null {
  return (
    (db
      .prepare(`SELECT ${RUN_COLUMNS} FROM train_runs r JOIN jobs j ON j.id = r.job_id WHERE r.job_id = ?`)
      .get(jobId) as TrainRunRow | undefined) ?? null
  );
}

export function listTrainRuns(db: Database.Database, limit: number): TrainRunRow[] {
  return db
    .prepare(
      `SELECT ${RUN_COLUMNS} FROM train_runs r JOIN jobs j ON j.id = r.job_id ORDER BY r.id DESC LIMIT ?`,
    )
    .all(limit) as TrainRunRow[];
}

export function toTrainRunDto(row: TrainRunRow): TrainRun {
  return {
    id: row.id,
    jobId: row.job_id,
    name: row.name,
    state: row.state,
    recipe: row.recipe,
    request: TrainRequestSchema.parse(JSON.parse(row.request)),
    step: row.step,
    steps: row.steps,
    loss: row.loss,
    imagesPerSec: row.images_per_sec,
    trainCount: row.train_count,
    evalCount: row.eval_count,
    error: row.state === 'failed' ? row.error : null,
    createdAt: row.created_at,
  };
}

/** Appends step metrics (idempotent per step: a resumed run rewrites the steps it redoes). */
export function insertMetrics(db: Database.Database, runId: number, points: readonly MetricPoint[]): void {
  if (points.length === 0) return;
  const insert = db.prepare(
    `INSERT INTO train_metrics (run_id, step, loss, lr, grad_norm, images_per_sec) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, step) DO UPDATE SET loss = excluded.loss, lr = excluded.lr,
       grad_norm = excluded.grad_norm, images_per_sec = excluded.images_per_sec`,
  );
  for (const p of points) insert.run(runId, p.step, p.loss, p.lr, p.gradNorm, p.imagesPerSec);
  const last = points[points.length - 1]!;
  db.prepare('UPDATE train_runs SET step = max(step, ?), loss = ?, images_per_sec = ? WHERE id = ?').run(
    last.step + 1,
    last.loss,
    last.imagesPerSec,
    runId,
  );
}

/** Sets the completed step count (e.g. back to the checkpoint a resumed run restarts from). */
export function setRunStep(db: Database.Database, runId: number, step: number): void {
  db.prepare('UPDATE train_runs SET step = ? WHERE id = ?').run(step, runId);
  db.prepare('DELETE FROM train_metrics WHERE run_id = ? AND step >= ?').run(runId, step);
}

/** At most `maxPoints` points: equal step buckets averaged, each labelled with its last step. */
export function metricSeries(db: Database.Database, runId: number, maxPoints: number): MetricPoint[] {
  const { n } = db.prepare('SELECT count(*) AS n FROM train_metrics WHERE run_id = ?').get(runId) as {
    n: number;
  };
  const bucket = Math.max(1, Math.ceil(n / maxPoints));
  const rows = db
    .prepare(
      `SELECT max(step) AS step, avg(loss) AS loss, avg(lr) AS lr, avg(grad_norm) AS gradNorm,
         avg(images_per_sec) AS imagesPerSec
       FROM train_metrics WHERE run_id = ? GROUP BY step / CAST(? AS INTEGER) ORDER BY step`,
    )
    .all(runId, bucket) as MetricPoint[];
  return rows;
}

type EvalRow = {
  id: number;
  run_id: number;
  step: number;
  results: string;
  counts: string;
  created_at: number;
};

export function insertEval(
  db: Database.Database,
  row: {
    runId: number;
    step: number;
    results: ProbeResults;
    counts: Record<string, number>;
    details: unknown;
  },
  now: number,
): number {
  const info = db
    .prepare(
      'INSERT INTO eval_results (run_id, step, results, counts, details, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(
      row.runId,
      row.step,
      JSON.stringify(row.results),
      JSON.stringify(row.counts),
      JSON.stringify(row.details ?? {}),
      now,
    );
  return Number(info.lastInsertRowid);
}

function toEval(row: EvalRow): EvalResult {
  return {
    id: row.id,
    runId: row.run_id,
    step: row.step,
    results: JSON.parse(row.results) as ProbeResults,
    counts: JSON.parse(row.counts) as Record<string, number>,
    createdAt: row.created_at,
  };
}

/** Evaluations of the given runs (all runs when absent), by run then step. */
export function listEvals(db: Database.Database, runIds?: readonly number[]): EvalResult[] {
  const rows = (
    runIds === undefined
      ? db.prepare('SELECT * FROM eval_results ORDER BY run_id, step, id').all()
      : db
          .prepare(
            'SELECT * FROM eval_results WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY run_id, step, id',
          )
          .all(JSON.stringify(runIds))
  ) as EvalRow[];
  return rows.map(toEval);
}
