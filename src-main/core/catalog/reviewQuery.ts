/**
 * @file Turns the review grid's `ReviewFilter` into parameterised SQL over `variants` (alias `v`
 * unless asked otherwise), plus the state predicates and the page, count and walk statements the
 * review repository runs. Platform-free and pure, so the exact SQL (and the indexes it relies on,
 * see migration 40's test) is unit-tested; every value is a bound parameter.
 *
 * Two paths. A pose-level filter (run, generator, tag, states: nothing about a variant's own
 * values) pages and counts over `review_poses` (one row per pose and run with its counts per
 * state, kept by triggers) and `review_totals`. Otherwise the variant-level WHERE walks the narrow
 * `variants_review*` indexes (pose, status, decided_by, run, generator, prompt id); scores, tags
 * and prompt text are `IN (subquery)` lists built once per statement from their own indexes
 * (`variant_scores_by_value`, `pose_tags`' key, the small `prompts` table); "scored" is a
 * primary-key probe of `variant_quality`.
 */
import { StudioError, type ReviewFilter, type ReviewState } from '../../contract';
import type { SqlFragment, SqlValue } from './poseQuery';

export type { SqlFragment, SqlValue } from './poseQuery';

/** Check name -> its integer id in `quality_checks`, or undefined when never stored. */
export type CheckIds = (name: string) => number | undefined;

/** SQL that is true for variants in `state` (alias `a`). */
export function stateSql(state: ReviewState, a = 'v'): string {
  switch (state) {
    case 'unreviewed':
      return `${a}.status = 'new'`;
    case 'accepted':
      return `${a}.status = 'accepted'`;
    case 'rejected-hand':
      // Rejections from before decided_by existed count as by hand (migration 40 marks them so).
      return `(${a}.status = 'rejected' AND ${a}.decided_by IS NOT 'auto')`;
    case 'rejected-auto':
      return `(${a}.status = 'rejected' AND ${a}.decided_by IS 'auto')`;
  }
}

/** Variants the rules may decide: not reviewed yet, or rejected by a rule before (alias `a`). */
export function ruleEligibleSql(a = 'v'): string {
  return `(${stateSql('unreviewed', a)} OR ${stateSql('rejected-auto', a)})`;
}

/** The review state of a row from its status and decided_by. */
export function reviewState(status: string, decidedBy: string | null): ReviewState {
  if (status === 'new') return 'unreviewed';
  if (status === 'accepted') return 'accepted';
  return decidedBy === 'auto' ? 'rejected-auto' : 'rejected-hand';
}

const ALL_STATES = 4;

/** `x LIKE %text%` pattern with LIKE's wildcards escaped (escape char '\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function requireCheck(checkIds: CheckIds, name: string, known: ReadonlySet<string> | null): number | null {
  const id = checkIds(name);
  if (id !== undefined) return id;
  if (known !== null && !known.has(name)) {
    throw new StudioError('INVALID_INPUT', `unknown check "${name}"`, {
      field: 'filter.scores',
      check: name,
    });
  }
  return null; // a known check nothing was scored with yet: matches nothing
}

export type WhereOptions = {
  /** Include the filter's `states` part (counts per state leave it out). */
  states?: boolean;
  /** Alias of the variants table. */
  alias?: string;
  /** Check names the studio offers (an unknown one is refused); null accepts any name. */
  known?: ReadonlySet<string> | null;
};

function stateClause(filter: ReviewFilter, a: string): string | null {
  const states = [...new Set(filter.states ?? [])];
  if (states.length === 0 || states.length === ALL_STATES) return null;
  return `(${states.map((state) => stateSql(state, a)).join(' OR ')})`;
}

function scoreClauses(
  filter: ReviewFilter,
  a: string,
  checkIds: CheckIds,
  known: ReadonlySet<string> | null,
) {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  for (const range of filter.scores ?? []) {
    const id = requireCheck(checkIds, range.check, known);
    if (id === null) {
      clauses.push('0');
      continue;
    }
    const bounds = ['s.check_id = ?'];
    params.push(id);
    if (range.min !== undefined) {
      bounds.push('s.value >= ?');
      params.push(range.min);
    }
    if (range.max !== undefined) {
      bounds.push('s.value <= ?');
      params.push(range.max);
    }
    clauses.push(`${a}.id IN (SELECT s.variant_id FROM variant_scores s WHERE ${bounds.join(' AND ')})`);
  }
  return { clauses, params };
}

