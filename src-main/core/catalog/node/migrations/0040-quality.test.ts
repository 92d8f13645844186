import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './registry';
import { migration0010 } from './0010-initial';
import { migration0020 } from './0020-generation';
import { migration0030 } from './0030-training';
import { migration0040 } from './0040-quality';
import {
  poseLevelCountQuery,
  poseLevelCountsQuery,
  poseLevelPageQuery,
  poseLevelWhere,
  posePageQuery,
  reviewWhere,
  rowVariantsQuery,
  stateCountsQuery,
  worstWalkQuery,
  type SqlFragment,
} from '../../reviewQuery';
import { variantPageQuery } from '../variantsRepo';

const before = [migration0010, migration0020, migration0030];

function open(upTo: typeof before = [...before, migration0040]): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, upTo);
  return db;
}

/** `poses` poses in two runs' worth of rows (run 1 holds them all, run 2 the even ones). */
function seedPoses(db: Database.Database, poses: number): void {
  db.exec(`INSERT INTO jobs (kind, title, params, state, unit, created_at, updated_at) VALUES
           ('generate', 'g', '{}', 'done', 'variants', 1, 1), ('generate', 'g', '{}', 'done', 'variants', 1, 1)`);
  db.exec(`INSERT INTO generation_runs (job_id, generator, request, variants_per_pose, pose_count, total, created_at)
           VALUES (1, 'mannequin', '{}', 5, 0, 0, 1), (2, 'other', '{}', 5, 0, 0, 1)`);
  const pose = db.prepare(
    `INSERT INTO poses (width, height, keypoints, labeled_count, visible_count, format, created_at, updated_at)
     VALUES (1, 1, '[]', 0, 0, 'coco', 1, 1)`,
  );
  for (let i = 0; i < poses; i += 1) pose.run();
}

function insertVariant(db: Database.Database, run: number, poseId: number, index: number, status = 'new') {
  return Number(
    db
      .prepare(
        `INSERT INTO variants (run_id, pose_id, variant_index, generator, prompt, seed, width, height, params,
           keypoints, attributes, status, rgb_media, thumb_media, created_at)
         VALUES (?, ?, ?, 'mannequin', ?, 0, 1, 1, '{}', '[]', '{}', ?, 1, 2, 1)`,
      )
      .run(run, poseId, index, `prompt ${index % 3}`, status).lastInsertRowid,
  );
}

const rows = <T>(db: Database.Database, sql: string): T[] => db.prepare(sql).all() as T[];

/** The trigger-kept counts must equal the counts recomputed from the variants. */
function expectCountsConsistent(db: Database.Database): void {
  const recount = `sum(status = 'new'), sum(status = 'accepted'),
    sum(status = 'rejected' AND decided_by IS NOT 'auto'), sum(status = 'rejected' AND decided_by = 'auto')`;
  expect(
    rows(db, 'SELECT * FROM review_poses ORDER BY pose_id, run_id').map((r) => Object.values(r!)),
  ).toEqual(
    rows(db, `SELECT pose_id, run_id, ${recount} FROM variants GROUP BY pose_id, run_id ORDER BY 1, 2`).map(
      (r) => Object.values(r!),
    ),
  );
  expect(rows(db, 'SELECT * FROM review_totals ORDER BY run_id').map((r) => Object.values(r!))).toEqual(
    rows(db, `SELECT run_id, ${recount} FROM variants GROUP BY run_id ORDER BY 1`).map((r) =>
      Object.values(r!),
    ),
  );
}

function plan(db: Database.Database, query: SqlFragment): string {
  const found = db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[];
  return found.map((row) => row.detail).join(' | ');
}

