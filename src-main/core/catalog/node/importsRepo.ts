/**
 * @file Import batches: one row per imported file (name, content hash, format, options, counts).
 * They are the "source" filter of the library and how a re-imported file is recognised.
 */
import type Database from 'better-sqlite3';
import type { ImportBatch, PoseFormat, SkipCounts } from '../../../contract';

export function createImport(
  db: Database.Database,
  row: { file: string; sha256: string; format: PoseFormat; options: unknown },
  now: number,
): number {
  const info = db
    .prepare('INSERT INTO imports (file, sha256, format, options, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(row.file, row.sha256, row.format, JSON.stringify(row.options), now);
  return Number(info.lastInsertRowid);
}

export function finishImport(
  db: Database.Database,
  id: number,
  result: { count: number; skipped: SkipCounts; warnings: string[] },
): void {
  db.prepare('UPDATE imports SET count = ?, skipped = ?, warnings = ? WHERE id = ?').run(
    result.count,
    JSON.stringify(result.skipped),
    JSON.stringify(result.warnings),
    id,
  );
}

export function deleteImport(db: Database.Database, id: number): void {
  db.prepare('DELETE FROM imports WHERE id = ?').run(id);
}

/** Earlier imports of the same bytes in the same format: their records are duplicates. */
export function priorImportIds(db: Database.Database, sha256: string, format: PoseFormat): number[] {
  const rows = db.prepare('SELECT id FROM imports WHERE sha256 = ? AND format = ?').all(sha256, format) as {
    id: number;
  }[];
  return rows.map((row) => row.id);
}

/** Is this record already in the catalog from one of `importIds`? */
export function prepareDuplicateCheck(
  db: Database.Database,
  importIds: readonly number[],
): (record: string | null) => boolean {
  if (importIds.length === 0) return () => false;
  const statement = db.prepare(
    'SELECT 1 FROM poses WHERE import_id IN (SELECT value FROM json_each(?)) AND source_record = ? LIMIT 1',
  );
  const idsJson = JSON.stringify(importIds);
  return (record) => record !== null && statement.get(idsJson, record) !== undefined;
}

export function listImports(db: Database.Database): ImportBatch[] {
  return db
    .prepare(
      `SELECT i.id, i.file, i.format, (SELECT count(*) FROM poses p WHERE p.import_id = i.id) AS count,
         i.created_at AS createdAt
       FROM imports i ORDER BY i.id DESC LIMIT 500`,
    )
    .all() as ImportBatch[];
}
