/**
 * @file A small catalog for the quality and review repository tests: an in-memory, fully migrated
 * catalog with helpers that add generation runs, poses (optionally tagged), variants and scores
 * through the same statements the studio uses. Not shipped code: imported by tests only.
 */
import type Database from 'better-sqlite3';
import type { Keypoint } from '../../../contract';
import { openCatalog } from './database';
import { commitScores } from './qualityRepo';
import type { ReviewChecks } from './reviewPage';
import { decideAll, decideEach, handValues } from './reviewRepo';
import { prepareVariantInsert } from './variantsRepo';

export const FIXTURE_CHECKS: ReviewChecks = {
  names: ['face.landmarks', 'image.blur', 'image.duplicate'],
  direction: (name) =>
    name === 'face.landmarks'
      ? 'high-is-bad'
      : ['image.blur', 'image.duplicate'].includes(name)
        ? 'low-is-bad'
        : undefined,
};

export const DUPLICATE = 'image.duplicate';

const keypoints: Keypoint[] = Array.from({ length: 17 }, (_, k) => [10 + k, 20 + k, 2]);

/** A 64-bit hash (16 hex digits) far from those of nearby ids. */
export function spreadHash(id: number): string {
  const a = Math.imul(id, 0x9e3779b1) >>> 0;
  const b = Math.imul(id ^ 0x5bd1e995, 0x85ebca6b) >>> 0;
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

export type Fixture = {
  db: Database.Database;
  run(generator?: string): number;
  pose(tags?: string[]): number;
  variant(runId: number, poseId: number, options?: { prompt?: string; index?: number }): number;
  /** Commit scores (null and missing checks do not apply); phash defaults to a unique hash. */
  score(id: number, scores: Record<string, number | null>, phash?: string): void;
  state(id: number): { status: string; by: string | null; reason: string | null };
};

export function reviewFixture(): Fixture {
  const db = openCatalog(':memory:').writer;
  db.exec(`INSERT INTO media (sha256, path, kind, bytes, created_at) VALUES
           ('a', 'ab/rgb.png', 'variant.rgb', 1, 1), ('b', 'ab/thumb.webp', 'variant.thumb', 1, 1)`);
  const insert = prepareVariantInsert(db);
  const indices = new Map<string, number>();
  return {
    db,
    run(generator = 'mannequin') {
      const job = db
        .prepare(
          `INSERT INTO jobs (kind, title, params, state, unit, created_at, updated_at)
           VALUES ('generate', 'g', '{}', 'done', 'variants', 1, 1)`,
        )
        .run().lastInsertRowid;
      return Number(
        db
          .prepare(
            `INSERT INTO generation_runs (job_id, generator, request, variants_per_pose, pose_count, total, created_at)
             VALUES (?, ?, '{}', 5, 0, 0, 1)`,
          )
          .run(job, generator).lastInsertRowid,
      );
    },
    pose(tags = []) {
      const id = Number(
        db
          .prepare(
            `INSERT INTO poses (width, height, keypoints, labeled_count, visible_count, format, created_at, updated_at)
             VALUES (64, 96, ?, 17, 17, 'coco', 1, 1)`,
          )
          .run(JSON.stringify(keypoints)).lastInsertRowid,
      );
      for (const tag of tags) {
        db.prepare('INSERT OR IGNORE INTO tags (name) VALUES (?)').run(tag);
        db.prepare('INSERT INTO pose_tags (tag_id, pose_id) SELECT id, ? FROM tags WHERE name = ?').run(
          id,
          tag,
        );
      }
      return id;
    },
    variant(runId, poseId, options = {}) {
      const key = `${runId}:${poseId}`;
      const index = options.index ?? indices.get(key) ?? 0;
      indices.set(key, index + 1);
      const generator = (
        db.prepare('SELECT generator FROM generation_runs WHERE id = ?').get(runId) as {
          generator: string;
        }
      ).generator;
      const row = {
        runId,
        poseId,
        index,
        generator,
        prompt: options.prompt ?? 'a person',
        seed: index,
        width: 64,
        height: 64,
        params: {},
        keypoints,
        attributes: {},
        faceDefect: null,
        media: { rgb: 1, thumb: 2, depth: null, parts: null, condition: null },
      };
      return insert(row, 1)!;
    },
    score(id, scores, phash) {
      const hash = phash ?? spreadHash(id);
      commitScores(db, [{ variantId: id, scores, faces: [], phash: hash }], 5, { duplicateCheck: DUPLICATE });
    },
    state(id) {
      return db.prepare('SELECT status, decided_by AS by, reason FROM variants WHERE id = ?').get(id) as {
        status: string;
        by: string | null;
        reason: string | null;
      };
    },
  };
}

/**
 * Four poses, two runs (the second by another generator), seven variants:
 *   p1 (tag arm): v1 r1 'red shirt' lm .1 blur 50 | v2 r1 'blue shirt' lm .6 blur 5 (rule-rejected) | v3 r2 'red hat' lm .2
 *   p2:           v4 r1 'blue coat' lm .9 blur 40 (accepted) | v5 r1 'green' (not scored)
 *   p3 (tag arm): v6 r1 'red' lm n/a blur 8 (rejected by hand)
 *   p4:           v7 r2 'blue' lm .5 blur 100
 */
export function reviewData(): { f: Fixture; r1: number; r2: number; p: number[]; v: number[] } {
  const f = reviewFixture();
  const [r1, r2] = [f.run('mannequin'), f.run('other')];
  const [p1, p2, p3, p4] = [f.pose(['arm']), f.pose(), f.pose(['arm']), f.pose()];
  const v = [
    f.variant(r1, p1, { prompt: 'red shirt' }),
    f.variant(r1, p1, { prompt: 'blue shirt' }),
    f.variant(r2, p1, { prompt: 'red hat' }),
    f.variant(r1, p2, { prompt: 'blue coat' }),
    f.variant(r1, p2, { prompt: 'green 100%' }),
    f.variant(r1, p3, { prompt: 'red' }),
    f.variant(r2, p4, { prompt: 'blue' }),
  ];
  const lm = 'face.landmarks';
  const blur = 'image.blur';
  f.score(v[0]!, { [lm]: 0.1, [blur]: 50 });
  f.score(v[1]!, { [lm]: 0.6, [blur]: 5 });
  f.score(v[2]!, { [lm]: 0.2 });
  f.score(v[3]!, { [lm]: 0.9, [blur]: 40 });
  f.score(v[5]!, { [lm]: null, [blur]: 8 });
  f.score(v[6]!, { [lm]: 0.5, [blur]: 100 });
  decideEach(
    f.db,
    new Map([[v[1]!, { status: 'rejected', by: 'auto', reason: 'auto: x' } as const]]),
    { by: 'auto', label: 'r' },
    1,
  );
  decideAll(f.db, [v[3]!], handValues('accepted', null), { by: 'hand', label: 'a' }, 2);
  decideAll(f.db, [v[5]!], handValues('rejected', 'hands'), { by: 'hand', label: 'r' }, 3);
  return { f, r1, r2, p: [p1, p2, p3, p4], v };
}
