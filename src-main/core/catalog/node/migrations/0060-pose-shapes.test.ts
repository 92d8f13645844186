/**
 * Migration 60: pose sketches. The backfill and the pose writers store exactly what poseSketch
 * computes, follow inserts, keypoint edits and deletes (cascade), skip poses without a labeled
 * joint, and the lookup walks the primary key.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Keypoint } from '../../../../contract';
import { jitterKeypoints } from '../../../pose/augment';
import { SKETCH_COLUMNS, poseSketch, type PoseSketch } from '../../../pose/poseSketch';
import { loadPresets } from '../../../pose/presets';
import { prepareInsert, updatePoseGeometry } from '../posesRepo';
import { migrate, migrations } from './registry';

const presets = loadPresets();
const before = migrations.filter((m) => m.version < 60);

function open(list = migrations): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, list);
  return db;
}

function insert(db: Database.Database, keypoints: Keypoint[]): number {
  return prepareInsert(db)(
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

type ShapeRow = { pose_id: number; mask: number; n: number; area: number } & Record<string, number>;

function shape(db: Database.Database, id: number): ShapeRow | undefined {
  return db.prepare('SELECT * FROM pose_shapes WHERE pose_id = ?').get(id) as ShapeRow | undefined;
}

function expectSketch(row: ShapeRow | undefined, sketch: PoseSketch): void {
  expect(row).toBeDefined();
  expect(row!.mask).toBe(sketch.mask);
  expect(row!.n).toBe(sketch.n);
  expect(row!.area).toBeCloseTo(sketch.area, 12);
  SKETCH_COLUMNS.forEach((column, i) => expect(row![column], column).toBeCloseTo(sketch.sums[i]!, 9));
}

const partial = (keypoints: readonly Keypoint[], drop: number[]): Keypoint[] =>
  keypoints.map((p, j): Keypoint => (drop.includes(j) ? [0, 0, 0] : [p[0], p[1], p[2]]));

describe('migration 0060 (pose shapes)', () => {
  it('backfills the poses already in the catalog', () => {
    const db = open(before);
    const raw = db.prepare(
      `INSERT INTO poses (width, height, keypoints, labeled_count, visible_count, format, created_at, updated_at)
       VALUES (512, 512, ?, 0, 0, 'coco', 1, 1)`,
    );
    const rawInsert = (kp: Keypoint[] | string) =>
      Number(raw.run(typeof kp === 'string' ? kp : JSON.stringify(kp)).lastInsertRowid);
    const poses = presets.map((p, i) => (i % 3 === 0 ? partial(p.keypoints, [0, 9, 16]) : [...p.keypoints]));
    const ids = poses.map((kp) => rawInsert(kp));
    const empty = rawInsert(partial(presets[0]!.keypoints, [...Array(17).keys()]));
    const legacy = rawInsert('[]');
    migrate(db, migrations);
    ids.forEach((id, i) => expectSketch(shape(db, id), poseSketch(poses[i]!)!));
    expect(shape(db, empty)).toBeUndefined();
    expect(shape(db, legacy)).toBeUndefined();
  });

  it('follows inserts, keypoint edits and deletes', () => {
    const db = open();
    const first = jitterKeypoints(presets[1]!.keypoints, 4, 30);
    const id = insert(db, first);
    expectSketch(shape(db, id), poseSketch(first)!);
    const edited = partial(presets[5]!.keypoints, [3, 4]);
    updatePoseGeometry(db, id, { keypoints: edited }, 2);
    expectSketch(shape(db, id), poseSketch(edited)!);
    updatePoseGeometry(db, id, { keypoints: partial(edited, [...Array(17).keys()]) }, 3);
    expect(shape(db, id)).toBeUndefined();
    updatePoseGeometry(db, id, { keypoints: first }, 4);
    expectSketch(shape(db, id), poseSketch(first)!);
    db.prepare('DELETE FROM poses WHERE id = ?').run(id);
    expect(db.prepare('SELECT count(*) AS n FROM pose_shapes').get()).toEqual({ n: 0 });
  });

  it('looks candidates up through the primary key', () => {
    const db = open();
    const rows = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT pose_id, area, g1x FROM pose_shapes WHERE mask = ? AND g0x BETWEEN ? AND ?',
      )
      .all(1, 0, 1) as { detail: string }[];
    expect(rows.map((r) => r.detail).join(' | ')).toMatch(
      /SEARCH pose_shapes USING PRIMARY KEY \(mask=\? AND g0x>\? AND g0x<\?\)/,
    );
  });
});
