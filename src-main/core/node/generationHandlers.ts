/**
 * @file Handlers for generation: `generators.list`, `generate.start` (validate, freeze the pose set,
 * queue the job, answer at once), `generate.runs`, `variants.list`, and `jobs.pause` / `jobs.resume`;
 * plus the job runner the session registers for the `generate` kind.
 */
import {
  StudioError,
  type EventHub,
  type GenerateRequest,
  type GenerationRun,
  type Handlers,
} from '../../contract';
import { createRun, freezeRunPoses, getRun, listRuns, toRunDto } from '../catalog/node/generationRepo';
import { listVariants } from '../catalog/node/variantsRepo';
import { setJobPlan } from '../jobs/node/jobRows';
import { GENERATE_KIND } from './generationRunner';
import type { OpenProject, ProjectSession } from './session';

type GenerationHandlers = Pick<
  Handlers,
  'generators.list' | 'generate.start' | 'generate.runs' | 'variants.list' | 'jobs.pause' | 'jobs.resume'
>;

function describeSelection(request: GenerateRequest): string {
  const { poses } = request;
  if (poses.ids !== undefined) return `the ${poses.ids.length} selected poses`;
  if (poses.tags !== undefined && poses.tags.length > 0) return `poses tagged ${poses.tags.join(' + ')}`;
  return Object.keys(poses).length === 0 ? 'the library' : 'the filter';
}

/** Validate, freeze the run's poses and queue its job in one transaction; returns the queued run. */
async function startGeneration(
  open: OpenProject,
  request: GenerateRequest,
  hub: EventHub,
  now: () => number,
): Promise<GenerationRun> {
  const generator = open.engine.catalog.require(request.generator);
  // Stored with defaults filled in, so a resumed run (or a later version) makes the same thing.
  const stored: GenerateRequest = {
    ...request,
    options: open.engine.catalog.prepareOptions(generator, request, open.project.catalog.reader),
  };
  const db = open.project.catalog.writer;
  const runId = await open.lock.runExclusive(() =>
    db
      .transaction(() => {
        const job = open.jobs.createQueued({
          kind: GENERATE_KIND,
          title: 'Generate',
          params: stored,
          unit: 'variants',
        });
        const id = createRun(db, { jobId: job.id, request: stored }, now());
        const poseCount = freezeRunPoses(db, id, request.poses);
        if (poseCount === 0) {
          throw new StudioError(
            'INVALID_INPUT',
            `no poses to generate from: ${describeSelection(request)} has none`,
            {
              field: 'poses',
            },
          );
        }
        const total = poseCount * request.variantsPerPose;
        const title = `Generate ${total} variants of ${poseCount} poses (${generator.name})`;
        setJobPlan(db, job.id, title, total);
        return id;
      })
      .immediate(),
  );
  const run = getRun(open.project.catalog.reader, runId)!;
  open.jobs.schedule(run.jobId);
  hub.emit('catalog.changed', { entity: 'runs', reason: 'started' });
  return toRunDto(run, 'queued', { done: 0, failed: 0 });
}

export function createGenerationHandlers(
  session: ProjectSession,
  hub: EventHub,
  now: () => number,
): GenerationHandlers {
  return {
    'generators.list': async () => ({
      items: session.engine.catalog.list(session.current?.project.catalog.reader ?? null),
    }),
    'generate.start': async (request) => startGeneration(session.require(), request, hub, now),
    'generate.runs': async ({ limit }) => {
      const open = session.require();
      const live = open.jobs.liveIds();
      const runs = listRuns(open.project.catalog.reader, limit);
      // A running job's row lags its live state (paused/queued are shown at once).
      return {
        items: runs.map((run) =>
          live.has(run.jobId) ? { ...run, state: open.jobs.get(run.jobId).state } : run,
        ),
      };
    },
    'variants.list': async ({ filter, offset, limit, newestFirst }) =>
      listVariants(session.require().project.catalog.reader, filter, offset, limit, newestFirst),
    'jobs.pause': async ({ id }) => ({ paused: await session.require().jobs.pause(id) }),
    'jobs.resume': async ({ id }) => ({ resumed: await session.require().jobs.resume(id) }),
  };
}
