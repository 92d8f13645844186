/**
 * @file The near-duplicate lookup behind `poses.similar`: library poses whose symmetric OKS with a
 * given pose (geometry.poseSimilarity: both in their unit box) reaches a threshold. Exact, and
 * fast at 100k+ poses: for thresholds above 16/17 (the default 0.95) only poses with the same
 * labeled joints can match, and the sketch bound (core/pose/poseSketch.ts) narrows those in SQL
 * over `pose_shapes` (migration 60) to the few compared in full. Lower thresholds have no such
 * bound and compare every pose with a compatible labeled count, a page at a time.
 */
import type Database from 'better-sqlite3';
import type { Keypoint } from '../../../contract';
import { labeledCount, normalizeToUnitBox, oks } from '../../pose/geometry';
import { SKETCH_COLUMNS, SKETCH_GROUPS, SKETCH_LEAD, poseSketch, sketchBounds } from '../../pose/poseSketch';

export type SimilarOptions = {
  /** Smallest OKS reported (inclusive). */
  threshold: number;
  /** A pose to leave out (the one being edited). */
  excludeId?: number;
  /** Most poses returned, best first. */
  limit: number;
};

export type SimilarMatch = { id: number; oks: number };
export type SimilarResult = { items: SimilarMatch[]; compared: number };

const PAGE = 2000;

/** Scores candidates by the full symmetric OKS against the (normalised) query. */
function scorer(keypoints: readonly Keypoint[]) {
  const query = normalizeToUnitBox(keypoints);
  return (candidate: readonly Keypoint[]): number => {
    const other = normalizeToUnitBox(candidate);
    return Math.min(oks(query, other), oks(other, query));
  };
}

/**
 * The sketch test of poseSketch.sketchBounds in SQL, so only the poses it leaves cross into JS:
 * per group, |dG|^2 / m (1/m bound, 0 for groups with no labeled joint) against the smaller ball
 * of the two areas, with the same room for rounding.
 */
const BALL_SQL = `SELECT pose_id FROM pose_shapes
  WHERE mask = ? AND ${SKETCH_COLUMNS[SKETCH_LEAD]} BETWEEN ? AND ?
    AND ${SKETCH_GROUPS.map((_, g) => `((g${g}x - ?) * (g${g}x - ?) + (g${g}y - ?) * (g${g}y - ?)) * ?`).join(' + ')}
      <= min(?, 2 * (area + ${Number.EPSILON}) * ?) * (1 + 1e-9) + 1e-9`;

/** Ids of the same-mask poses the sketch bound leaves (none ruled out could match), or null. */
function sketchCandidates(
  db: Database.Database,
  keypoints: readonly Keypoint[],
  threshold: number,
): number[] | null {
  const sketch = poseSketch(keypoints);
  if (sketch === null) return [];
  const bounds = sketchBounds(sketch, threshold);
  if (bounds === null) return null;
  const groups = bounds.counts.flatMap((m, g) => {
    const [x, y] = [sketch.sums[2 * g]!, sketch.sums[2 * g + 1]!];
    return [x, x, y, y, m === 0 ? 0 : 1 / m];
  });
  const rows = db
    .prepare(BALL_SQL)
    .pluck()
    .all(sketch.mask, bounds.low, bounds.high, ...groups, bounds.radius2, bounds.logTerm) as number[];
  return rows;
}

function keypointsOf(db: Database.Database, ids: readonly number[]): [number, Keypoint[]][] {
  const rows = db
    .prepare('SELECT id, keypoints FROM poses WHERE id IN (SELECT value FROM json_each(?))')
    .raw()
    .all(JSON.stringify(ids)) as [number, string][];
  return rows.map(([id, text]) => [id, JSON.parse(text) as Keypoint[]]);
}

/** A page of the scan; `+labeled_count` walks the primary key in id order (a count index would sort every page). */
export const SCAN_SQL = `SELECT id, keypoints FROM poses WHERE id > ? AND +labeled_count BETWEEN ? AND ?
  ORDER BY id LIMIT ${PAGE}`;

/**
 * Without a bound: every pose whose labeled count allows OKS >= t both ways (a pose with n labeled
 * joints reaches at most |common| / n, so the other's count lies in [t n, n / t]), in id pages.
 */
function* scanCandidates(
  db: Database.Database,
  keypoints: readonly Keypoint[],
  threshold: number,
): Generator<[number, Keypoint[]][]> {
  const n = labeledCount(keypoints);
  const low = Math.ceil(threshold * n - 1e-9);
  const high = Math.min(17, Math.floor(n / threshold + 1e-9));
  const page = db.prepare(SCAN_SQL);
  for (let after = 0; ;) {
    const rows = page.raw().all(after, low, high) as [number, string][];
    if (rows.length === 0) return;
    yield rows.map(([id, text]) => [id, JSON.parse(text) as Keypoint[]]);
    after = rows[rows.length - 1]![0];
  }
}

/** Poses with OKS >= threshold against `keypoints`, best first (ties by id), at most `limit`. */
export function findSimilarPoses(
  db: Database.Database,
  keypoints: readonly Keypoint[],
  options: SimilarOptions,
): SimilarResult {
  const score = scorer(keypoints);
  const matches: SimilarMatch[] = [];
  let compared = 0;
  const consider = (batch: [number, Keypoint[]][]): void => {
    for (const [id, candidate] of batch) {
      if (id === options.excludeId) continue;
      compared += 1;
      const value = score(candidate);
      if (value >= options.threshold) matches.push({ id, oks: value });
    }
  };
  const ids = labeledCount(keypoints) === 0 ? [] : sketchCandidates(db, keypoints, options.threshold);
  if (ids === null) {
    for (const batch of scanCandidates(db, keypoints, options.threshold)) consider(batch);
  } else {
    for (let start = 0; start < ids.length; start += 500)
      consider(keypointsOf(db, ids.slice(start, start + 500)));
  }
  matches.sort((a, b) => b.oks - a.oks || a.id - b.id);
  return { items: matches.slice(0, options.limit), compared };
}
