/**
 * @file Migration 10: the first catalog schema: imports, poses (with derived filter columns and
 * their indexes), tags, the content-addressed media table, and persisted jobs.
 */
import type { Migration } from './registry';

export const migration0010: Migration = {
  version: 10,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE imports (
        id          INTEGER PRIMARY KEY,
        file        TEXT    NOT NULL,
        sha256      TEXT    NOT NULL,
        format      TEXT    NOT NULL,
        options     TEXT    NOT NULL,
        count       INTEGER NOT NULL DEFAULT 0,
        skipped     TEXT    NOT NULL DEFAULT '{}',
        warnings    TEXT    NOT NULL DEFAULT '[]',
        created_at  INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX imports_by_sha ON imports (sha256, format);

      CREATE TABLE poses (
        id            INTEGER PRIMARY KEY,
        width         INTEGER NOT NULL CHECK (width > 0),
        height        INTEGER NOT NULL CHECK (height > 0),
        keypoints     TEXT    NOT NULL,
        box_x REAL, box_y REAL, box_w REAL, box_h REAL,
        bbox_x REAL, bbox_y REAL, bbox_w REAL, bbox_h REAL,
        bbox_area     REAL    NOT NULL DEFAULT 0,
        labeled_count INTEGER NOT NULL CHECK (labeled_count BETWEEN 0 AND 17),
        visible_count INTEGER NOT NULL CHECK (visible_count BETWEEN 0 AND 17),
        format        TEXT    NOT NULL,
        import_id     INTEGER REFERENCES imports (id) ON DELETE SET NULL,
        source_file   TEXT,
        source_record TEXT,
        source_image  TEXT,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
      ) STRICT;
      -- Narrow copy of the filter columns in id order: deep pages and id-order scans step
      -- over this index instead of the wide rows (see catalog/poseQuery.ts).
      CREATE INDEX poses_scan ON poses (id, labeled_count, import_id, format);
      CREATE INDEX poses_by_labeled ON poses (labeled_count, id);
      CREATE INDEX poses_by_import ON poses (import_id, source_record);
      CREATE INDEX poses_by_created ON poses (created_at, id);
      CREATE INDEX poses_by_updated ON poses (updated_at, id);
      CREATE INDEX poses_by_area ON poses (bbox_area, id);
      CREATE INDEX poses_by_format ON poses (format, id);

      CREATE TABLE tags (
        id   INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE
      ) STRICT;
      CREATE TABLE pose_tags (
        tag_id  INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
        pose_id INTEGER NOT NULL REFERENCES poses (id) ON DELETE CASCADE,
        PRIMARY KEY (tag_id, pose_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX pose_tags_by_pose ON pose_tags (pose_id, tag_id);

      CREATE TABLE media (
        id         INTEGER PRIMARY KEY,
        sha256     TEXT    NOT NULL UNIQUE,
        path       TEXT    NOT NULL UNIQUE,
        kind       TEXT    NOT NULL,
        bytes      INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE jobs (
        id         INTEGER PRIMARY KEY,
        kind       TEXT    NOT NULL,
        request_id TEXT,
        title      TEXT    NOT NULL,
        params     TEXT    NOT NULL,
        state      TEXT    NOT NULL
                   CHECK (state IN ('queued', 'running', 'paused', 'done', 'failed', 'cancelled')),
        done       REAL    NOT NULL DEFAULT 0,
        total      REAL,
        unit       TEXT    NOT NULL,
        message    TEXT,
        error      TEXT,
        result     TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX jobs_by_state ON jobs (state, id);
    `);
  },
};
