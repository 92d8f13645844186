/**
 * @file Migration 40: quality scores and review (issue 5).
 *
 * - Review state: `variants.decided_by` says who decided a non-new status ('hand' or 'auto'), so
 *   the four states (unreviewed, accepted, rejected by hand, rejected by a rule) stay one `status`
 *   column that training keeps reading, plus who. Existing decisions were made by hand.
 * - Scores: one narrow row per (variant, check) in `variant_scores`, with check ids mapped to small
 *   integers (`quality_checks`), so 600k variants x a dozen checks stays a few hundred MB and a
 *   filter by score range or a sort by a score walks `variant_scores_by_value`. `variant_quality`
 *   holds the per-variant rest (detected faces, perceptual hash, when): a variant is scored when it
 *   has that row, and its scores cascade from it. Null scores (a check that does not apply) are
 *   absent rows.
 * - Prompts: a dictionary of distinct prompt texts (`prompts`), filled by a trigger on insert, so
 *   the review grid's "prompt contains" filter scans a few distinct texts instead of 600k wide rows.
 * - Decisions: every change of review state is logged with its before and after values in a batch
 *   (`decision_batches` / `decisions`); undo restores the before values of rows still as the batch
 *   left them.
 * - Scoring jobs freeze their variants in `score_queue` and delete each item with its scores, so
 *   what is left after a pause or a crash is exactly the queue's remaining rows.
 *
 * Review pages are rows of poses. `review_poses` keeps, per (pose, run), how many variants are in
 * each state (`review_totals` the same per run), maintained by triggers on variants, so the grid's
 * default view and its run, state, generator and tag filters page and count over one narrow row
 * per pose (or one per run) instead of every variant. Filters on a variant's own values (scores,
 * prompt, scored) walk the two `variants_review*` indexes, which carry every column they read
 * besides scores and prompt text.
 */
import type { Migration } from './registry';

/** 1/0 per review state of a variant row (`r` = NEW or OLD inside a trigger, a column prefix otherwise). */
function states(r: string): [string, string, string, string] {
  return [
    `(${r}status = 'new')`,
    `(${r}status = 'accepted')`,
    `(${r}status = 'rejected' AND ${r}decided_by IS NOT 'auto')`,
    `(${r}status = 'rejected' AND ${r}decided_by IS 'auto')`,
  ];
}

const COUNTS = ['unreviewed', 'accepted', 'rejected_hand', 'rejected_auto'];
const sums = states('')
  .map((state) => `sum${state}`)
  .join(', ');
/** SET list adding the states of `plus` and removing those of `minus` (either may be null). */
const shift = (plus: string | null, minus: string | null): string =>
  COUNTS.map((column, i) => {
    const add = plus === null ? '' : ` + ${states(plus)[i]}`;
    const sub = minus === null ? '' : ` - ${states(minus)[i]}`;
    return `${column} = ${column}${add}${sub}`;
  }).join(', ');
const upsert = (table: string, keys: string, values: string): string =>
  `INSERT INTO ${table} (${keys}, ${COUNTS.join(', ')}) VALUES (${values}, ${states('NEW.').join(', ')})
     ON CONFLICT (${keys}) DO UPDATE SET ${COUNTS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')};`;

/**
 * Per (pose, run) and per run counts of variants in each review state, kept by triggers on every
 * insert, delete and change of state, so the grid's unfiltered or run/state/tag/generator-filtered
 * pages and counts walk at most one row per pose instead of every variant.
 */
const triggers = `
  CREATE TRIGGER variants_review_insert AFTER INSERT ON variants
  BEGIN
    ${upsert('review_poses', 'pose_id, run_id', 'NEW.pose_id, NEW.run_id')}
    ${upsert('review_totals', 'run_id', 'NEW.run_id')}
  END;
  CREATE TRIGGER variants_review_delete AFTER DELETE ON variants
  BEGIN
    UPDATE review_poses SET ${shift(null, 'OLD.')} WHERE pose_id = OLD.pose_id AND run_id = OLD.run_id;
    DELETE FROM review_poses WHERE pose_id = OLD.pose_id AND run_id = OLD.run_id
      AND unreviewed + accepted + rejected_hand + rejected_auto = 0;
    UPDATE review_totals SET ${shift(null, 'OLD.')} WHERE run_id = OLD.run_id;
    DELETE FROM review_totals WHERE run_id = OLD.run_id
      AND unreviewed + accepted + rejected_hand + rejected_auto = 0;
  END;
  CREATE TRIGGER variants_review_update AFTER UPDATE OF status, decided_by ON variants
    WHEN OLD.status IS NOT NEW.status OR OLD.decided_by IS NOT NEW.decided_by
  BEGIN
    UPDATE review_poses SET ${shift('NEW.', 'OLD.')} WHERE pose_id = NEW.pose_id AND run_id = NEW.run_id;
    UPDATE review_totals SET ${shift('NEW.', 'OLD.')} WHERE run_id = NEW.run_id;
  END;`;

