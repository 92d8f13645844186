import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './registry';
import { migration0010 } from './0010-initial';
import { migration0020 } from './0020-generation';
import { migration0030 } from './0030-training';
import { TrainRequestSchema } from '../../../../contract';
import {
  createTrainRun,
  getTrainRunByJob,
  insertEval,
  insertMetrics,
  listEvals,
  metricSeries,
  setRunStep,
  toTrainRunDto,
} from '../trainRepo';

function migrated(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [migration0010, migration0020, migration0030]);
  return db;
}

function job(db: Database.Database, state = 'queued'): number {
  return Number(
    db
      .prepare(
        `INSERT INTO jobs (kind, title, params, state, unit, created_at, updated_at)
         VALUES ('train', 't', '{}', ?, 'steps', 1, 1)`,
      )
      .run(state).lastInsertRowid,
  );
}

const request = TrainRequestSchema.parse({ recipe: { recipe: 'genpoccl' }, steps: 10 });
const point = (step: number, loss = 1) => ({ step, loss, lr: 0.1, gradNorm: 1, imagesPerSec: 10 });

describe('migration 0030 (training)', () => {
  it('stores a run with its job state, one metric row per step, and cascades a deleted job', () => {
    const db = migrated();
    const jobId = job(db, 'running');
    const runId = createTrainRun(db, { jobId, request, trainCount: 40, evalCount: 8 }, 5);
    insertMetrics(db, runId, [point(0, 3), point(1, 2)]);
    insertMetrics(db, runId, [point(1, 1.5)]); // a resumed run redoes step 1
    const run = toTrainRunDto(getTrainRunByJob(db, jobId)!);
    expect(run).toMatchObject({ id: runId, state: 'running', step: 2, loss: 1.5, trainCount: 40, steps: 10 });
    expect(run.request.recipe).toMatchObject({ recipe: 'genpoccl', mpTemperature: 0.1 });
    expect(metricSeries(db, runId, 100).map((p) => [p.step, p.loss])).toEqual([
      [0, 3],
      [1, 1.5],
    ]);
    setRunStep(db, runId, 1);
    expect(metricSeries(db, runId, 100).map((p) => p.step)).toEqual([0]);
    insertEval(
      db,
      {
        runId,
        step: 1,
        results: { keypoints: null, poseRetrieval: null, reid: null, attributes: null },
        counts: { test: 3 },
        details: {},
      },
      9,
    );
    expect(listEvals(db, [runId])).toHaveLength(1);
    db.prepare('DELETE FROM jobs WHERE id = ?').run(jobId);
    const count = (table: string) =>
      (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([count('train_runs'), count('train_metrics'), count('eval_results')]).toEqual([0, 0, 0]);
  });

  it('refuses an unknown recipe and negative steps; downsamples long series by averaging buckets', () => {
    const db = migrated();
    const jobId = job(db);
    expect(() =>
      db
        .prepare(
          `INSERT INTO train_runs (job_id, name, recipe, request, steps, train_count, eval_count, created_at)
           VALUES (?, '', 'mae', '{}', 1, 0, 0, 1)`,
        )
        .run(jobId),
    ).toThrow(/CHECK constraint failed/);
    const runId = createTrainRun(db, { jobId, request, trainCount: 1, evalCount: 0 }, 1);
    insertMetrics(
      db,
      runId,
      Array.from({ length: 1000 }, (_, i) => point(i, i)),
    );
    const series = metricSeries(db, runId, 100);
    expect(series).toHaveLength(100);
    expect(series[0]).toMatchObject({ step: 9, loss: 4.5 }); // mean of 0..9, labelled with its last step
    expect(series.at(-1)!.step).toBe(999);
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT max(step) FROM train_metrics WHERE run_id = ? GROUP BY step / 10')
      .all(runId) as { detail: string }[];
    expect(plan.map((r) => r.detail).join(' | ')).toMatch(
      /SEARCH train_metrics USING PRIMARY KEY \(run_id=\?\)/,
    );
  });
});
