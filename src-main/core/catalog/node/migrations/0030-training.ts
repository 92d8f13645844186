/**
 * @file Migration 30: pre-training. A training run (one per `train` job) stores its validated
 * request and the figures the runs list shows; its frozen dataset (variant ids, split, media
 * paths) lives in the run's folder as dataset.json next to the image cache and the checkpoints,
 * because the worker thread that trains reads those files, not the catalog. `train_metrics` keeps
 * one row per step for the charts; `eval_results` one row per evaluation of a checkpoint.
 */
import type { Migration } from './registry';

export const migration0030: Migration = {
  version: 30,
  name: 'training',
  up(db) {
    db.exec(`
      CREATE TABLE train_runs (
        id             INTEGER PRIMARY KEY,
        job_id         INTEGER NOT NULL UNIQUE REFERENCES jobs (id) ON DELETE CASCADE,
        name           TEXT    NOT NULL,
        recipe         TEXT    NOT NULL CHECK (recipe IN ('simclr', 'stablerep', 'genpoccl')),
        request        TEXT    NOT NULL,
        steps          INTEGER NOT NULL CHECK (steps > 0),
        step           INTEGER NOT NULL DEFAULT 0 CHECK (step >= 0),
        loss           REAL,
        images_per_sec REAL,
        train_count    INTEGER NOT NULL CHECK (train_count >= 0),
        eval_count     INTEGER NOT NULL CHECK (eval_count >= 0),
        created_at     INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE train_metrics (
        run_id         INTEGER NOT NULL REFERENCES train_runs (id) ON DELETE CASCADE,
        step           INTEGER NOT NULL CHECK (step >= 0),
        loss           REAL    NOT NULL,
        lr             REAL    NOT NULL,
        grad_norm      REAL    NOT NULL,
        images_per_sec REAL    NOT NULL,
        PRIMARY KEY (run_id, step)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE eval_results (
        id         INTEGER PRIMARY KEY,
        run_id     INTEGER NOT NULL REFERENCES train_runs (id) ON DELETE CASCADE,
        step       INTEGER NOT NULL CHECK (step >= 0),
        results    TEXT    NOT NULL,
        counts     TEXT    NOT NULL,
        details    TEXT    NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX eval_results_by_run ON eval_results (run_id, step);
    `);
  },
};
