import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './registry';
import { migration0010 } from './0010-initial';
import { poseOrder, poseWhere } from '../../poseQuery';

function migrated(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [migration0010]);
  return db;
}

function insertPose(db: Database.Database, labeled: number, area: number): number {
  const info = db
    .prepare(
      `INSERT INTO poses (width, height, keypoints, bbox_area, labeled_count, visible_count, format, created_at, updated_at)
       VALUES (100, 100, '[]', ?, ?, ?, 'coco', 1, 1)`,
    )
    .run(area, labeled, labeled);
  return Number(info.lastInsertRowid);
}

function plan(db: Database.Database, sql: string, params: unknown[]): string {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return rows.map((row) => row.detail).join(' | ');
}

describe('migration 0010 (initial schema)', () => {
  it('creates STRICT tables that refuse wrongly typed values', () => {
    const db = migrated();
    expect(() =>
      db
        .prepare(
          `INSERT INTO poses (width, height, keypoints, labeled_count, visible_count, format, created_at, updated_at)
           VALUES ('wide', 100, '[]', 0, 0, 'coco', 1, 1)`,
        )
        .run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
  });

  it('enforces checks and foreign keys: tags cascade with their pose', () => {
    const db = migrated();
    expect(() => insertPose(db, 18, 0)).toThrow(/CHECK constraint failed/);
    const id = insertPose(db, 5, 10);
    db.prepare("INSERT INTO tags (name) VALUES ('Standing')").run();
    db.prepare('INSERT INTO pose_tags (tag_id, pose_id) VALUES (1, ?)').run(id);
    expect(() => db.prepare("INSERT INTO tags (name) VALUES ('standing')").run()).toThrow(/UNIQUE/);
    db.prepare('DELETE FROM poses WHERE id = ?').run(id);
    expect(db.prepare('SELECT count(*) AS n FROM pose_tags').get()).toEqual({ n: 0 });
    expect(() => db.prepare('INSERT INTO pose_tags (tag_id, pose_id) VALUES (1, 999)').run()).toThrow(
      /FOREIGN KEY/,
    );
  });

  it('keeps jobs in one of the six states', () => {
    const db = migrated();
    expect(() =>
      db
        .prepare(
          "INSERT INTO jobs (kind, title, params, state, unit, created_at, updated_at) VALUES ('x', 'x', '{}', 'lost', 'items', 1, 1)",
        )
        .run(),
    ).toThrow(/CHECK constraint failed/);
  });

  it('serves the library page queries from indexes, not table scans', () => {
    const db = migrated();
    for (let i = 0; i < 200; i += 1) insertPose(db, i % 18, i * 3);
    db.exec('ANALYZE');
    const byLabeled = poseWhere({ minLabeled: 12 });
    expect(
      plan(
        db,
        `SELECT p.id FROM poses p WHERE ${byLabeled.sql} ORDER BY ${poseOrder({ by: 'labeled', dir: 'desc' })} LIMIT 50`,
        byLabeled.params,
      ),
    ).toMatch(/USING (COVERING )?INDEX poses_by_labeled/);
    const all = poseWhere({});
    expect(
      plan(
        db,
        `SELECT p.id FROM poses p WHERE ${all.sql} ORDER BY ${poseOrder({ by: 'area', dir: 'asc' })} LIMIT 50`,
        all.params,
      ),
    ).toMatch(/USING (COVERING )?INDEX poses_by_area/);
    const byTag = poseWhere({ tags: ['standing'] });
    expect(plan(db, `SELECT p.id FROM poses p WHERE ${byTag.sql} LIMIT 50`, byTag.params)).toMatch(
      /sqlite_autoindex_tags_1|USING INDEX|PRIMARY KEY/,
    );
    const bySource = poseWhere({ importIds: [1] });
    expect(plan(db, `SELECT p.id FROM poses p WHERE ${bySource.sql} LIMIT 50`, bySource.params)).toMatch(
      /INDEX poses_by_import/,
    );
  });
});
