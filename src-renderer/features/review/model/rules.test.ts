import { describe, expect, it } from 'vitest';
import {
  checkVerdicts,
  defaultRules,
  failedChecks,
  fails,
  formatScore,
  reconcileRules,
  setEnabled,
  setThreshold,
  stepFor,
  toQualityRules,
} from './rules';
import { blur, landmarks } from './testChecks';

const checks = [blur, landmarks];

describe('quality rules', () => {
  it('start from the checks’ defaults, all enabled, and send only the enabled ones', () => {
    let rules = defaultRules(checks);
    expect(rules).toEqual([
      { check: 'blur', threshold: 100, enabled: true },
      { check: 'face_landmarks', threshold: 0.25, enabled: true },
    ]);
    rules = setEnabled(setThreshold(rules, 'blur', 80), 'face_landmarks', false);
    expect(toQualityRules(rules)).toEqual([{ check: 'blur', threshold: 80, enabled: true }]);
    expect(setThreshold(rules, 'blur', Number.NaN)).toEqual(rules);
  });

  it('keep edits when the check list is fetched again, adding new checks with defaults', () => {
    const edited = setThreshold(defaultRules([blur]), 'blur', 42);
    expect(reconcileRules(edited, checks)).toEqual([
      { check: 'blur', threshold: 42, enabled: true },
      { check: 'face_landmarks', threshold: 0.25, enabled: true },
    ]);
  });

  it('fail on the bad side of the threshold for each direction', () => {
    expect(fails(blur, 99, 100)).toBe(true);
    expect(fails(blur, 100, 100)).toBe(false);
    expect(fails(landmarks, 0.3, 0.25)).toBe(true);
    expect(fails(landmarks, 0.2, 0.25)).toBe(false);
  });

  it('give a verdict per check: pass, fail, n/a, unscored, off', () => {
    const rules = setThreshold(defaultRules(checks), 'blur', 50);
    expect(checkVerdicts(checks, { blur: 40, face_landmarks: 0.1 }, rules).map((v) => v.verdict)).toEqual([
      'fail',
      'pass',
    ]);
    expect(checkVerdicts(checks, { blur: 60, face_landmarks: null }, rules).map((v) => v.verdict)).toEqual([
      'pass',
      'n/a',
    ]);
    expect(checkVerdicts(checks, null, rules).map((v) => v.verdict)).toEqual(['unscored', 'unscored']);
    const off = setEnabled(rules, 'blur', false);
    expect(checkVerdicts(checks, { blur: 1 }, off)[0]).toMatchObject({
      verdict: 'off',
      value: 1,
      threshold: 50,
    });
    expect(failedChecks(checks, { blur: 40, face_landmarks: 0.9 }, rules)).toEqual([
      'blur',
      'face_landmarks',
    ]);
  });

  it('write scores with three significant digits and pick slider steps', () => {
    expect(formatScore(0.123456, 'face widths')).toBe('0.123 face widths');
    expect(formatScore(412)).toBe('412');
    expect(formatScore(null)).toBe('–');
    expect(stepFor(blur)).toBe(10);
    expect(stepFor(landmarks)).toBe(0.01);
    expect(stepFor({ min: 2, max: 2 })).toBe(1);
  });
});