/** WHERE text (without the keyword) selecting the variants of `filter`. */
export function reviewWhere(
  filter: ReviewFilter,
  checkIds: CheckIds,
  options: WhereOptions = {},
): SqlFragment {
  const a = options.alias ?? 'v';
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  if (filter.runId !== undefined) {
    clauses.push(`${a}.run_id = ?`);
    params.push(filter.runId);
  }
  const states = options.states === false ? null : stateClause(filter, a);
  if (states !== null) clauses.push(states);
  if (filter.generator !== undefined) {
    clauses.push(`${a}.generator = ?`);
    params.push(filter.generator);
  }
  if (filter.promptContains !== undefined) {
    clauses.push(`${a}.prompt_id IN (SELECT pr.id FROM prompts pr WHERE pr.text LIKE ? ESCAPE '\\')`);
    params.push(containsPattern(filter.promptContains));
  }
  if (filter.tag !== undefined) {
    clauses.push(
      `${a}.pose_id IN (SELECT pt.pose_id FROM pose_tags pt WHERE pt.tag_id = (SELECT id FROM tags WHERE name = ?))`,
    );
    params.push(filter.tag);
  }
  const scores = scoreClauses(filter, a, checkIds, options.known ?? null);
  clauses.push(...scores.clauses);
  params.push(...scores.params);
  if (filter.scored !== undefined) {
    const exists = `EXISTS (SELECT 1 FROM variant_quality q WHERE q.variant_id = ${a}.id)`;
    clauses.push(filter.scored ? exists : `NOT ${exists}`);
  }
  return { sql: clauses.length === 0 ? '1' : clauses.join(' AND '), params };
}

const COUNT_COLUMNS: Record<ReviewState, string> = {
  unreviewed: 'unreviewed',
  accepted: 'accepted',
  'rejected-hand': 'rejected_hand',
  'rejected-auto': 'rejected_auto',
};

/** Whether the filter only reads pose-level facts (run, generator, tag, states). */
export function isPoseLevel(filter: ReviewFilter): boolean {
  return (
    filter.promptContains === undefined && (filter.scores ?? []).length === 0 && filter.scored === undefined
  );
}

/**
 * WHERE text over `review_poses r` (one row per pose and run with its counts per state) for a
 * pose-level filter: a (pose, run) row matches when it has a variant in one of the states.
 */
export function poseLevelWhere(filter: ReviewFilter, options: { states?: boolean } = {}): SqlFragment {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  if (filter.runId !== undefined) {
    clauses.push('r.run_id = ?');
    params.push(filter.runId);
  }
  const states = [...new Set(filter.states ?? [])];
  if (options.states !== false && states.length > 0 && states.length < ALL_STATES) {
    clauses.push(`(${states.map((state) => `r.${COUNT_COLUMNS[state]} > 0`).join(' OR ')})`);
  }
  if (filter.generator !== undefined) {
    clauses.push('r.run_id IN (SELECT g.id FROM generation_runs g WHERE g.generator = ?)');
    params.push(filter.generator);
  }
  if (filter.tag !== undefined) {
    clauses.push(
      'r.pose_id IN (SELECT pt.pose_id FROM pose_tags pt WHERE pt.tag_id = (SELECT id FROM tags WHERE name = ?))',
    );
    params.push(filter.tag);
  }
  return { sql: clauses.length === 0 ? '1' : clauses.join(' AND '), params };
}

const SUMS = `coalesce(sum(unreviewed), 0) AS unreviewed, coalesce(sum(accepted), 0) AS accepted,
  coalesce(sum(rejected_hand), 0) AS rejectedHand, coalesce(sum(rejected_auto), 0) AS rejectedAuto`;

/** Counts per state from the pose-level counts: per run totals when only the run narrows. */
export function poseLevelCountsQuery(filter: ReviewFilter): SqlFragment {
  const narrowed = filter.generator !== undefined || filter.tag !== undefined;
  if (!narrowed) {
    return filter.runId === undefined
      ? { sql: `SELECT ${SUMS} FROM review_totals`, params: [] }
      : { sql: `SELECT ${SUMS} FROM review_totals WHERE run_id = ?`, params: [filter.runId] };
  }
  const w = poseLevelWhere(filter, { states: false });
  return { sql: `SELECT ${SUMS} FROM review_poses r WHERE ${w.sql}`, params: w.params };
}

