import { describe, expect, it } from 'vitest';
import { reviewWhere } from '../reviewQuery';
import {
  commitScores,
  dropQueued,
  findCheckId,
  freezeScoreQueue,
  getScores,
  queueSize,
  queuedVariants,
} from './qualityRepo';
import { DUPLICATE, FIXTURE_CHECKS, reviewFixture } from './reviewFixture';

const names = FIXTURE_CHECKS.names;

describe('quality scores in the catalog', () => {
  it('stores non-null scores and faces, replaces them on rescore, and reads nulls for what does not apply', () => {
    const f = reviewFixture();
    const run = f.run();
    const pose = f.pose();
    const id = f.variant(run, pose);
    const face = {
      box: [1, 2, 10, 10] as [number, number, number, number],
      score: 0.9,
      keypoints: [[3, 4]] as [number, number][],
    };
    commitScores(
      f.db,
      [
        {
          variantId: id,
          scores: { 'face.landmarks': 0.4, 'image.blur': 12 },
          faces: [face],
          phash: 'ff00ff00ff00ff00',
        },
      ],
      7,
      {
        duplicateCheck: DUPLICATE,
      },
    );
    expect(getScores(f.db, [id], names).get(id)).toEqual({
      variantId: id,
      scores: { 'face.landmarks': 0.4, 'image.blur': 12, 'image.duplicate': null },
      faces: [face],
      scoredAt: 7,
    });
    // Rescored: a check that no longer applies loses its row, the others take the new values.
    commitScores(
      f.db,
      [{ variantId: id, scores: { 'face.landmarks': null, 'image.blur': 30 }, faces: [], phash: null }],
      9,
      {
        duplicateCheck: DUPLICATE,
      },
    );
    const again = getScores(f.db, [id, 999], names);
    expect([...again.keys()]).toEqual([id]);
    expect(again.get(id)).toMatchObject({
      scores: { 'face.landmarks': null, 'image.blur': 30 },
      faces: [],
      scoredAt: 9,
    });
    expect(f.db.prepare('SELECT count(*) AS n FROM variant_scores').get()).toEqual({ n: 1 });
  });

  it('derives the near-duplicate score within a pose: later copies are flagged, and updated when a sibling changes', () => {
    const f = reviewFixture();
    const run = f.run();
    const [p1, p2] = [f.pose(), f.pose()];
    const a = f.variant(run, p1);
    const b = f.variant(run, p1);
    const c = f.variant(run, p1);
    const other = f.variant(run, p2);
    const dup = (id: number) => getScores(f.db, [id], names).get(id)!.scores[DUPLICATE];
    f.score(b, {}, '00000000000000ff');
    expect(dup(b)).toBeNull(); // alone in its pose so far
    f.score(other, {}, '00000000000000ff'); // same picture, other pose: not a duplicate
    f.score(a, {}, '00000000000000fe');
    expect([dup(a), dup(b), dup(other)]).toEqual([null, 1, null]);
    f.score(c, {}, 'ffffffffffffff00');
    expect(dup(c)).toBe(63);
    f.score(a, {}, 'ffffffffffffff01'); // a changes: b is now far from it, c close
    expect([dup(a), dup(b), dup(c)]).toEqual([null, 63, 1]);
  });

  it('freezes a job queue (unscored only unless rescoring), walks it by id and skips deleted variants', () => {
    const f = reviewFixture();
    const [r1, r2] = [f.run(), f.run()];
    const pose = f.pose();
    const ids = [f.variant(r1, pose), f.variant(r1, pose), f.variant(r1, pose), f.variant(r2, pose)];
    f.score(ids[0]!, { 'image.blur': 1 });
    const job = (n: number) =>
      f.db
        .prepare(
          `INSERT INTO jobs (id, kind, title, params, state, unit, created_at, updated_at)
                    VALUES (?, 'score', 's', '{}', 'queued', 'variants', 1, 1)`,
        )
        .run(n);
    job(10);
    job(11);
    const where = reviewWhere({ runId: r1 }, (name) => findCheckId(f.db, name));
    expect(freezeScoreQueue(f.db, 10, where, false)).toBe(2);
    expect(freezeScoreQueue(f.db, 11, where, true)).toBe(3);
    f.db.prepare('DELETE FROM variants WHERE id = ?').run(ids[2]);
    const page = queuedVariants(f.db, 10, 0, 10);
    expect(page.map((q) => q.variantId)).toEqual([ids[1], ids[2]]);
    expect(page[0]!.item).toMatchObject({ rgbPath: 'ab/rgb.png', width: 64, height: 64 });
    expect(page[0]!.item!.keypoints).toHaveLength(17);
    expect(page[1]!.item).toBeNull();
    expect(queuedVariants(f.db, 10, ids[1]!, 10).map((q) => q.variantId)).toEqual([ids[2]]);
    // Committing a job's scores takes its items off the queue; a deleted variant is skipped.
    const stored = commitScores(
      f.db,
      [ids[1]!, ids[2]!].map((variantId) => ({
        variantId,
        scores: { 'image.blur': 5 },
        faces: [],
        phash: null,
      })),
      3,
      { duplicateCheck: DUPLICATE, jobId: 10 },
    );
    expect([stored, queueSize(f.db, 10), queueSize(f.db, 11)]).toEqual([1, 0, 3]);
    dropQueued(f.db, 11, [ids[0]!, ids[2]!]);
    expect(queuedVariants(f.db, 11, 0, 10).map((q) => q.variantId)).toEqual([ids[1]]);
  });
});
