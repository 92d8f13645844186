/**
 * @file Builds a `Studio`: the event hub, the generation engine (generators, worker pool), the
 * quality checks and their scoring pool, the project session, and the full handler table of the
 * contract, plus the few file services the shells need (uploads, export downloads, media).
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { StudioError, EventHub, createDispatcher, type Handlers } from '../../contract';
import type { Studio, StudioOptions } from '../studio';
import { describeProject, isProjectDir } from './project';
import { ProjectSession } from './session';
import { createPoseHandlers } from './poseHandlers';
import { runDoctor } from './doctor';
import { createGenerationHandlers } from './generationHandlers';
import { createTrainHandlers } from './trainHandlers';
import { createQualityHandlers } from './qualityHandlers';
import { createReviewHandlers } from './reviewHandlers';
import { createPoseEditHandlers } from './poseEditHandlers';
import { createModelHandlers } from './modelHandlers';
import { createQualityCatalog, type QualityCatalog } from './qualityChecks';
import { createQualityEngine } from './qualityRunner';
import { createGenerationEngine } from './generationEngine';
import { samplePrompt } from '../generate/prompt';
import { randomId, resolveInside } from './files';
import { STUDIO_VERSION } from './version';

const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

function createHandlers(
  session: ProjectSession,
  hub: EventHub,
  options: StudioOptions,
  now: () => number,
  quality: QualityCatalog,
): Handlers {
  return {
    'app.info': async () => ({
      version: STUDIO_VERSION,
      transport: options.transport,
      nativeDialogs: options.pickPath !== undefined,
      project: session.current ? describeProject(session.current.project) : null,
    }),
    'project.open': async ({ path, create }) => {
      const open = await session.open(path, create && !isProjectDir(path));
      return describeProject(open.project);
    },
    'project.create': async ({ path }) => describeProject((await session.open(path, true)).project),
    'project.close': async () => ({ closed: await session.close() }),
    'app.pickPath': async ({ purpose }) => ({
      path: options.pickPath ? await options.pickPath(purpose) : null,
    }),
    ...createPoseHandlers(session, hub, now),
    ...createGenerationHandlers(session, hub, now),
    ...createTrainHandlers(session, hub, now),
    ...createQualityHandlers(session, hub, now, quality),
    ...createReviewHandlers(session, hub, now, quality),
    ...createPoseEditHandlers(session, hub, now),
    ...createModelHandlers(session, hub, now),
    'jobs.list': async ({ limit }) => ({ items: session.require().jobs.list(limit) }),
    'jobs.cancel': async ({ id }) => ({ cancelled: await session.require().jobs.cancel(id) }),
    'doctor.check': async ({ repair }) => {
      const open = session.require();
      return open.lock.runExclusive(() =>
        runDoctor(open.project, repair, { running: open.jobs.liveIds(), expected: open.jobs.accountedIds() }),
      );
    },
  };
}

async function saveUpload(session: ProjectSession, body: Readable, fileName: string) {
  const open = session.require();
  if (fileName.trim().length === 0) throw new StudioError('INVALID_INPUT', 'an upload needs a file name');
  const uploadId = randomId();
  const target = join(open.project.folder('tmp/uploads'), uploadId);
  let bytes = 0;
  body.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > MAX_UPLOAD_BYTES) body.destroy(new StudioError('INVALID_INPUT', 'upload larger than 4 GiB'));
  });
  try {
    await pipeline(body, createWriteStream(target, { flags: 'wx' }));
  } catch (error) {
    await rm(target, { force: true });
    if (error instanceof StudioError) throw error;
    throw new StudioError('IO_ERROR', `upload of ${fileName} failed: ${(error as Error).message}`);
  }
  return { uploadId, bytes };
}

export async function createStudio(options: StudioOptions): Promise<Studio> {
  const hub = new EventHub();
  const now = () => Date.now();
  const engine = await createGenerationEngine({
    generatorModules: options.generatorModules,
    workers: options.workers,
  });
  const quality = createQualityCatalog();
  const scoring = createQualityEngine({ scorerModule: options.scorerModule, workers: options.workers });
  const session = new ProjectSession(hub, now, {
    engine,
    samplePrompt,
    resumeJobs: options.resumeJobs,
    quality: { engine: scoring, catalog: quality },
  });
  if (options.projectDir !== undefined) {
    try {
      await session.open(options.projectDir, options.create === true && !isProjectDir(options.projectDir));
    } catch (error) {
      await Promise.all([engine.close(), scoring.close()]);
      throw error;
    }
  }
  const handlers = createHandlers(session, hub, options, now, quality);
  const dispatch = createDispatcher(handlers, {
    validateOutput: options.validateOutput ?? false,
    onInternalError: (method, error) => console.error(`[pose-studio] ${method} failed:`, error),
  });
  return {
    handlers,
    dispatch,
    hub,
    saveUpload: (body, fileName) => saveUpload(session, body, fileName),
    resolveExport: (name) => {
      const open = session.current;
      return open ? resolveInside(open.project.folder('exports'), name) : null;
    },
    resolveMedia: (relativePath) => {
      const open = session.current;
      return open ? resolveInside(open.project.folder('media'), relativePath) : null;
    },
    close: async () => {
      await session.close();
      // After the session: its jobs had to stop (items in flight committed) before workers go.
      await Promise.all([engine.close(), scoring.close()]);
    },
  };
}
