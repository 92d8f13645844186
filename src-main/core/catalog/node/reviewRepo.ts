/**
 * @file Review decisions and their log. Every change of a variant's review state (status,
 * decided_by, reason) goes through `decide`, which logs the row's values before and after in a
 * decision batch and changes the rows, in one transaction: a decision is on disk when the call
 * returns, and any batch can be undone. Undo puts back the values from before the batch on the
 * rows that are still as the batch left them (a later decision on a row stands), and marks the
 * batch undone.
 *
 * Writes are set-based (INSERT ... SELECT into `decisions`, then UPDATE ... FROM it), so a batch of
 * 50k decisions is two statements, not 50k round trips.
 */
import type Database from 'better-sqlite3';
import { StudioError, type DecisionBatch, type VariantStatus } from '../../../contract';

export type DecidedBy = 'hand' | 'auto';

/** The review columns of a variant. `by` is null exactly when status is 'new'. */
export type ReviewValues = { status: VariantStatus; by: DecidedBy | null; reason: string | null };

/** Who decides, and the batch's label (a function gets the number of rows that changed). */
export type BatchInfo = { by: DecidedBy; label: string | ((count: number) => string) };

type BatchRow = {
  id: number;
  decided_by: DecidedBy;
  label: string;
  count: number;
  created_at: number;
  undone_at: number | null;
};

function toBatch(row: BatchRow): DecisionBatch {
  return {
    id: row.id,
    by: row.decided_by,
    label: row.label,
    count: row.count,
    undone: row.undone_at !== null,
    at: row.created_at,
  };
}

/** The values a hand decision to `status` writes. */
export function handValues(status: VariantStatus, reason: string | null): ReviewValues {
  return { status, by: status === 'new' ? null : 'hand', reason: status === 'new' ? null : reason };
}

function openBatch(db: Database.Database, info: BatchInfo, now: number): number {
  return Number(
    db
      .prepare("INSERT INTO decision_batches (decided_by, label, count, created_at) VALUES (?, '', 0, ?)")
      .run(info.by, now).lastInsertRowid,
  );
}

/** Apply the batch's logged changes to the variants and settle its count (null when empty). */
function closeBatch(db: Database.Database, batchId: number, info: BatchInfo): DecisionBatch | null {
  const count = db
    .prepare(
      `UPDATE variants SET status = d.new_status, decided_by = d.new_by, reason = d.new_reason
       FROM decisions d WHERE d.batch_id = ? AND d.variant_id = variants.id`,
    )
    .run(batchId).changes;
  if (count === 0) {
    db.prepare('DELETE FROM decision_batches WHERE id = ?').run(batchId);
    return null;
  }
  const label = typeof info.label === 'string' ? info.label : info.label(count);
  db.prepare('UPDATE decision_batches SET count = ?, label = ? WHERE id = ?').run(count, label, batchId);
  return getBatch(db, batchId);
}

const LOG_CHANGED = `INSERT INTO decisions
    (batch_id, variant_id, old_status, old_by, old_reason, new_status, new_by, new_reason)
  SELECT ?, v.id, v.status, v.decided_by, v.reason, ?, ?, ?`;
const DIFFERS = '(v.status IS NOT ? OR v.decided_by IS NOT ? OR v.reason IS NOT ?)';

/**
 * Set the same values on variants by id, as one logged batch (rows already so are left out).
 * Runs its own transaction; call under the write lock. Returns the batch, or null if nothing changed.
 */
export function decideAll(
  db: Database.Database,
  ids: readonly number[],
  values: ReviewValues,
  info: BatchInfo,
  now: number,
): DecisionBatch | null {
  const { status, by, reason } = values;
  return db
    .transaction(() => {
      const batchId = openBatch(db, info, now);
      db.prepare(
        `${LOG_CHANGED} FROM variants v WHERE v.id IN (SELECT value FROM json_each(?)) AND ${DIFFERS}`,
      ).run(batchId, status, by, reason, JSON.stringify(ids), status, by, reason);
      return closeBatch(db, batchId, info);
    })
    .immediate();
}

/** Per-variant values, as one logged batch. Same contract as `decideAll`. */
export function decideEach(
  db: Database.Database,
  changes: ReadonlyMap<number, ReviewValues>,
  info: BatchInfo,
  now: number,
): DecisionBatch | null {
  // The plan goes into a per-connection temp table first, so logging and applying it are two
  // set-based statements however many variants it names.
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS decide_plan (
    variant_id INTEGER PRIMARY KEY, status TEXT NOT NULL, decided_by TEXT, reason TEXT)`);
  return db
    .transaction(() => {
      db.exec('DELETE FROM temp.decide_plan');
      const put = db.prepare('INSERT INTO temp.decide_plan VALUES (?, ?, ?, ?)');
      for (const [id, { status, by, reason }] of changes) put.run(id, status, by, reason);
      const batchId = openBatch(db, info, now);
      db.prepare(
        `INSERT INTO decisions
           (batch_id, variant_id, old_status, old_by, old_reason, new_status, new_by, new_reason)
         SELECT ?, v.id, v.status, v.decided_by, v.reason, p.status, p.decided_by, p.reason
         FROM temp.decide_plan p JOIN variants v ON v.id = p.variant_id
         WHERE v.status IS NOT p.status OR v.decided_by IS NOT p.decided_by OR v.reason IS NOT p.reason`,
      ).run(batchId);
      db.exec('DELETE FROM temp.decide_plan');
      return closeBatch(db, batchId, info);
    })
    .immediate();
}

export function getBatch(db: Database.Database, id: number): DecisionBatch | null {
  const row = db.prepare('SELECT * FROM decision_batches WHERE id = ?').get(id) as BatchRow | undefined;
  return row ? toBatch(row) : null;
}

export function listBatches(db: Database.Database, limit: number): DecisionBatch[] {
  const rows = db.prepare('SELECT * FROM decision_batches ORDER BY id DESC LIMIT ?').all(limit) as BatchRow[];
  return rows.map(toBatch);
}

/** The newest batch not undone yet. */
export function latestUndoable(db: Database.Database): number | null {
  const row = db
    .prepare('SELECT id FROM decision_batches WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1')
    .get() as { id: number } | undefined;
  return row?.id ?? null;
}

/**
 * Undo a batch (the newest not undone when `batchId` is null): rows still as the batch left them
 * get their values from before it back. Runs its own transaction; call under the write lock.
 */
export function undoBatch(
  db: Database.Database,
  batchId: number | null,
  now: number,
): { restored: number; batch: DecisionBatch | null } {
  return db
    .transaction(() => {
      const id = batchId ?? latestUndoable(db);
      if (id === null) return { restored: 0, batch: null };
      const batch = getBatch(db, id);
      if (!batch) throw new StudioError('NOT_FOUND', `decision batch ${id} does not exist`, { id });
      if (batch.undone) return { restored: 0, batch }; // a second undo (a double click) changes nothing
      const restored = db
        .prepare(
          `UPDATE variants SET status = d.old_status, decided_by = d.old_by, reason = d.old_reason
           FROM decisions d
           WHERE d.batch_id = ? AND d.variant_id = variants.id AND variants.status IS d.new_status
             AND variants.decided_by IS d.new_by AND variants.reason IS d.new_reason`,
        )
        .run(id).changes;
      db.prepare('UPDATE decision_batches SET undone_at = ? WHERE id = ?').run(now, id);
      return { restored, batch: getBatch(db, id) };
    })
    .immediate();
}
