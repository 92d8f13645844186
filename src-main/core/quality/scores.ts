/**
 * @file Quality scores and the reject decision, platform-free. A variant's scores hold one
 * number per check, or null where the check does not apply (face checks on a back view, the
 * duplicate check before the variant is compared with its siblings). `decide` flags every
 * applicable score on the bad side of its threshold and says why in words a curator can read.
 */
import { CHECK_BY_ID, CHECK_IDS, type CheckGroup, type CheckId, defaultThresholds } from './checks';

export type QualityScores = Record<CheckId, number | null>;

/** Scores with every check not applicable (null). */
export function emptyScores(): QualityScores {
  return Object.fromEntries(CHECK_IDS.map((id) => [id, null])) as QualityScores;
}

/** Per-check limits: a number overrides the default, null switches the check off. */
export type ThresholdOverrides = Partial<Record<CheckId, number | null>>;

export type DecideOptions = {
  /** Only these groups count (default: all). The face filter alone is `{ groups: ['face'] }`. */
  groups?: readonly CheckGroup[];
};

export type Decision = {
  reject: boolean;
  /** One sentence per failed check, in table order, e.g. 'face landmarks off by 0.52 (limit 0.45)'. */
  reasons: string[];
  /** The ids of the failed checks, in the same order. */
  failed: CheckId[];
};

/** True when `score` is on the bad side of `limit` for this check (equal passes). */
export function fails(id: CheckId, score: number, limit: number): boolean {
  return CHECK_BY_ID[id].direction === 'low-is-bad' ? score < limit : score > limit;
}

/** The sentence for a failed check. */
export function reasonFor(id: CheckId, score: number, limit: number): string {
  const info = CHECK_BY_ID[id];
  if (id === 'face.confidence' && score === 0) return 'no face found where the pose puts the head';
  return info.reason
    .replace('{value}', score.toFixed(info.digits))
    .replace('{limit}', limit.toFixed(info.digits));
}

export function decide(
  scores: QualityScores,
  thresholds: ThresholdOverrides = {},
  options: DecideOptions = {},
): Decision {
  const defaults = defaultThresholds();
  const reasons: string[] = [];
  const failed: CheckId[] = [];
  for (const id of CHECK_IDS) {
    if (options.groups && !options.groups.includes(CHECK_BY_ID[id].group)) continue;
    const score = scores[id];
    const limit = id in thresholds ? thresholds[id] : defaults[id];
    if (score === null || score === undefined || limit === null || limit === undefined) continue;
    if (!Number.isFinite(score) || !fails(id, score, limit)) continue;
    reasons.push(reasonFor(id, score, limit));
    failed.push(id);
  }
  return { reject: failed.length > 0, reasons, failed };
}
