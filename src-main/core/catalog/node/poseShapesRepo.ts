/**
 * @file Rows of `pose_shapes` (migration 60): the sketch of each pose with a labeled joint
 * (core/pose/poseSketch.ts), written beside the pose by posesRepo's insert and geometry update (the
 * only two writers of keypoints), and removed with the pose by the foreign key's cascade. The
 * near-duplicate lookup (similarPoses.ts) reads them. Computed in JS rather than by an SQL trigger:
 * a trigger parsing the keypoints JSON tripled the cost of a bulk insert; this adds a fraction.
 */
import type Database from 'better-sqlite3';
import type { Keypoint } from '../../../contract';
import { SKETCH_COLUMNS, poseSketch } from '../../pose/poseSketch';

export type ShapeWriter = {
  /** Store the sketch of a new pose (nothing when no joint is labeled). */
  insert(id: number, keypoints: readonly Keypoint[]): void;
  /** Replace the sketch of a pose whose keypoints changed. */
  replace(id: number, keypoints: readonly Keypoint[]): void;
};

const writers = new WeakMap<Database.Database, ShapeWriter>();

/** The shape writer of a connection (statements prepared once per connection). */
export function prepareShapeWriter(db: Database.Database): ShapeWriter {
  let writer = writers.get(db);
  if (writer === undefined) writers.set(db, (writer = createShapeWriter(db)));
  return writer;
}

function createShapeWriter(db: Database.Database): ShapeWriter {
  const insert = db.prepare(
    `INSERT INTO pose_shapes (pose_id, mask, n, area, ${SKETCH_COLUMNS.join(', ')})
     VALUES (${Array.from({ length: SKETCH_COLUMNS.length + 4 }, () => '?').join(', ')})`,
  );
  const remove = db.prepare('DELETE FROM pose_shapes WHERE pose_id = ?');
  const write = (id: number, keypoints: readonly Keypoint[]): void => {
    const sketch = poseSketch(keypoints);
    if (sketch !== null) insert.run(id, sketch.mask, sketch.n, sketch.area, ...sketch.sums);
  };
  return {
    insert: write,
    replace(id, keypoints) {
      remove.run(id);
      write(id, keypoints);
    },
  };
}

/** Sketch every pose of the catalog (the migration's backfill), a page of ids at a time. */
export function backfillShapes(db: Database.Database): number {
  const page = db.prepare('SELECT id, keypoints FROM poses WHERE id > ? ORDER BY id LIMIT 1000');
  const writer = prepareShapeWriter(db);
  let count = 0;
  for (let after = 0; ;) {
    const rows = page.all(after) as { id: number; keypoints: string }[];
    if (rows.length === 0) return count;
    for (const row of rows) {
      const keypoints: unknown = JSON.parse(row.keypoints);
      if (Array.isArray(keypoints)) writer.insert(row.id, keypoints as Keypoint[]);
    }
    count += rows.length;
    after = rows[rows.length - 1]!.id;
  }
}
