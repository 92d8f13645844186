/**
 * @file Handlers for the `poses.*` and `tags.*` methods: reads on the reader connection, writes
 * under the write lock in one transaction each, and a `catalog.changed` event after every write.
 */
import type { EventHub, Handlers, MethodParsedInput } from '../../contract';
import {
  assertPosesExist,
  countPoses,
  deletePoses,
  getPose,
  getPoses,
  listPoses,
  poseIdsAfter,
  updatePoseGeometry,
} from '../catalog/node/posesRepo';
import { changeTags, dropUnusedTags, listTags, setTags } from '../catalog/node/tagsRepo';
import { listImports } from '../catalog/node/importsRepo';
import { mirrorPose } from '../pose/geometry';
import { importPoses } from './importService';
import { exportPoses } from './exportService';
import type { OpenProject, ProjectSession } from './session';

type PoseHandlers = Pick<
  Handlers,
  | 'poses.list'
  | 'poses.count'
  | 'poses.get'
  | 'poses.ids'
  | 'poses.update'
  | 'poses.mirror'
  | 'poses.delete'
  | 'poses.tag'
  | 'poses.import'
  | 'poses.export'
  | 'poses.sources'
  | 'tags.list'
>;

/** Run `write` in one immediate transaction under the project's write lock. */
async function write<T>(open: OpenProject, work: () => T): Promise<T> {
  return open.lock.runExclusive(() => open.project.catalog.writer.transaction(work).immediate());
}

function importTitle(input: MethodParsedInput<'poses.import'>): string {
  const source = input.source;
  return `Import ${source.kind === 'path' ? source.path.split(/[\\/]/).pop() : source.fileName}`;
}

export function createPoseHandlers(session: ProjectSession, hub: EventHub, now: () => number): PoseHandlers {
  const changed = (entity: 'poses' | 'tags' | 'imports', reason: string): void =>
    hub.emit('catalog.changed', { entity, reason });

  return {
    'poses.list': async ({ filter, sort, offset, limit }) =>
      listPoses(session.require().project.catalog.reader, filter, sort, offset, limit),
    'poses.count': async ({ filter }) => ({
      count: countPoses(session.require().project.catalog.reader, filter),
    }),
    'poses.ids': async ({ filter, afterId, limit }) => ({
      ids: poseIdsAfter(session.require().project.catalog.reader, filter, afterId, limit),
    }),
    'poses.get': async ({ id }) => getPose(session.require().project.catalog.reader, id),
    'poses.update': async ({ id, keypoints, width, height, tags }) => {
      const open = session.require();
      await write(open, () => {
        const db = open.project.catalog.writer;
        getPose(db, id);
        const t = now();
        if (keypoints !== undefined || width !== undefined || height !== undefined) {
          updatePoseGeometry(db, id, { keypoints, width, height }, t);
        }
        if (tags !== undefined) setTags(db, id, tags, t);
      });
      changed('poses', 'updated');
      return getPose(open.project.catalog.reader, id);
    },
    'poses.mirror': async ({ ids }) => {
      const open = session.require();
      const updated = await write(open, () => {
        const db = open.project.catalog.writer;
        assertPosesExist(db, ids);
        const t = now();
        for (let start = 0; start < ids.length; start += 500) {
          for (const pose of getPoses(db, ids.slice(start, start + 500))) {
            updatePoseGeometry(db, pose.id, { keypoints: mirrorPose(pose.keypoints, pose.width) }, t);
          }
        }
        return new Set(ids).size;
      });
      changed('poses', 'mirrored');
      return { updated };
    },
    'poses.delete': async ({ ids }) => {
      const open = session.require();
      const deleted = await write(open, () => {
        const count = deletePoses(open.project.catalog.writer, ids);
        dropUnusedTags(open.project.catalog.writer);
        return count;
      });
      changed('poses', 'deleted');
      return { deleted };
    },
    'poses.tag': async ({ ids, add, remove }) => {
      const open = session.require();
      const updated = await write(open, () =>
        changeTags(open.project.catalog.writer, ids, add, remove, now()),
      );
      changed('tags', 'tagged');
      return { updated };
    },
    'poses.import': async (input) => {
      const open = session.require();
      const deps = { project: open.project, now, onCommitted: () => changed('poses', 'imported') };
      const { jobId, result } = await open.lock.runExclusive(() =>
        open.jobs.run(
          {
            kind: 'import',
            title: importTitle(input),
            params: input,
            unit: 'bytes',
            requestId: input.requestId,
          },
          (job) => importPoses(deps, input.source, input.options, job),
        ),
      );
      return { jobId, ...result };
    },
    'poses.export': async ({ filter, format, path }) => {
      const open = session.require();
      return exportPoses(open.project, filter, format, path ?? null, now);
    },
    'poses.sources': async () => ({ items: listImports(session.require().project.catalog.reader) }),
    'tags.list': async () => ({ items: listTags(session.require().project.catalog.reader) }),
  };
}
