/**
 * The near-duplicate lookup returns exactly what comparing the query with every pose returns
 * (fast path above 16/17 and the scan below it), best first, without the excluded pose, and the
 * fast path compares only a small share of the library.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Keypoint } from '../../../contract';
import { jitterKeypoints } from '../../pose/augment';
import { poseSimilarity } from '../../pose/geometry';
import { augmentPose, loadPresets, seededRandom } from '../../pose/presets';
import { migrate } from './migrations/registry';
import { prepareInsert } from './posesRepo';
import { SCAN_SQL, findSimilarPoses } from './similarPoses';

const presets = loadPresets();

function catalog(count: number): { db: Database.Database; poses: Keypoint[][] } {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  const insert = prepareInsert(db);
  const random = seededRandom(5);
  const poses: Keypoint[][] = [];
  for (let i = 0; i < count; i += 1) {
    const preset = presets[i % presets.length]!;
    // Most poses: small bends of a preset (near-duplicates of each other); some: larger moves.
    const base = i % 4 === 0 ? augmentPose(preset, i).keypoints : preset.keypoints;
    let keypoints = jitterKeypoints(base, i, i % 4 === 0 ? 20 : 2 + random() * 3);
    if (i % 7 === 0) keypoints = keypoints.map((p, j): Keypoint => (j === 3 ? [0, 0, 0] : p));
    poses.push(keypoints);
    insert(
      {
        width: 512,
        height: 512,
        keypoints,
        box: null,
        source: { format: 'editor', file: null, record: null, image: null },
      },
      null,
      1,
    );
  }
  return { db, poses };
}

function bruteForce(poses: Keypoint[][], query: readonly Keypoint[], threshold: number, excludeId?: number) {
  return poses
    .map((pose, i) => ({ id: i + 1, oks: poseSimilarity(query, pose) }))
    .filter((m) => m.oks >= threshold && m.id !== excludeId)
    .sort((a, b) => b.oks - a.oks || a.id - b.id);
}

describe('findSimilarPoses', () => {
  const { db, poses } = catalog(600);
  const queries = [0, 1, 7, 13, 42, 100, 333].map((i) => poses[i]!);
  queries.push(jitterKeypoints(presets[2]!.keypoints, 99, 3));

  it.each([0.95, 0.97, 0.9])('matches comparing with every pose at threshold %s', (threshold) => {
    let found = 0;
    for (const query of queries) {
      const expected = bruteForce(poses, query, threshold);
      const actual = findSimilarPoses(db, query, { threshold, limit: 1000 });
      expect(actual.items.map((m) => m.id)).toEqual(expected.map((m) => m.id));
      actual.items.forEach((m, i) => expect(m.oks).toBeCloseTo(expected[i]!.oks, 12));
      found += expected.length;
      if (threshold > 16 / 17) expect(actual.compared).toBeLessThan(poses.length / 4);
    }
    expect(found).toBeGreaterThan(queries.length * 3);
  });

  it('leaves out the excluded pose and keeps the best `limit`', () => {
    const query = poses[1]!;
    const all = bruteForce(poses, query, 0.95, 2);
    expect(all.length).toBeGreaterThan(3);
    const { items } = findSimilarPoses(db, query, { threshold: 0.95, excludeId: 2, limit: 3 });
    expect(items).toHaveLength(3);
    expect(items.map((m) => m.id)).toEqual(all.slice(0, 3).map((m) => m.id));
    expect(items.map((m) => m.id)).not.toContain(2);
  });

  it('finds nothing for a pose without a labeled joint', () => {
    const empty = Array.from({ length: 17 }, (): Keypoint => [0, 0, 0]);
    expect(findSimilarPoses(db, empty, { threshold: 0.95, limit: 5 })).toEqual({ items: [], compared: 0 });
    expect(findSimilarPoses(db, empty, { threshold: 0.6, limit: 5 }).items).toEqual([]);
  });

  it('scans without a bound along the primary key', () => {
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${SCAN_SQL}`).all(0, 10, 17) as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' | ')).toMatch(
      /^SEARCH poses USING INTEGER PRIMARY KEY \(rowid>\?\)$/,
    );
  });
});
