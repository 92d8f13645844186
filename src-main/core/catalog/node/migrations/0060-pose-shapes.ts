/**
 * @file Migration 60: pose sketches for the editor's near-duplicate warning (`poses.similar`).
 *
 * `pose_shapes` holds, per pose with a labeled joint, the sketch of core/pose/poseSketch.ts: the
 * mask of labeled joints, their count, the normalised box area, and ten whitened coordinate sums
 * (x and y of head, arms and legs, in the pose's own unit box). It is clustered by
 * (mask, g0x, pose_id), so a lookup reads only poses with the same labeled joints whose head-x sum
 * lies within the query's reach, and tests the rest of the sketch on those rows alone (in SQL).
 *
 * posesRepo writes a pose's sketch with its keypoints (insert and geometry update, the only
 * writers of keypoints); rows go with their pose by the foreign key's cascade. Poses already in the
 * catalog are sketched here, in JS, by the same code.
 */
import { backfillShapes } from '../poseShapesRepo';
import type { Migration } from './registry';

const SUMS = [0, 1, 2, 3, 4].flatMap((g) => [`g${g}x`, `g${g}y`]);

export const migration0060: Migration = {
  version: 60,
  name: 'pose-shapes',
  up(db) {
    db.exec(`
      CREATE TABLE pose_shapes (
        pose_id INTEGER NOT NULL REFERENCES poses (id) ON DELETE CASCADE,
        mask    INTEGER NOT NULL CHECK (mask BETWEEN 1 AND 131071),
        n       INTEGER NOT NULL CHECK (n BETWEEN 1 AND 17),
        area    REAL    NOT NULL,
        ${SUMS.map((column) => `${column} REAL NOT NULL`).join(',\n        ')},
        PRIMARY KEY (mask, g0x, pose_id)
      ) STRICT, WITHOUT ROWID;
      CREATE UNIQUE INDEX pose_shapes_by_pose ON pose_shapes (pose_id);
    `);
    backfillShapes(db);
  },
};