describe('migration 0040 (quality)', () => {
  it('upgrades a catalog with decisions: by hand, prompts in the dictionary, counts per pose and run', () => {
    const db = open(before);
    seedPoses(db, 3);
    insertVariant(db, 1, 1, 0, 'accepted');
    insertVariant(db, 1, 1, 1, 'rejected');
    insertVariant(db, 1, 2, 0);
    insertVariant(db, 2, 2, 1, 'rejected');
    migrate(db, [...before, migration0040]);
    expect(rows(db, 'SELECT status, decided_by AS by FROM variants ORDER BY id')).toEqual([
      { status: 'accepted', by: 'hand' },
      { status: 'rejected', by: 'hand' },
      { status: 'new', by: null },
      { status: 'rejected', by: 'hand' },
    ]);
    expect(
      rows(db, 'SELECT v.prompt = p.text AS same FROM variants v JOIN prompts p ON p.id = v.prompt_id'),
    ).toEqual(Array(4).fill({ same: 1 }));
    expect(rows(db, 'SELECT count(*) AS n FROM prompts')).toEqual([{ n: 2 }]);
    expectCountsConsistent(db);
    expect(rows(db, 'SELECT * FROM review_totals WHERE run_id = 1')).toEqual([
      { run_id: 1, unreviewed: 1, accepted: 1, rejected_hand: 1, rejected_auto: 0 },
    ]);
  });

  it('keeps prompt ids and the counts per state through inserts, state changes and deletes', () => {
    const db = open();
    seedPoses(db, 4);
    for (let pose = 1; pose <= 4; pose += 1)
      for (let i = 0; i < 3; i += 1) insertVariant(db, 1 + (pose % 2), pose, i);
    expect(rows(db, 'SELECT count(DISTINCT prompt_id) AS n, count(prompt_id) AS ids FROM variants')).toEqual([
      { n: 3, ids: 12 },
    ]);
    db.exec("UPDATE variants SET status = 'accepted', decided_by = 'hand' WHERE id IN (1, 2, 5)");
    db.exec("UPDATE variants SET status = 'rejected', decided_by = 'auto' WHERE id IN (3, 6)");
    db.exec("UPDATE variants SET decided_by = 'hand' WHERE id = 6");
    db.exec("UPDATE variants SET status = 'new', decided_by = NULL WHERE id = 1");
    expectCountsConsistent(db);
    db.exec('DELETE FROM poses WHERE id = 1'); // cascades to its variants
    db.exec('DELETE FROM variants WHERE id = 6');
    expectCountsConsistent(db);
    expect(rows(db, 'SELECT count(*) AS n FROM review_poses WHERE pose_id = 1')).toEqual([{ n: 0 }]);
    expect(() => db.exec("UPDATE variants SET decided_by = 'robot' WHERE id = 4")).toThrow(
      /CHECK constraint/,
    );
  });

  it('cascades scores with their variant, queue items with their job, decisions with their batch', () => {
    const db = open();
    seedPoses(db, 2);
    const a = insertVariant(db, 1, 1, 0);
    const b = insertVariant(db, 1, 2, 0);
    db.exec("INSERT INTO quality_checks (name) VALUES ('image.blur')");
    for (const id of [a, b]) {
      db.prepare("INSERT INTO variant_quality (variant_id, phash, scored_at) VALUES (?, 'ff', 1)").run(id);
      db.prepare('INSERT INTO variant_scores (variant_id, check_id, value) VALUES (?, 1, 3.5)').run(id);
      db.prepare('INSERT INTO score_queue (job_id, variant_id) VALUES (1, ?)').run(id);
    }
    db.exec(`INSERT INTO decision_batches (decided_by, label, count, created_at) VALUES ('hand', 'x', 1, 1)`);
    db.prepare(
      "INSERT INTO decisions (batch_id, variant_id, old_status, new_status, new_by) VALUES (1, ?, 'new', 'accepted', 'hand')",
    ).run(a);
    db.exec('DELETE FROM poses WHERE id = 1');
    const count = (table: string) => rows<{ n: number }>(db, `SELECT count(*) AS n FROM ${table}`)[0]!.n;
    expect([count('variant_quality'), count('variant_scores')]).toEqual([1, 1]);
    expect(() =>
      db.exec('INSERT INTO variant_scores (variant_id, check_id, value) VALUES (99, 1, 1)'),
    ).toThrow(/FOREIGN KEY/);
    db.exec('DELETE FROM jobs WHERE id = 1');
    db.exec('DELETE FROM decision_batches');
    expect([count('score_queue'), count('decisions')]).toEqual([0, 0]);
  });

  it('pages and counts pose rows from the per-pose counts and covering indexes', () => {
    const db = open();
    seedPoses(db, 300);
    db.exec(
      "INSERT INTO tags (name) VALUES ('t'); INSERT INTO quality_checks (name) VALUES ('blur'), ('landmarks')",
    );
    for (let pose = 1; pose <= 300; pose += 1) {
      db.prepare('INSERT INTO pose_tags (tag_id, pose_id) VALUES (1, ?)').run(pose);
      for (let i = 0; i < 5; i += 1) {
        const id = insertVariant(db, pose % 2 === 0 ? 2 : 1, pose, i, ['new', 'accepted', 'rejected'][i % 3]);
        db.prepare("INSERT INTO variant_quality (variant_id, phash, scored_at) VALUES (?, 'ff', 1)").run(id);
        db.prepare(
          'INSERT INTO variant_scores (variant_id, check_id, value) VALUES (?, 1, ?), (?, 2, ?)',
        ).run(id, (id * 7) % 100, id, (id * 13) % 50);
      }
    }
    db.exec('ANALYZE');
    const poseLevel = (filter: Parameters<typeof poseLevelWhere>[0]) =>
      plan(db, poseLevelPageQuery(poseLevelWhere(filter), 100, 50));
    expect(poseLevel({})).toBe('SCAN r');
    expect(poseLevel({ runId: 1 })).toBe('SEARCH r USING COVERING INDEX review_poses_by_run (run_id=?)');
    expect(poseLevel({ states: ['rejected-auto'] })).toBe('SCAN r');
    expect(poseLevel({ tag: 't' })).toMatch(/SEARCH pt USING PRIMARY KEY \(tag_id=\?\)/);
    expect(plan(db, poseLevelCountQuery(poseLevelWhere({ runId: 2 })))).toMatch(
      /COVERING INDEX review_poses_by_run/,
    );
    expect(plan(db, poseLevelCountsQuery({}))).toBe('SCAN review_totals');
    expect(plan(db, poseLevelCountsQuery({ runId: 1 }))).toMatch(/review_totals USING INTEGER PRIMARY KEY/);
    const ids = (name: string) => ({ blur: 1, landmarks: 2 })[name];
    const scored = reviewWhere({ scores: [{ check: 'blur', max: 5 }], states: ['unreviewed'] }, ids);
    expect(plan(db, posePageQuery(scored, 0, 50))).toMatch(
      /SEARCH s USING COVERING INDEX variant_scores_by_value \(check_id=\? AND value<\?\)/,
    );
    expect(plan(db, stateCountsQuery(reviewWhere({ scored: true }, ids)))).toMatch(
      /SCAN v USING COVERING INDEX variants_review.* \| SEARCH q .*INTEGER PRIMARY KEY/,
    );
    const walk = plan(db, worstWalkQuery(reviewWhere({}, ids), 2, false));
    expect(walk).toBe(
      'SEARCH s USING COVERING INDEX variant_scores_by_value (check_id=?) | SEARCH v USING COVERING INDEX variants_scan (id=?)',
    );
    expect(plan(db, rowVariantsQuery(scored, [1, 2, 3]))).toMatch(
      /SEARCH v USING .*INDEX variants_(by_pose|review) \(pose_id=\?\)/,
    );
    // The pages of variants.list keep their own narrow index in id order.
    expect(plan(db, variantPageQuery({}, true, 0, 50))).toBe('SCAN v USING COVERING INDEX variants_scan');
  });

  it('finds queue items, decisions to undo and a pose s hashes by key, never by scanning', () => {
    const db = open();
    const checks: [string, string][] = [
      [
        'SELECT variant_id FROM score_queue WHERE job_id = 1 AND variant_id > 5 ORDER BY variant_id LIMIT 10',
        'score_queue',
      ],
      [
        `UPDATE variants SET status = d.old_status FROM decisions d
         WHERE d.batch_id = 1 AND d.variant_id = variants.id AND variants.status IS d.new_status`,
        'decisions',
      ],
      [
        `SELECT v.id, q.phash FROM variants v JOIN variant_quality q ON q.variant_id = v.id
         WHERE v.pose_id = 1 AND q.phash IS NOT NULL ORDER BY v.id`,
        'variants',
      ],
      ['SELECT id FROM decision_batches WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1', 'never'],
    ];
    for (const [sql, table] of checks) {
      const detail = plan(db, { sql, params: [] });
      expect(detail).not.toMatch(new RegExp(`SCAN ${table}\\b`));
      expect(detail).not.toMatch(/SCAN (v|d|q)\b/);
    }
  });
});
