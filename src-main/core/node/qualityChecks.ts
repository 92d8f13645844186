/**
 * @file The checks as the contract shows them (`CheckInfo`: core/quality/checks.ts's table plus
 * slider ranges), the reasons written into variants a rule rejects (the quality module's own
 * sentences, e.g. `face landmarks off by 0.52 (limit 0.45)`), and rule resolution (an unknown check
 * is refused). Pure.
 */
import { StudioError, type CheckInfo, type QualityRule } from '../../contract';
import { CHECKS, type CheckId, type CheckInfo as QualityCheck } from '../quality/checks';
import { reasonFor } from '../quality/scores';
import type { RuleSpec } from '../catalog/node/rulesRepo';
import type { ReviewChecks } from '../catalog/node/reviewPage';

/** The near-duplicate check: derived at commit time from the perceptual hashes of a pose's variants. */
export const DUPLICATE_CHECK: CheckId = 'image.duplicate';

/**
 * Slider ranges: where values of each check usually fall (values outside still filter fine). A
 * check without an entry takes its own `range`, else [0, twice its threshold] (at least [0, 1]), so a check added to the
 * quality module shows up without a change here.
 */
const RANGES: Partial<Record<CheckId, [number, number]>> = {
  'face.confidence': [0, 1],
  'face.landmarks': [0, 2],
  'face.size': [0, 64],
  'face.sharpness': [0, 1000],
  'face.dark': [0, 1],
  'face.bright': [0, 1],
  'image.blur': [0, 500],
  'image.dark': [0, 1],
  'image.bright': [0, 1],
  'image.entropy': [0, 8],
  'image.duplicate': [0, 32],
};

export function toCheckInfo(check: QualityCheck): CheckInfo {
  const [min, max] = RANGES[check.id] ?? check.range ?? [0, Math.max(1, 2 * Math.abs(check.threshold))];
  return {
    id: check.id,
    label: check.label,
    group: check.group,
    unit: check.unit,
    direction: check.direction,
    defaultThreshold: check.threshold,
    min,
    max,
    description: check.description,
  };
}

/** 0.4213 -> '0.42', 12.34 -> '12.3', 250.2 -> '250' (batch labels). */
export function formatValue(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export type QualityCatalog = {
  readonly checks: readonly CheckInfo[];
  readonly duplicateCheck: string;
  /** For the review queries. */
  readonly review: ReviewChecks;
  get(id: string): CheckInfo | undefined;
  /** Rules with their checks resolved; an unknown check is INVALID_INPUT. */
  resolveRules(rules: readonly QualityRule[]): RuleSpec[];
};

export function createQualityCatalog(table: readonly QualityCheck[] = CHECKS): QualityCatalog {
  const checks = table.map(toCheckInfo);
  const byId = new Map(checks.map((check) => [check.id, check]));
  return {
    checks,
    duplicateCheck: DUPLICATE_CHECK,
    review: { names: checks.map((check) => check.id), direction: (name) => byId.get(name)?.direction },
    get: (id) => byId.get(id),
    resolveRules(rules) {
      return rules.map((rule, i) => {
        const check = byId.get(rule.check);
        if (!check) {
          throw new StudioError('INVALID_INPUT', `unknown check "${rule.check}"`, {
            field: `rules.${i}.check`,
          });
        }
        return {
          check: rule.check,
          threshold: rule.threshold,
          enabled: rule.enabled,
          direction: check.direction,
          reason: (value: number) => reasonFor(check.id as CheckId, value, rule.threshold),
        };
      });
    },
  };
}
