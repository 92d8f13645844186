import { describe, expect, it } from 'vitest';
import { CHECKS } from '../quality/checks';
import { createQualityCatalog, formatValue } from './qualityChecks';

describe('checks as the contract shows them', () => {
  const catalog = createQualityCatalog();

  it('lists every check of the quality module with a slider range around its default', () => {
    expect(catalog.checks.map((check) => check.id)).toEqual(CHECKS.map((check) => check.id));
    for (const check of catalog.checks) {
      expect(check.min).toBeLessThan(check.max);
      expect(check.defaultThreshold).toBeGreaterThanOrEqual(check.min);
      expect(check.defaultThreshold).toBeLessThanOrEqual(check.max);
    }
    expect(catalog.review.direction('face.landmarks')).toBe('high-is-bad');
    expect(catalog.review.direction('nope')).toBeUndefined();
  });

  it('resolves rules with the quality module reasons, and refuses an unknown check', () => {
    const [rule] = catalog.resolveRules([{ check: 'face.landmarks', threshold: 0.3, enabled: true }]);
    expect(rule).toMatchObject({ direction: 'high-is-bad', threshold: 0.3, enabled: true });
    expect(rule!.reason(0.4213)).toBe('face landmarks off by 0.42 (limit 0.30)');
    expect(() => catalog.resolveRules([{ check: 'face.beauty', threshold: 1, enabled: true }])).toThrow(
      /unknown check "face.beauty"/,
    );
    expect([formatValue(0.4213), formatValue(12.34), formatValue(250.2)]).toEqual(['0.42', '12.3', '250']);
  });
});
