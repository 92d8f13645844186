import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './registry';
import { migration0010 } from './0010-initial';
import { countQuery, pageIdsQuery } from '../../poseQuery';

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

  it('serves the library page queries from narrow indexes, never by stepping over table rows', () => {
    const db = migrated();
    for (let i = 0; i < 200; i += 1) insertPose(db, i % 18, i * 3);
    db.prepare("INSERT INTO tags (name) VALUES ('standing')").run();
    db.prepare('INSERT INTO pose_tags (tag_id, pose_id) SELECT 1, id FROM poses WHERE id % 10 = 0').run();
    db.exec('ANALYZE');
    const planOf = (q: { sql: string; params: unknown[] }) => plan(db, q.sql, q.params);
    const byId = { by: 'id', dir: 'asc' } as const;
    expect(planOf(pageIdsQuery({}, byId, 100, 50))).toMatch(/COVERING INDEX poses_scan/);
    expect(planOf(pageIdsQuery({ minLabeled: 12 }, byId, 100, 50))).toMatch(
      /COVERING INDEX poses_(scan|by_labeled)/,
    );
    expect(planOf(pageIdsQuery({ minLabeled: 12 }, { by: 'labeled', dir: 'desc' }, 0, 50))).toMatch(
      /COVERING INDEX poses_by_labeled/,
    );
    expect(planOf(pageIdsQuery({}, { by: 'area', dir: 'asc' }, 100, 50))).toMatch(
      /COVERING INDEX poses_by_area/,
    );
    expect(planOf(pageIdsQuery({}, { by: 'created', dir: 'desc' }, 100, 50))).toMatch(
      /COVERING INDEX poses_by_created/,
    );
    expect(planOf(pageIdsQuery({ tags: ['standing'] }, byId, 5, 50))).toMatch(
      /^SEARCH pt0 USING PRIMARY KEY \(tag_id=\?\)/,
    );
    expect(planOf(pageIdsQuery({ importIds: [1] }, byId, 0, 50))).toMatch(/INDEX poses_(by_import|scan)/);
    expect(planOf(countQuery({}))).toMatch(/COVERING INDEX/);
    expect(planOf(countQuery({ tags: ['standing'] }))).not.toMatch(/\bp\b USING|SCAN p/);
    expect(plan(db, 'SELECT count(*) FROM poses p', [])).not.toBe('SCAN p');
  });
});
