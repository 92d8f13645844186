/**
 * @file Doctor checks of generated variants against the media table and folder: variants naming a
 * media row that is gone or whose file is gone (repair: drop the variant, so resuming its job makes
 * it again, and reopen that job if it had finished), and variant media rows no variant names any
 * more, e.g. after their poses were deleted (repair: drop the row and its file). Neither can arise
 * mid-run: a variant and its media rows commit in one transaction.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { DoctorIssue } from '../../contract';
import type { Project } from './project';

const MEDIA_COLUMNS = ['rgb_media', 'thumb_media', 'depth_media', 'parts_media', 'condition_media'] as const;

type Broken = { id: number; run_id: number };

/** Variants naming a media id that has no row, or one in `missingFileIds`. */
function brokenVariants(db: Database.Database, missingFileIds: readonly number[]): Broken[] {
  const conditions = MEDIA_COLUMNS.map(
    (column) =>
      `(v.${column} IS NOT NULL AND (v.${column} IN (SELECT id FROM gone)
        OR NOT EXISTS (SELECT 1 FROM media m WHERE m.id = v.${column})))`,
  );
  return db
    .prepare(
      `WITH gone (id) AS (SELECT value FROM json_each(?))
       SELECT v.id, v.run_id FROM variants v WHERE ${conditions.join(' OR ')}`,
    )
    .all(JSON.stringify(missingFileIds)) as Broken[];
}

export function checkVariantMedia(
  project: Project,
  repair: boolean,
  issues: DoctorIssue[],
  missingFileIds: readonly number[],
): void {
  const db = project.catalog.writer;
  const broken = brokenVariants(db, missingFileIds);
  for (const variant of broken) {
    issues.push({
      kind: 'missing-file',
      path: null,
      message: `variant ${variant.id} (run ${variant.run_id}) names a media file that is missing`,
      repaired: repair,
    });
  }
  if (!repair || broken.length === 0) return;
  const ids = JSON.stringify(broken.map((variant) => variant.id));
  const runs = JSON.stringify([...new Set(broken.map((variant) => variant.run_id))]);
  db.transaction(() => {
    db.prepare('DELETE FROM variants WHERE id IN (SELECT value FROM json_each(?))').run(ids);
    // A finished run is whole again only if it runs again: reopen it (resume makes what is missing).
    db.prepare(
      `UPDATE jobs SET state = 'failed', error = 'doctor removed damaged variants; resume to make them again',
         updated_at = ?
       WHERE state = 'done' AND id IN (SELECT job_id FROM generation_runs WHERE id IN (SELECT value FROM json_each(?)))`,
    ).run(Date.now(), runs);
  })();
}

/** Variant media rows that no variant names (found with one pass over variants, not per row). */
export function checkUnreferencedMedia(project: Project, repair: boolean, issues: DoctorIssue[]): void {
  const db = project.catalog.writer;
  const named = MEDIA_COLUMNS.map((column) => `SELECT ${column} FROM variants WHERE ${column} IS NOT NULL`);
  const rows = db
    .prepare(
      `SELECT id, path FROM media WHERE kind LIKE 'variant.%' AND id NOT IN (${named.join(' UNION ALL ')})`,
    )
    .all() as { id: number; path: string }[];
  const mediaRoot = project.folder('media');
  for (const row of rows) {
    const full = join(mediaRoot, row.path);
    if (repair) {
      db.prepare('DELETE FROM media WHERE id = ?').run(row.id);
      rmSync(full, { force: true });
    }
    issues.push({
      kind: 'orphan-file',
      path: full,
      message: 'media no variant names any more',
      repaired: repair,
    });
  }
}
