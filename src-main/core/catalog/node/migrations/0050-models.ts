/**
 * @file Migration 50: diffusion models (issue 7) and project settings.
 *
 * - `models`: one row per model folder the user brought (SD 1.5 + ControlNet-OpenPose as ONNX). The
 *   folder stays where it is: the row keeps its path, the optional separate ControlNet path, and the
 *   inspection report as JSON (`report_json`, the contract's ModelReport) made when it was added, with
 *   the columns the list shows and the duplicate checks read (layout, hash, total bytes). A path and
 *   a content hash appear once. `provider` is the execution provider generation asks for; it is not
 *   checked here so that a provider added to the contract later needs no migration (the repository
 *   reads unknown values as cpu).
 * - At most one model is the default: a partial unique index on `is_default = 1` makes a second
 *   default a constraint error, so "set as default" must clear the old one in the same transaction.
 * - `settings`: a small key-value table of project settings (JSON values), starting with the default
 *   execution provider chosen on the Settings page. Absent keys read as their defaults.
 */
import type { Migration } from './registry';

export const migration0050: Migration = {
  version: 50,
  name: 'models',
  up(db) {
    db.exec(`
      CREATE TABLE models (
        id              INTEGER PRIMARY KEY,
        name            TEXT    NOT NULL CHECK (length(name) > 0),
        path            TEXT    NOT NULL UNIQUE,
        layout          TEXT    NOT NULL,
        hash            TEXT    NOT NULL UNIQUE,
        total_bytes     INTEGER NOT NULL CHECK (total_bytes >= 0),
        provider        TEXT    NOT NULL,
        is_default      INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
        added_at        INTEGER NOT NULL,
        report_json     TEXT    NOT NULL,
        controlnet_path TEXT
      ) STRICT;
      CREATE UNIQUE INDEX models_one_default ON models (is_default) WHERE is_default = 1;

      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
