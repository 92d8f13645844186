/**
 * @file Test double for component tests: an in-memory studio behind the real contract runtime
 * (createDispatcher validates every input, the memory transport carries events), with a pose list,
 * tags, a project and an import that emits job progress, and generation (fakeGeneration.ts: runs,
 * variants, jobs with pause/resume/cancel, and a driver that makes a run progress) and training
 * (fakeTraining.ts: dataset summary, runs, metrics, checkpoints, evaluations, exports; its jobs share
 * the generation fake's job map, so the same jobs.* handlers control them) and review (fakeReview.ts:
 * checks, pose rows of scored variants, decisions with undoable batches, rules preview/apply and a
 * scoring job in the same job map). Only what the
 * renderer's tests drive is implemented; other methods answer INTERNAL. Used by *.test.tsx only.
 */
import {
  EventHub,
  StudioError,
  createClient,
  createDispatcher,
  createMemoryTransport,
  type Handlers,
  type ImportReport,
  type Job,
  type MethodParsedInput,
  type Pose,
  type PoseFilter,
} from '../../src-main/contract';
import type { Connection } from '../api/connect';
import { httpMediaUrl } from '../api/media';
import type { FileAccess } from '../api/transports/httpFiles';
import { makePose } from '../features/poses/model/testPoses';
import {
  createGenerationState,
  generationDriver,
  generationHandlers,
  type FakeGenerationState,
} from './fakeGeneration';
import { createModelsState, modelHandlers, type FakeModelsState } from './fakeModels';
import { matchesFilter, poseEditHandlers } from './fakePoseEdit';
import {
  createReviewState,
  reviewDriver,
  reviewHandlers,
  type FakeReviewOptions,
  type FakeReviewState,
} from './fakeReview';
import {
  createTrainingState,
  trainingDriver,
  trainingHandlers,
  type FakeTrainingState,
} from './fakeTraining';

export type FakeState = {
  poses: Pose[];
  project: { path: string; name: string } | null;
  calls: Array<{ method: string; input: unknown }>;
  importReport: ImportReport | null;
  generation: FakeGenerationState;
  training: FakeTrainingState;
  review: FakeReviewState;
  models: FakeModelsState;
  /** What app.info says about native file dialogs (the desktop app); app.pickPath is not faked. */
  nativeDialogs: boolean;
};

function job(id: number, state: Job['state'], done: number, requestId: string | null = null): Job {
  return {
    ...{ id, kind: 'import', requestId, title: 'Import poses.json', unit: 'bytes', total: 1000, done, state },
    ...{
      rate: 500,
      etaSeconds: (1000 - done) / 500,
      message: null,
      error: null,
      createdAt: id,
      updatedAt: done,
    },
  };
}

