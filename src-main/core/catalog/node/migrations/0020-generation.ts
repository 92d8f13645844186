/**
 * @file Migration 20: variant generation. A generation run (one per generate job) freezes its pose
 * set in `run_poses` at start, so resuming after a pause or a crash works on exactly the same items;
 * `variants` holds what was made, one row per (run, pose, variant index) (the idempotency key of a
 * work item); `item_errors` keeps per-item failures while the job goes on.
 *
 * Variant media are ids into the existing content-addressed `media` table. They are deliberately
 * not declared as foreign keys: media rows are shared (same bytes, one row), and a declared key
 * would make every media delete scan `variants` unless five more indexes were kept. `doctor`
 * checks the link instead (variants naming missing media, media no variant names).
 */
import type { Migration } from './registry';

export const migration0020: Migration = {
  version: 20,
  name: 'generation',
  up(db) {
    db.exec(`
      CREATE TABLE generation_runs (
        id                INTEGER PRIMARY KEY,
        job_id            INTEGER NOT NULL UNIQUE REFERENCES jobs (id) ON DELETE CASCADE,
        generator         TEXT    NOT NULL,
        request           TEXT    NOT NULL,
        variants_per_pose INTEGER NOT NULL CHECK (variants_per_pose > 0),
        pose_count        INTEGER NOT NULL CHECK (pose_count >= 0),
        total             INTEGER NOT NULL CHECK (total >= 0),
        created_at        INTEGER NOT NULL
      ) STRICT;

      -- The frozen pose set: ordinal gives every item a stable global index (seeds, order).
      CREATE TABLE run_poses (
        run_id  INTEGER NOT NULL REFERENCES generation_runs (id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL CHECK (ordinal >= 0),
        pose_id INTEGER NOT NULL REFERENCES poses (id) ON DELETE CASCADE,
        PRIMARY KEY (run_id, ordinal)
      ) STRICT, WITHOUT ROWID;
      -- A pose appears once per run; also the child index the pose delete cascade needs.
      CREATE UNIQUE INDEX run_poses_by_pose ON run_poses (pose_id, run_id);

      CREATE TABLE variants (
        id              INTEGER PRIMARY KEY,
        run_id          INTEGER NOT NULL REFERENCES generation_runs (id) ON DELETE CASCADE,
        pose_id         INTEGER NOT NULL REFERENCES poses (id) ON DELETE CASCADE,
        variant_index   INTEGER NOT NULL CHECK (variant_index >= 0),
        generator       TEXT    NOT NULL,
        prompt          TEXT    NOT NULL,
        seed            INTEGER NOT NULL,
        width           INTEGER NOT NULL CHECK (width > 0),
        height          INTEGER NOT NULL CHECK (height > 0),
        params          TEXT    NOT NULL,
        keypoints       TEXT    NOT NULL,
        attributes      TEXT    NOT NULL,
        face_defect     TEXT,
        status          TEXT    NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted', 'rejected')),
        reason          TEXT,
        rgb_media       INTEGER NOT NULL,
        thumb_media     INTEGER NOT NULL,
        depth_media     INTEGER,
        parts_media     INTEGER,
        condition_media INTEGER,
        created_at      INTEGER NOT NULL,
        UNIQUE (run_id, pose_id, variant_index)
      ) STRICT;
      -- Rows are wide (keypoints, params, attributes JSON): pages are found from these narrow
      -- covering indexes, in id order, then only the page's rows are read.
      CREATE INDEX variants_scan ON variants (id, status, run_id, pose_id);
      CREATE INDEX variants_by_run ON variants (run_id, id, status);
      CREATE INDEX variants_by_run_status ON variants (run_id, status, id);
      CREATE INDEX variants_by_pose ON variants (pose_id, id, status, run_id);
      CREATE INDEX variants_by_status ON variants (status, id);

      CREATE TABLE item_errors (
        run_id        INTEGER NOT NULL REFERENCES generation_runs (id) ON DELETE CASCADE,
        pose_id       INTEGER NOT NULL REFERENCES poses (id) ON DELETE CASCADE,
        variant_index INTEGER NOT NULL CHECK (variant_index >= 0),
        message       TEXT    NOT NULL,
        -- 1: the generator itself refused the item (deterministic: retrying gives the same error);
        -- 0: the machinery failed (a worker died): the item is tried again when the job resumes.
        final         INTEGER NOT NULL DEFAULT 1 CHECK (final IN (0, 1)),
        attempts      INTEGER NOT NULL DEFAULT 1,
        at            INTEGER NOT NULL,
        PRIMARY KEY (run_id, pose_id, variant_index)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX item_errors_by_pose ON item_errors (pose_id);
    `);
  },
};
