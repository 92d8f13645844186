/**
 * @file Threshold rules as the Rules panel edits them (one per check the studio lists, its default
 * threshold from `quality.checks`, enabled or not), the contract rules they send, and the verdict
 * of a score against a threshold (which side is bad comes from the check's direction), used by
 * the large preview's pass/fail column. Also how a score is written for people. Pure.
 */
import type { CheckInfo, QualityRule } from '../../../../src-main/contract';

export type RuleDraft = { check: string; threshold: number; enabled: boolean };

export function defaultRules(checks: readonly CheckInfo[]): RuleDraft[] {
  return checks.map((check) => ({ check: check.id, threshold: check.defaultThreshold, enabled: true }));
}

/** Keep edits of checks still listed; add checks that appeared with their defaults. */
export function reconcileRules(rules: readonly RuleDraft[], checks: readonly CheckInfo[]): RuleDraft[] {
  const known = new Map(rules.map((rule) => [rule.check, rule]));
  return checks.map(
    (check) => known.get(check.id) ?? { check: check.id, threshold: check.defaultThreshold, enabled: true },
  );
}

export function setThreshold(rules: readonly RuleDraft[], check: string, threshold: number): RuleDraft[] {
  if (!Number.isFinite(threshold)) return [...rules];
  return rules.map((rule) => (rule.check === check ? { ...rule, threshold } : rule));
}

export function setEnabled(rules: readonly RuleDraft[], check: string, enabled: boolean): RuleDraft[] {
  return rules.map((rule) => (rule.check === check ? { ...rule, enabled } : rule));
}

/** The enabled rules, as `quality.preview` / `quality.apply` take them. */
export function toQualityRules(rules: readonly RuleDraft[]): QualityRule[] {
  return rules
    .filter((rule) => rule.enabled)
    .map(({ check, threshold }) => ({ check, threshold, enabled: true }));
}

export type Verdict = 'pass' | 'fail' | 'n/a' | 'unscored' | 'off';

/** Whether `value` is on the bad side of `threshold` (equal passes). */
export function fails(check: Pick<CheckInfo, 'direction'>, value: number, threshold: number): boolean {
  return check.direction === 'low-is-bad' ? value < threshold : value > threshold;
}

export type CheckVerdict = {
  check: CheckInfo;
  value: number | null;
  threshold: number | null;
  verdict: Verdict;
};

/**
 * Each check's value and verdict for one variant: `unscored` before scoring, `n/a` where the
 * check does not apply (no face in a back view), `off` when its rule is disabled.
 */
export function checkVerdicts(
  checks: readonly CheckInfo[],
  scores: Readonly<Record<string, number | null>> | null,
  rules: readonly RuleDraft[],
): CheckVerdict[] {
  return checks.map((check) => {
    const rule = rules.find((candidate) => candidate.check === check.id);
    const threshold = rule?.threshold ?? check.defaultThreshold;
    const value = scores === null ? null : (scores[check.id] ?? null);
    let verdict: Verdict;
    if (scores === null) verdict = 'unscored';
    else if (value === null) verdict = 'n/a';
    else if (rule !== undefined && !rule.enabled) verdict = 'off';
    else verdict = fails(check, value, threshold) ? 'fail' : 'pass';
    return { check, value, threshold, verdict };
  });
}

/** The checks this variant fails (for the tile's marker). */
export function failedChecks(
  checks: readonly CheckInfo[],
  scores: Readonly<Record<string, number | null>> | null,
  rules: readonly RuleDraft[],
): string[] {
  return checkVerdicts(checks, scores, rules)
    .filter((v) => v.verdict === 'fail')
    .map((v) => v.check.id);
}

/** A score with 3 significant digits (integers as they are) and its unit; `–` when missing. */
export function formatScore(value: number | null, unit = ''): string {
  if (value === null || !Number.isFinite(value)) return '–';
  const text = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
  return unit === '' ? text : `${text} ${unit}`;
}

/** A slider step: about a hundredth of the check's range, rounded to a power of ten. */
export function stepFor(check: Pick<CheckInfo, 'min' | 'max'>): number {
  const span = Math.abs(check.max - check.min);
  if (span === 0) return 1;
  return 10 ** Math.floor(Math.log10(span / 100));
}
