import { describe, expect, it } from 'vitest';
import type { ReviewFilter, ReviewSort } from '../../../contract';
import { reviewPage } from './reviewPage';
import { FIXTURE_CHECKS, reviewData } from './reviewFixture';
import { decideAll, handValues } from './reviewRepo';

describe('review pages', () => {
  const d = reviewData();
  const page = (
    filter: ReviewFilter = {},
    sort: Partial<ReviewSort> = {},
    offset = 0,
    limit = 50,
    perRow = 16,
  ) =>
    reviewPage(
      d.f.db,
      { filter, sort: { by: 'pose', dir: 'worst-first', ...sort }, offset, limit, variantsPerRow: perRow },
      FIXTURE_CHECKS,
    );
  const shape = (result: ReturnType<typeof page>) =>
    result.rows.map((row) => [row.poseId, row.variants.map((variant) => variant.id)]);
  const [v1, v2, v3, v4, v5, v6, v7] = d.v;
  const [p1, p2, p3, p4] = d.p;

  it('groups matching variants by pose, in pose order, with totals and counts per state', () => {
    const all = page();
    expect(shape(all)).toEqual([
      [p1, [v1, v2, v3]],
      [p2, [v4, v5]],
      [p3, [v6]],
      [p4, [v7]],
    ]);
    expect(all).toMatchObject({
      totalRows: 4,
      totalVariants: 7,
      counts: { unreviewed: 4, accepted: 1, rejectedHand: 1, rejectedAuto: 1 },
    });
    expect(all.rows[0]!.pose).toMatchObject({ width: 64, height: 96 });
    expect(all.rows[0]!.variants.map((v) => v.state)).toEqual(['unreviewed', 'rejected-auto', 'unreviewed']);
    expect(all.rows[1]!.variants.map((v) => [v.state, v.scores?.['face.landmarks'] ?? null])).toEqual([
      ['accepted', 0.9],
      ['unreviewed', null],
    ]);
    expect(all.rows[1]!.variants[1]!.scores).toBeNull(); // v5 was never scored
    expect(shape(page({}, {}, 1, 2))).toEqual([
      [p2, [v4, v5]],
      [p3, [v6]],
    ]);
    expect(shape(page({}, {}, 0, 1, 2))).toEqual([[p1, [v1, v2]]]);
  });

  it('filters by state, run, generator, tag, prompt, score range and scored; counts ignore the states part', () => {
    const unreviewed = page({ states: ['unreviewed'] });
    expect(shape(unreviewed)).toEqual([
      [p1, [v1, v3]],
      [p2, [v5]],
      [p4, [v7]],
    ]);
    expect(unreviewed).toMatchObject({
      totalRows: 3,
      totalVariants: 4,
      counts: { unreviewed: 4, accepted: 1 },
    });
    const rejected = page({ states: ['rejected-hand', 'rejected-auto'] });
    expect(shape(rejected)).toEqual([
      [p1, [v2]],
      [p3, [v6]],
    ]);
    expect(shape(page({ runId: d.r2 }))).toEqual([
      [p1, [v3]],
      [p4, [v7]],
    ]);
    expect(page({ runId: d.r2 }).counts).toEqual({
      unreviewed: 2,
      accepted: 0,
      rejectedHand: 0,
      rejectedAuto: 0,
    });
    expect(shape(page({ generator: 'other', states: ['unreviewed'] }))).toEqual([
      [p1, [v3]],
      [p4, [v7]],
    ]);
    expect(shape(page({ tag: 'arm' }))).toEqual([
      [p1, [v1, v2, v3]],
      [p3, [v6]],
    ]);
    expect(page({ tag: 'arm' }).counts).toEqual({
      unreviewed: 2,
      accepted: 0,
      rejectedHand: 1,
      rejectedAuto: 1,
    });
    expect(shape(page({ promptContains: 'RED' }))).toEqual([
      [p1, [v1, v3]],
      [p3, [v6]],
    ]);
    expect(shape(page({ promptContains: '0%' }))).toEqual([[p2, [v5]]]); // % is a character, not a wildcard
    const bad = page({ scores: [{ check: 'face.landmarks', min: 0.5 }] });
    expect(shape(bad)).toEqual([
      [p1, [v2]],
      [p2, [v4]],
      [p4, [v7]],
    ]);
    expect(bad).toMatchObject({
      totalRows: 3,
      totalVariants: 3,
      counts: { unreviewed: 1, accepted: 1, rejectedAuto: 1 },
    });
    expect(
      shape(
        page({
          scores: [
            { check: 'face.landmarks', min: 0.5 },
            { check: 'image.blur', max: 10 },
          ],
        }),
      ),
    ).toEqual([[p1, [v2]]]);
    expect(shape(page({ scored: false }))).toEqual([[p2, [v5]]]);
    expect(page({ scored: true }).totalVariants).toBe(6);
  });

  it('sorts rows by a check, worst first or best first, rows without a value last', () => {
    const byLandmarks = (dir: ReviewSort['dir'], offset = 0, limit = 50) =>
      page({}, { by: 'face.landmarks', dir }, offset, limit).rows.map((row) => row.poseId);
    expect(byLandmarks('worst-first')).toEqual([p2, p1, p4, p3]); // .9, .6, .5, none
    expect(byLandmarks('worst-first', 2, 2)).toEqual([p4, p3]);
    expect(byLandmarks('worst-first', 3, 5)).toEqual([p3]);
    expect(byLandmarks('best-first')).toEqual([p4, p1, p2, p3]);
    expect(byLandmarks('best-first', 1, 1)).toEqual([p1]);
    const byBlur = page({}, { by: 'image.blur' }).rows.map((row) => row.poseId);
    expect(byBlur).toEqual([p1, p3, p2, p4]); // 5, 8, 40, 100 (low is bad)
    // Only matching variants count: without v2, p1's worst landmark value is .2.
    const unreviewed = page({ states: ['unreviewed'] }, { by: 'face.landmarks' }).rows.map(
      (row) => row.poseId,
    );
    expect(unreviewed).toEqual([p4, p1, p2]);
  });

  it('refuses unknown checks and follows new decisions at once', () => {
    expect(() => page({}, { by: 'face.beauty' })).toThrow(/cannot sort by "face.beauty"/);
    expect(() => page({ scores: [{ check: 'nope', min: 1 }] })).toThrow(/unknown check "nope"/);
    expect(page({ scores: [{ check: 'image.duplicate', min: 100 }] }).totalRows).toBe(0);
    const before = page({ promptContains: 'blue' }).counts;
    decideAll(d.f.db, [v7!], handValues('accepted', null), { by: 'hand', label: 'x' }, 9);
    const after = page({ promptContains: 'blue' }).counts;
    expect([after.unreviewed, after.accepted]).toEqual([before.unreviewed - 1, before.accepted + 1]);
    expect(page().counts.accepted).toBe(2);
  });
});
