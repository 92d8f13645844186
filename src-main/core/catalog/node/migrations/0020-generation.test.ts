import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './registry';
import { migration0010 } from './0010-initial';
import { migration0020 } from './0020-generation';
import { variantCountQuery, variantPageQuery } from '../variantsRepo';
import { pendingItems } from '../generationRepo';

function migrated(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [migration0010, migration0020]);
  return db;
}

function seed(db: Database.Database, poses: number, variantsPerPose: number): void {
  db.exec(`INSERT INTO jobs (kind, title, params, state, unit, created_at, updated_at)
           VALUES ('generate', 'g', '{}', 'done', 'variants', 1, 1)`);
  db.prepare(
    `INSERT INTO generation_runs (job_id, generator, request, variants_per_pose, pose_count, total, created_at)
     VALUES (1, 't', '{}', ?, ?, ?, 1)`,
  ).run(variantsPerPose, poses, poses * variantsPerPose);
  const pose = db.prepare(
    `INSERT INTO poses (width, height, keypoints, labeled_count, visible_count, format, created_at, updated_at)
     VALUES (1, 1, '[]', 0, 0, 'coco', 1, 1)`,
  );
  const runPose = db.prepare('INSERT INTO run_poses (run_id, ordinal, pose_id) VALUES (1, ?, ?)');
  for (let i = 0; i < poses; i += 1) runPose.run(i, Number(pose.run().lastInsertRowid));
}

const insertVariant = (db: Database.Database, poseId: number, index: number, status = 'new') =>
  db
    .prepare(
      `INSERT INTO variants (run_id, pose_id, variant_index, generator, prompt, seed, width, height, params,
         keypoints, attributes, status, rgb_media, thumb_media, created_at)
       VALUES (1, ?, ?, 't', '', 0, 1, 1, '{}', '[]', '{}', ?, 1, 2, 1)`,
    )
    .run(poseId, index, status);

function plan(db: Database.Database, query: { sql: string; params: unknown[] }): string {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[];
  return rows.map((row) => row.detail).join(' | ');
}

describe('migration 0020 (generation)', () => {
  it('keys items: one variant per (run, pose, index), one run_poses row per ordinal and per pose', () => {
    const db = migrated();
    seed(db, 3, 2);
    insertVariant(db, 1, 0);
    expect(() => insertVariant(db, 1, 0)).toThrow(/UNIQUE constraint failed/);
    expect(() =>
      db.prepare('INSERT INTO run_poses (run_id, ordinal, pose_id) VALUES (1, 0, 2)').run(),
    ).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() =>
      db.prepare('INSERT INTO run_poses (run_id, ordinal, pose_id) VALUES (1, 9, 1)').run(),
    ).toThrow(/UNIQUE/);
  });

  it('checks status and types, and cascades a deleted pose into its run rows, variants and errors', () => {
    const db = migrated();
    seed(db, 2, 2);
    expect(() => insertVariant(db, 1, 0, 'lost')).toThrow(/CHECK constraint failed/);
    insertVariant(db, 1, 0);
    db.prepare(
      "INSERT INTO item_errors (run_id, pose_id, variant_index, message, at) VALUES (1, 1, 1, 'boom', 1)",
    ).run();
    db.prepare('DELETE FROM poses WHERE id = 1').run();
    const count = (table: string) =>
      (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([count('variants'), count('item_errors'), count('run_poses')]).toEqual([0, 0, 1]);
  });

  it('lists what is left: run poses x indices minus variants minus final errors, paged by ordinal', () => {
    const db = migrated();
    seed(db, 4, 2);
    insertVariant(db, 1, 0);
    insertVariant(db, 1, 1);
    insertVariant(db, 2, 1);
    const error = db.prepare(
      "INSERT INTO item_errors (run_id, pose_id, variant_index, message, final, at) VALUES (1, ?, ?, 'x', ?, 1)",
    );
    error.run(3, 0, 1);
    error.run(3, 1, 0);
    const run = { id: 1, variantsPerPose: 2 };
    const first = pendingItems(db, run, -1, 2);
    expect(first.items).toEqual([{ ordinal: 1, poseId: 2, index: 0 }]);
    expect(first.lastOrdinal).toBe(1);
    const second = pendingItems(db, run, 1, 2);
    expect(second.items.map((item) => `${item.poseId}:${item.index}`)).toEqual(['3:1', '4:0', '4:1']);
    expect(pendingItems(db, run, second.lastOrdinal ?? 99, 2)).toEqual({ items: [], lastOrdinal: null });
  });

  it('serves variant pages and counts from covering indexes, never by stepping over wide rows', () => {
    const db = migrated();
    seed(db, 60, 5);
    for (let pose = 1; pose <= 60; pose += 1) {
      for (let index = 0; index < 5; index += 1)
        insertVariant(db, pose, index, ['new', 'accepted', 'rejected'][index % 3]);
    }
    db.exec('ANALYZE');
    const page = (filter: Parameters<typeof variantPageQuery>[0], newest = true) =>
      plan(db, variantPageQuery(filter, newest, 100, 50));
    expect(page({})).toMatch(/^SCAN v USING COVERING INDEX variants_scan$/);
    expect(page({}, false)).toMatch(/^SCAN v USING COVERING INDEX variants_scan$/);
    expect(page({ runId: 1 })).toMatch(/^SEARCH v USING COVERING INDEX variants_by_run \(run_id=\?\)$/);
    expect(page({ runId: 1, status: 'new' })).toMatch(
      /COVERING INDEX variants_by_run_status \(run_id=\? AND status=\?\)$/,
    );
    expect(page({ status: 'rejected' })).toMatch(/COVERING INDEX variants_by_status \(status=\?\)$/);
    expect(page({ poseId: 4 })).toMatch(/COVERING INDEX variants_by_pose \(pose_id=\?\)$/);
    for (const filter of [
      {},
      { runId: 1 },
      { status: 'new' as const },
      { runId: 1, status: 'new' as const },
    ]) {
      expect(plan(db, variantCountQuery(filter))).toMatch(/COVERING INDEX/);
    }
    expect(page({ runId: 1 })).not.toMatch(/TEMP B-TREE/);
  });

  it('walks pending items with index searches only', () => {
    const db = migrated();
    seed(db, 10, 5);
    const steps = [
      'SELECT ordinal FROM run_poses WHERE run_id = 1 AND ordinal > 3 ORDER BY ordinal LIMIT 64',
      "SELECT pose_id FROM variants WHERE run_id = 1 AND pose_id IN (SELECT value FROM json_each('[1,2]'))",
      "SELECT pose_id FROM item_errors WHERE run_id = 1 AND final = 1 AND pose_id IN (SELECT value FROM json_each('[1]'))",
    ];
    for (const sql of steps)
      expect(plan(db, { sql, params: [] })).not.toMatch(/SCAN (run_poses|variants|item_errors)/);
  });
});
