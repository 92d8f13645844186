/**
 * @file Handlers of the pose editor's contract methods (`poseEditMethods`): create, augment,
 * near-duplicate lookup, previous / next in a filter. Writes run in one immediate transaction under
 * the project's write lock (as in poseHandlers.ts) and announce `catalog.changed`; the lookups read
 * the reader connection.
 */
import { StudioError, type EventHub, type Handlers, type MethodParsedInput } from '../../contract';
import { insertEditorPoses } from '../catalog/node/editorPosesRepo';
import { findPoseNeighbors } from '../catalog/node/poseNeighbors';
import { getPose } from '../catalog/node/posesRepo';
import { findSimilarPoses } from '../catalog/node/similarPoses';
import { augmentShapes, type AugmentRequest } from '../pose/augment';
import type { OpenProject, ProjectSession } from './session';

type PoseEditHandlers = Pick<
  Handlers,
  'poses.create' | 'poses.augment' | 'poses.similar' | 'poses.neighbors'
>;

/** Run `work` in one immediate transaction under the project's write lock. */
async function write<T>(open: OpenProject, work: () => T): Promise<T> {
  return open.lock.runExclusive(() => open.project.catalog.writer.transaction(work).immediate());
}

/** The augmentation request for a parsed input, reading the other pose for interpolation. */
function augmentRequest(open: OpenProject, input: MethodParsedInput<'poses.augment'>): AugmentRequest {
  if (input.mode === 'mirror') return { mode: 'mirror' };
  if (input.mode === 'jitter') {
    return { mode: 'jitter', count: input.count, seed: input.seed, maxDegrees: input.maxDegrees };
  }
  if (input.otherId === undefined) {
    throw new StudioError('INVALID_INPUT', 'interpolate needs otherId', { field: 'otherId' });
  }
  return {
    mode: 'interpolate',
    count: input.count,
    other: getPose(open.project.catalog.writer, input.otherId),
  };
}

export function createPoseEditHandlers(
  session: ProjectSession,
  hub: EventHub,
  now: () => number,
): PoseEditHandlers {
  const changed = (reason: string): void => hub.emit('catalog.changed', { entity: 'poses', reason });

  return {
    'poses.create': async ({ width, height, keypoints, tags, origin }) => {
      const open = session.require();
      const [id] = await write(open, () =>
        insertEditorPoses(open.project.catalog.writer, [{ width, height, keypoints }], origin, tags, now()),
      );
      changed('created');
      return getPose(open.project.catalog.reader, id!);
    },
    'poses.augment': async (input) => {
      const open = session.require();
      const tag = `aug:${input.mode}`;
      const ids = await write(open, () => {
        const db = open.project.catalog.writer;
        const pose = getPose(db, input.id);
        const poses = augmentShapes(pose, augmentRequest(open, input));
        const ref =
          input.mode === 'interpolate'
            ? `${input.mode}:${input.id},${input.otherId}`
            : `${input.mode}:${input.id}`;
        return insertEditorPoses(db, poses, { kind: 'augment', ref }, [tag, ...input.tags], now());
      });
      changed('augmented');
      return { ids, tag };
    },
    'poses.similar': async ({ keypoints, threshold, excludeId, limit }) => {
      const db = session.require().project.catalog.reader;
      const { items } = findSimilarPoses(db, keypoints, { threshold, excludeId, limit });
      return { items };
    },
    'poses.neighbors': async ({ id, filter, sort }) =>
      findPoseNeighbors(session.require().project.catalog.reader, id, filter, sort),
  };
}
