import { describe, expect, it } from 'vitest';
import type { ReviewFilter } from '../../../contract';
import { FIXTURE_CHECKS, reviewData } from './reviewFixture';
import { decideEach } from './reviewRepo';
import { planRules, previewRules, type RuleSpec } from './rulesRepo';

const known = new Set(FIXTURE_CHECKS.names);

function rule(check: string, threshold: number, enabled = true): RuleSpec {
  const direction = FIXTURE_CHECKS.direction(check)!;
  return {
    check,
    threshold,
    enabled,
    direction,
    reason: (value) => `${check} ${value} (limit ${threshold})`,
  };
}

describe('threshold rules over stored scores', () => {
  it('previews per rule and in total, only over scored variants not decided by hand', () => {
    const { f, v } = reviewData(); // see reviewFixture: v2 rule-rejected, v4 accepted, v6 rejected by hand
    const [, v2, , , , , v7] = v;
    const rules = [rule('face.landmarks', 0.45), rule('image.blur', 10), rule('image.duplicate', 0, false)];
    const preview = previewRules(f.db, rules, { filter: {}, known }, 5);
    expect(preview.perRule).toEqual([
      { check: 'face.landmarks', count: 2, sample: [v2, v7] }, // worst first: .6, .5 (v4 .9 was accepted)
      { check: 'image.blur', count: 1, sample: [v2] }, // v6 (8) was rejected by hand
      { check: 'image.duplicate', count: 0, sample: [] },
    ]);
    expect(preview).toMatchObject({ total: 2, considered: 4, released: 0 });
    expect(previewRules(f.db, rules, { filter: {}, known }, 0).perRule[0]!.sample).toEqual([]);
    const scoped = previewRules(f.db, rules, { filter: { promptContains: 'red' }, known }, 5);
    expect(scoped).toMatchObject({ total: 0, considered: 2 }); // v1 and v3, both fine
  });

  it('plans rejections with every failing reason and releases rule rejections no rule catches now', () => {
    const { f, v } = reviewData();
    const [, v2, , v4, , v6, v7] = v;
    const strict = [rule('face.landmarks', 0.45), rule('image.blur', 10)];
    const plan = planRules(f.db, strict, { filter: {}, known });
    expect(plan).toMatchObject({ rejected: 2, released: 0 });
    expect(plan.rejected).toBe(previewRules(f.db, strict, { filter: {}, known }, 0).total);
    expect(plan.changes.get(v2!)).toEqual({
      status: 'rejected',
      by: 'auto',
      reason: 'auto: face.landmarks 0.6 (limit 0.45); image.blur 5 (limit 10)',
    });
    expect(plan.changes.get(v7!)?.reason).toBe('auto: face.landmarks 0.5 (limit 0.45)');
    decideEach(f.db, plan.changes, { by: 'auto', label: 'rules' }, 5);
    expect([f.state(v4!).status, f.state(v6!).by]).toEqual(['accepted', 'hand']); // hand decisions stand
    const loose = [rule('face.landmarks', 0.55), rule('image.blur', 10, false)];
    const filter: ReviewFilter = { states: ['rejected-auto'] };
    expect(previewRules(f.db, loose, { filter, known }, 0)).toMatchObject({ total: 1, released: 1 });
    const relaxed = planRules(f.db, loose, { filter, known });
    expect(relaxed).toMatchObject({ rejected: 1, released: 1 });
    expect(relaxed.changes.get(v7!)).toEqual({ status: 'new', by: null, reason: null });
    expect(relaxed.changes.get(v2!)?.reason).toBe('auto: face.landmarks 0.6 (limit 0.55)');
  });
});