export const migration0040: Migration = {
  version: 40,
  name: 'quality',
  up(db) {
    db.exec(`
      ALTER TABLE variants ADD COLUMN decided_by TEXT CHECK (decided_by IN ('hand', 'auto'));
      UPDATE variants SET decided_by = 'hand' WHERE status <> 'new';

      CREATE TABLE prompts (
        id   INTEGER PRIMARY KEY,
        text TEXT    NOT NULL UNIQUE
      ) STRICT;
      ALTER TABLE variants ADD COLUMN prompt_id INTEGER;
      INSERT INTO prompts (text) SELECT DISTINCT prompt FROM variants ORDER BY prompt;
      UPDATE variants SET prompt_id = (SELECT p.id FROM prompts p WHERE p.text = variants.prompt);
      -- Every insert path gets its prompt id, whoever wrote the INSERT.
      CREATE TRIGGER variants_prompt_id AFTER INSERT ON variants WHEN NEW.prompt_id IS NULL
      BEGIN
        INSERT OR IGNORE INTO prompts (text) VALUES (NEW.prompt);
        UPDATE variants SET prompt_id = (SELECT p.id FROM prompts p WHERE p.text = NEW.prompt)
          WHERE id = NEW.id;
      END;

      CREATE TABLE review_poses (
        pose_id       INTEGER NOT NULL,
        run_id        INTEGER NOT NULL,
        unreviewed    INTEGER NOT NULL DEFAULT 0,
        accepted      INTEGER NOT NULL DEFAULT 0,
        rejected_hand INTEGER NOT NULL DEFAULT 0,
        rejected_auto INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (pose_id, run_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX review_poses_by_run
        ON review_poses (run_id, pose_id, unreviewed, accepted, rejected_hand, rejected_auto);
      CREATE TABLE review_totals (
        run_id        INTEGER PRIMARY KEY,
        unreviewed    INTEGER NOT NULL DEFAULT 0,
        accepted      INTEGER NOT NULL DEFAULT 0,
        rejected_hand INTEGER NOT NULL DEFAULT 0,
        rejected_auto INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      INSERT INTO review_poses (pose_id, run_id, unreviewed, accepted, rejected_hand, rejected_auto)
        SELECT pose_id, run_id, ${sums} FROM variants GROUP BY pose_id, run_id;
      INSERT INTO review_totals (run_id, unreviewed, accepted, rejected_hand, rejected_auto)
        SELECT run_id, ${sums} FROM variants GROUP BY run_id;
      ${triggers}

      -- The id-ordered narrow copy gains the review columns: rules and score walks look variants up
      -- by id and must not read the wide rows for their state.
      DROP INDEX variants_scan;
      CREATE INDEX variants_scan ON variants (id, status, decided_by, run_id, pose_id, generator, prompt_id);
      CREATE INDEX variants_review ON variants (pose_id, status, decided_by, run_id, generator, prompt_id);
      CREATE INDEX variants_review_by_run
        ON variants (run_id, pose_id, status, decided_by, generator, prompt_id);

      CREATE TABLE quality_checks (
        id   INTEGER PRIMARY KEY,
        name TEXT    NOT NULL UNIQUE
      ) STRICT;

      CREATE TABLE variant_quality (
        variant_id INTEGER PRIMARY KEY REFERENCES variants (id) ON DELETE CASCADE,
        phash      TEXT,
        faces      TEXT    NOT NULL DEFAULT '[]',
        scored_at  INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE variant_scores (
        variant_id INTEGER NOT NULL REFERENCES variant_quality (variant_id) ON DELETE CASCADE,
        check_id   INTEGER NOT NULL REFERENCES quality_checks (id),
        value      REAL    NOT NULL,
        PRIMARY KEY (variant_id, check_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX variant_scores_by_value ON variant_scores (check_id, value, variant_id);

      CREATE TABLE decision_batches (
        id         INTEGER PRIMARY KEY,
        decided_by TEXT    NOT NULL CHECK (decided_by IN ('hand', 'auto')),
        label      TEXT    NOT NULL,
        count      INTEGER NOT NULL CHECK (count >= 0),
        created_at INTEGER NOT NULL,
        undone_at  INTEGER
      ) STRICT;

      CREATE TABLE decisions (
        batch_id   INTEGER NOT NULL REFERENCES decision_batches (id) ON DELETE CASCADE,
        variant_id INTEGER NOT NULL,
        old_status TEXT    NOT NULL,
        old_by     TEXT,
        old_reason TEXT,
        new_status TEXT    NOT NULL,
        new_by     TEXT,
        new_reason TEXT,
        PRIMARY KEY (batch_id, variant_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE score_queue (
        job_id     INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        variant_id INTEGER NOT NULL,
        PRIMARY KEY (job_id, variant_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