/** Pose ids of one page of rows from the pose-level counts, in pose order. */
export function poseLevelPageQuery(where: SqlFragment, offset: number, limit: number): SqlFragment {
  return {
    sql: `SELECT DISTINCT r.pose_id AS poseId FROM review_poses r WHERE ${where.sql} ORDER BY r.pose_id LIMIT ? OFFSET ?`,
    params: [...where.params, limit, offset],
  };
}

export function poseLevelCountQuery(where: SqlFragment): SqlFragment {
  return {
    sql: `SELECT count(DISTINCT r.pose_id) AS n FROM review_poses r WHERE ${where.sql}`,
    params: where.params,
  };
}

/** Pose ids of one page of rows, in pose order. */
export function posePageQuery(where: SqlFragment, offset: number, limit: number): SqlFragment {
  return {
    sql: `SELECT DISTINCT v.pose_id AS poseId FROM variants v WHERE ${where.sql} ORDER BY v.pose_id LIMIT ? OFFSET ?`,
    params: [...where.params, limit, offset],
  };
}

/** Pose rows matching (count of distinct poses). */
export function poseCountQuery(where: SqlFragment): SqlFragment {
  return {
    sql: `SELECT count(DISTINCT v.pose_id) AS n FROM variants v WHERE ${where.sql}`,
    params: where.params,
  };
}

/** Counts per state in one pass (conditional sums: no GROUP BY sorter over the rows). */
export function stateCountsQuery(where: SqlFragment): SqlFragment {
  return {
    sql: `SELECT
        coalesce(sum(${stateSql('unreviewed')}), 0) AS unreviewed,
        coalesce(sum(${stateSql('accepted')}), 0) AS accepted,
        coalesce(sum(${stateSql('rejected-hand')}), 0) AS rejectedHand,
        coalesce(sum(${stateSql('rejected-auto')}), 0) AS rejectedAuto
      FROM variants v WHERE ${where.sql}`,
    params: where.params,
  };
}

/** The matching variants of the given poses, in pose then id order. */
export function rowVariantsQuery(where: SqlFragment, poseIds: readonly number[]): SqlFragment {
  return {
    sql: `SELECT v.id AS id, v.pose_id AS poseId FROM variants v
          WHERE v.pose_id IN (SELECT value FROM json_each(?)) AND ${where.sql}
          ORDER BY v.pose_id, v.id`,
    params: [JSON.stringify(poseIds), ...where.params],
  };
}

/**
 * Matching variants with a value for the check, worst value first (ascending for low-is-bad).
 * The first time a pose appears is its worst value among its matching variants, so reading this in
 * order and keeping first appearances gives the rows worst-first without aggregating everything.
 */
export function worstWalkQuery(where: SqlFragment, checkId: number, lowIsBad: boolean): SqlFragment {
  return {
    sql: `SELECT v.pose_id AS poseId FROM variant_scores s JOIN variants v ON v.id = s.variant_id
          WHERE s.check_id = ? AND ${where.sql} ORDER BY s.value ${lowIsBad ? 'ASC' : 'DESC'}`,
    params: [checkId, ...where.params],
  };
}

/** Every scored row by its worst value, best of them first (aggregates every matching score). */
export function bestFirstOrderQuery(where: SqlFragment, checkId: number, lowIsBad: boolean): SqlFragment {
  const worst = lowIsBad ? 'min(s.value)' : 'max(s.value)';
  return {
    sql: `SELECT v.pose_id AS poseId, ${worst} AS worst FROM variant_scores s JOIN variants v ON v.id = s.variant_id
          WHERE s.check_id = ? AND ${where.sql}
          GROUP BY v.pose_id ORDER BY worst ${lowIsBad ? 'DESC' : 'ASC'}, v.pose_id`,
    params: [checkId, ...where.params],
  };
}

/**
 * Rows after the scored ones when sorting by a check: poses none of whose matching variants has a
 * value for it, in pose order. `inner` is the same filter over alias `w`.
 */
export function unscoredTailQuery(
  where: SqlFragment,
  inner: SqlFragment,
  checkId: number,
  offset: number,
  limit: number,
): SqlFragment {
  return {
    sql: `SELECT DISTINCT v.pose_id AS poseId FROM variants v WHERE ${where.sql}
          AND v.pose_id NOT IN (SELECT w.pose_id FROM variant_scores s JOIN variants w ON w.id = s.variant_id
                                WHERE s.check_id = ? AND ${inner.sql})
          ORDER BY v.pose_id LIMIT ? OFFSET ?`,
    params: [...where.params, checkId, ...inner.params, limit, offset],
  };
}
