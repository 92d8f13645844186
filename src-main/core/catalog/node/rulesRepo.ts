/**
 * @file Threshold rules over stored scores: what each rule would reject (preview) and the plan an
 * apply carries out. Rules only look at scored variants that are unreviewed or rejected by a rule
 * before: decisions by hand stand. A rule fails a variant when its value is on the bad side of the
 * threshold (strictly below for low-is-bad checks, strictly above for high-is-bad ones); a
 * variant without a value for the check (the check does not apply) never fails it.
 *
 * Apply makes the automatic decisions match the rules as a whole: variants some enabled rule fails
 * are rejected with every failing rule's reason; variants a rule rejected before that no enabled
 * rule fails any more go back to unreviewed. Both are one undoable batch (see reviewRepo).
 */
import type Database from 'better-sqlite3';
import type { ReviewFilter } from '../../../contract';
import { reviewWhere, ruleEligibleSql, stateSql, type SqlFragment } from '../reviewQuery';
import { cachedRead } from './catalogCache';
import { findCheckId } from './qualityRepo';
import type { ReviewValues } from './reviewRepo';

/** A rule with what the repository needs of its check. */
export type RuleSpec = {
  check: string;
  threshold: number;
  enabled: boolean;
  direction: 'low-is-bad' | 'high-is-bad';
  /** The reason part for a failing value, e.g. `face landmarks off by 0.42 (limit 0.30)`. */
  reason(value: number): string;
};

export type RulesScope = { filter: ReviewFilter; known: ReadonlySet<string> };

export type RulesPreviewIds = {
  perRule: { check: string; count: number; sample: number[] }[];
  total: number;
  considered: number;
  released: number;
};

function scope(db: Database.Database, s: RulesScope): SqlFragment {
  const w = reviewWhere(s.filter, (name) => findCheckId(db, name), { known: s.known });
  return { sql: `${w.sql} AND ${ruleEligibleSql()}`, params: w.params };
}

/** Matching (variant, value) rows of one rule, or null when its check was never scored. */
function failing(db: Database.Database, rule: RuleSpec, w: SqlFragment): SqlFragment | null {
  const checkId = findCheckId(db, rule.check);
  if (checkId === undefined) return null;
  const op = rule.direction === 'low-is-bad' ? '<' : '>';
  return {
    sql: `FROM variant_scores s JOIN variants v ON v.id = s.variant_id
          WHERE s.check_id = ? AND s.value ${op} ? AND ${w.sql}`,
    params: [checkId, rule.threshold, ...w.params],
  };
}

const count = (db: Database.Database, sql: string, params: unknown[]): number =>
  (db.prepare(sql).get(...params) as { n: number }).n;

/** Variants a rule rejected before, in the filter (whatever its states say). */
function autoRejected(db: Database.Database, s: RulesScope): SqlFragment {
  const w = reviewWhere(s.filter, (name) => findCheckId(db, name), { known: s.known, states: false });
  return { sql: `FROM variants v WHERE ${w.sql} AND ${stateSql('rejected-auto')}`, params: w.params };
}

/** Ids of the variants one rule fails (each rule's range is read once). */
function failingIds(db: Database.Database, from: SqlFragment): Set<number> {
  const rows = db
    .prepare(`SELECT s.variant_id AS id ${from.sql}`)
    .raw()
    .iterate(...from.params);
  const ids = new Set<number>();
  for (const row of rows as Iterable<[number]>) ids.add(row[0]);
  return ids;
}

function autoRejectedIds(db: Database.Database, s: RulesScope): number[] {
  const auto = autoRejected(db, s);
  return (
    db
      .prepare(`SELECT v.id ${auto.sql}`)
      .raw()
      .all(...auto.params) as [number][]
  ).map((row) => row[0]);
}

export function previewRules(
  db: Database.Database,
  rules: readonly RuleSpec[],
  s: RulesScope,
  sample: number,
): RulesPreviewIds {
  const w = scope(db, s);
  const caught = new Set<number>();
  const perRule = rules.map((rule) => {
    const from = failing(db, rule, w);
    if (from === null) return { check: rule.check, count: 0, sample: [] };
    const ids = failingIds(db, from);
    if (rule.enabled) for (const id of ids) caught.add(id);
    const order = rule.direction === 'low-is-bad' ? 'ASC' : 'DESC';
    const worst = db
      .prepare(`SELECT s.variant_id AS id ${from.sql} ORDER BY s.value ${order} LIMIT ?`)
      .all(...from.params, sample) as { id: number }[];
    return { check: rule.check, count: ids.size, sample: worst.map((row) => row.id) };
  });
  // The same for every threshold tried on a filter: counted once while the catalog is unchanged.
  const considered = cachedRead(db, `rules.considered ${JSON.stringify(s.filter)}`, () =>
    count(
      db,
      `SELECT count(*) AS n FROM variants v WHERE ${w.sql}
       AND EXISTS (SELECT 1 FROM variant_quality q WHERE q.variant_id = v.id)`,
      w.params,
    ),
  );
  const released = autoRejectedIds(db, s).filter((id) => !caught.has(id)).length;
  return { perRule, total: caught.size, considered, released };
}

export type RulesPlan = { changes: Map<number, ReviewValues>; rejected: number; released: number };

/** The decisions an apply makes: rejections with their reasons, releases of stale rejections. */
export function planRules(db: Database.Database, rules: readonly RuleSpec[], s: RulesScope): RulesPlan {
  const w = scope(db, s);
  const reasons = new Map<number, string[]>();
  for (const rule of rules.filter((r) => r.enabled)) {
    const from = failing(db, rule, w);
    if (from === null) continue;
    const rows = db
      .prepare(`SELECT s.variant_id AS id, s.value AS value ${from.sql}`)
      .iterate(...from.params);
    for (const row of rows as Iterable<{ id: number; value: number }>) {
      const list = reasons.get(row.id) ?? [];
      list.push(rule.reason(row.value));
      reasons.set(row.id, list);
    }
  }
  const changes = new Map<number, ReviewValues>();
  for (const [id, list] of reasons) {
    changes.set(id, { status: 'rejected', by: 'auto', reason: `auto: ${list.join('; ')}` });
  }
  let released = 0;
  for (const id of autoRejectedIds(db, s)) {
    if (changes.has(id)) continue;
    changes.set(id, { status: 'new', by: null, reason: null });
    released += 1;
  }
  return { changes, rejected: reasons.size, released };
}
