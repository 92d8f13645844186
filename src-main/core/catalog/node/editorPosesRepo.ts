/**
 * @file Poses made in the studio (the pose editor's create and augment). They go through the same
 * prepared insert as imports (posesRepo.prepareInsert: derived columns from catalog/derive.ts), and
 * record where they came from in the pose's source the way imports do, so no new table is needed:
 * format `editor`, no import batch, and the origin in `source.record` as `kind` or `kind:ref`
 * (`preset:t-pose`, `drawn`, `duplicate:12`, `augment:jitter:12`, `augment:interpolate:12,40`).
 * The library's format filter (`editor`) lists them. Call inside a write transaction.
 */
import type Database from 'better-sqlite3';
import type { Keypoint } from '../../../contract';
import type { PoseOrigin } from '../../../contract/poseEditMethods';
import { prepareInsert } from './posesRepo';
import { changeTags } from './tagsRepo';

export type { PoseOrigin };

export type EditorPose = { width: number; height: number; keypoints: Keypoint[] };

/** The `source.record` text of an origin. */
export function originRecord(origin: PoseOrigin): string {
  return origin.ref === undefined ? origin.kind : `${origin.kind}:${origin.ref}`;
}

/** Parse a `source.record` written by originRecord (null for anything else). */
export function parseOriginRecord(record: string | null): PoseOrigin | null {
  const match = /^(preset|drawn|duplicate|augment)(?::(.+))?$/s.exec(record ?? '');
  if (!match) return null;
  const kind = match[1] as PoseOrigin['kind'];
  return match[2] === undefined ? { kind } : { kind, ref: match[2] };
}

/** Insert poses made in the studio with one origin and tags; returns their ids in order. */
export function insertEditorPoses(
  db: Database.Database,
  poses: readonly EditorPose[],
  origin: PoseOrigin,
  tags: readonly string[],
  now: number,
): number[] {
  const insert = prepareInsert(db);
  const record = originRecord(origin);
  const ids = poses.map((pose) =>
    insert(
      {
        width: pose.width,
        height: pose.height,
        keypoints: pose.keypoints,
        box: null,
        source: { format: 'editor', file: null, record, image: null },
      },
      null,
      now,
    ),
  );
  if (tags.length > 0 && ids.length > 0) changeTags(db, ids, tags, [], now);
  return ids;
}