function handlers(state: FakeState, hub: EventHub): Partial<Handlers> {
  const changed = (entity: 'poses' | 'tags' | 'project') =>
    hub.emit('catalog.changed', { entity, reason: 'test' });
  const list = (filter: PoseFilter) => state.poses.filter((pose) => matchesFilter(pose, filter));
  const openProject = (path: string) => {
    if (path.includes('exists'))
      throw new StudioError('PROJECT_EXISTS', `a project already exists at ${path}`);
    if (path.includes('future'))
      throw new StudioError('VERSION_TOO_NEW', 'made by a newer Pose Studio (schema 9)');
    state.project = { path, name: path.split('/').pop() ?? path };
    changed('project');
    return { ...state.project, schemaVersion: 1, poseCount: state.poses.length };
  };
  return {
    'app.info': async () => ({
      version: '0.1.0',
      transport: 'http',
      nativeDialogs: state.nativeDialogs,
      project: state.project && { ...state.project, schemaVersion: 1, poseCount: state.poses.length },
    }),
    'project.open': async ({ path }) => openProject(path),
    'project.create': async ({ path }) => openProject(path),
    'poses.list': async ({ filter, sort, offset, limit }) => {
      const all = list(filter).sort((a, b) => (sort.dir === 'asc' ? a.id - b.id : b.id - a.id));
      return { items: all.slice(offset, offset + limit), total: all.length };
    },
    'poses.count': async ({ filter }) => ({ count: list(filter).length }),
    'poses.ids': async ({ filter, afterId, limit }) => ({
      ids: list(filter)
        .map((pose) => pose.id)
        .filter((id) => id > afterId)
        .sort((a, b) => a - b)
        .slice(0, limit),
    }),
    'poses.get': async ({ id }) => {
      const pose = state.poses.find((candidate) => candidate.id === id);
      if (!pose) throw new StudioError('NOT_FOUND', `no pose ${id}`);
      return pose;
    },
    'poses.update': async ({ id, tags }) => {
      const pose = state.poses.find((candidate) => candidate.id === id);
      if (!pose) throw new StudioError('NOT_FOUND', `no pose ${id}`);
      if (tags) pose.tags = [...tags];
      changed('poses');
      return pose;
    },
    'poses.tag': async ({ ids, add, remove }) => {
      const targets = state.poses.filter((pose) => ids.includes(pose.id));
      for (const pose of targets)
        pose.tags = [...new Set([...pose.tags, ...add])].filter((t) => !remove.includes(t));
      changed('tags');
      return { updated: targets.length };
    },
    'poses.delete': async ({ ids }) => {
      const before = state.poses.length;
      state.poses = state.poses.filter((pose) => !ids.includes(pose.id));
      changed('poses');
      return { deleted: before - state.poses.length };
    },
    'poses.mirror': async ({ ids }) => ({ updated: ids.length }),
    'poses.export': async ({ filter, format }) => ({
      path: `/p/exports/poses-${format}.json`,
      name: `poses-${format}.json`,
      count: list(filter).length,
      bytes: 100,
    }),
    'poses.sources': async () => ({
      items: [{ id: 1, file: 'a.json', format: 'coco', count: state.poses.length, createdAt: 0 }],
    }),
    'tags.list': async () => {
      const counts = new Map<string, number>();
      for (const pose of state.poses)
        for (const tag of pose.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      return { items: [...counts].map(([tag, count]) => ({ tag, count })) };
    },
    ...generationHandlers(state.generation, hub, (filter) => list(filter).map((pose) => pose.id)),
    ...trainingHandlers(state.training, hub, state.generation),
    ...reviewHandlers(state.review, hub, state.generation),
    ...modelHandlers(state.models, hub),
    ...poseEditHandlers(state, hub),
    'poses.import': async (input: MethodParsedInput<'poses.import'>) => {
      hub.emit('jobs.progress', job(7, 'running', 400, input.requestId ?? null));
      await new Promise((resolve) => setTimeout(resolve, 30));
      hub.emit('jobs.progress', job(7, 'done', 1000, input.requestId ?? null));
      if (state.importReport === null) throw new StudioError('INTERNAL', 'no report set');
      return {
        ...state.importReport,
        files: state.importReport.files.map((f) => ({
          ...f,
          file: String(input.source.kind === 'path' ? input.source.path : f.file),
        })),
      };
    },
  };
}

export function createFakeStudio(
  options: { poses?: number; project?: boolean; review?: FakeReviewOptions } = {},
) {
  const state: FakeState = {
    poses: Array.from({ length: options.poses ?? 0 }, (_, i) =>
      makePose(i + 1, { labeledCount: 5 + (i % 13) }),
    ),
    project: options.project === false ? null : { path: '/p/demo', name: 'demo' },
    calls: [],
    importReport: null,
    generation: createGenerationState(),
    training: createTrainingState(),
    review: createReviewState(options.review),
    models: createModelsState(),
    nativeDialogs: false,
  };
  const hub = new EventHub();
  const dispatch = createDispatcher(
    new Proxy(handlers(state, hub) as Handlers, {
      get: (target, method: string) =>
        target[method as keyof Handlers] ??
        (async () => {
          throw new StudioError('INTERNAL', `${method} is not in the fake studio`);
        }),
    }),
  );
  const transport = createMemoryTransport(async (method, input, ctx) => {
    state.calls.push({ method, input });
    return dispatch(method, input, ctx);
  }, hub);
  const files: FileAccess = {
    upload: async (file) => ({ uploadId: 'f'.repeat(32), bytes: file.size }),
    exportUrl: (name) => `http://studio/api/exports/${name}?token=t`,
  };
  const connection: Connection = {
    mode: 'http',
    client: createClient(transport),
    files,
    mediaUrl: (path) => httpMediaUrl('http://studio', 't', path),
    connection: () => 'open',
    onConnection: () => () => undefined,
  };
  return {
    state,
    hub,
    connection,
    callsOf: (method: string) => state.calls.filter((c) => c.method === method),
    generation: generationDriver(state.generation, hub),
    training: trainingDriver(state.training, hub, state.generation),
    review: reviewDriver(state.review, hub, state.generation),
  };
}
