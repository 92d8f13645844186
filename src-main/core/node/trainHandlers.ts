/**
 * @file Handlers of pre-training: `train.dataset` (what a run would train on), `train.start`
 * (validate, freeze the dataset into the run folder, queue the job), `train.runs`, `train.get`,
 * `train.eval` / `train.evals`, `train.export`. What trains is the accepted set, decided in the
 * review grid (reviewHandlers.ts). Runs are persisted jobs; their runners live in trainRunner.ts.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  StudioError,
  type Checkpoint,
  type EventHub,
  type Handlers,
  type TrainRequest,
  type TrainRun,
} from '../../contract';
import {
  createTrainRun,
  getTrainRun,
  listEvals,
  listTrainRuns,
  metricSeries,
  toTrainRunDto,
  type TrainRunRow,
} from '../catalog/node/trainRepo';
import { setJobPlan } from '../jobs/node/jobRows';
import { ModelConfigError, defaultGroupBy, resolveVitConfig, samplerBatch } from '../train/modelConfig';
import { listCheckpoints } from '../train/node/checkpoint';
import { writeFrozenDataset } from '../train/node/datasetFile';
import type { OpenProject, ProjectSession } from './session';
import { freezeDataset, readDatasetSamples, readSummarySamples, summarizeDataset } from './trainDataset';
import { checkpointStep, exportEncoder } from './trainExport';
import { EVAL_KIND, TRAIN_KIND, trainRunDir, type EvalParams } from './trainRunner';

type TrainHandlers = Pick<
  Handlers,
  'train.dataset' | 'train.start' | 'train.runs' | 'train.get' | 'train.eval' | 'train.evals' | 'train.export'
>;

function datasetPlan(
  open: OpenProject,
  recipe: TrainRequest['recipe']['recipe'],
  request: Pick<TrainRequest, 'dataset' | 'batch' | 'seed'>,
  read: typeof readDatasetSamples = readDatasetSamples,
) {
  const samples = read(open.project.catalog.reader, request.dataset);
  const groupBy = request.dataset.groupBy ?? defaultGroupBy(recipe);
  const frozen = freezeDataset(samples, groupBy, request.dataset.evalFraction, request.seed);
  const batch = samplerBatch({ recipe: { recipe } as TrainRequest['recipe'], batch: request.batch });
  const summary = summarizeDataset(frozen, recipe, batch, request.batch, request.dataset.includeUnreviewed);
  return { frozen, summary };
}

function checkRequest(request: TrainRequest): void {
  try {
    resolveVitConfig(request.model, request.recipe.recipe);
  } catch (error) {
    if (error instanceof ModelConfigError)
      throw new StudioError('INVALID_INPUT', error.message, { field: 'model' });
    throw error;
  }
  if (request.recipe.recipe !== 'simclr' && request.batch.members < 2) {
    throw new StudioError(
      'INVALID_INPUT',
      `${request.recipe.recipe} needs at least 2 members per group (the positives)`,
      { field: 'batch.members' },
    );
  }
}

async function startTraining(open: OpenProject, request: TrainRequest, hub: EventHub, now: number) {
  checkRequest(request);
  const { frozen, summary } = datasetPlan(open, request.recipe.recipe, request);
  if (summary.problems.length > 0) {
    throw new StudioError('INVALID_INPUT', summary.problems.join('; '), { field: 'dataset' });
  }
  const db = open.project.catalog.writer;
  const { runId, jobId } = await open.lock.runExclusive(() =>
    db
      .transaction(() => {
        const job = open.jobs.createQueued({ kind: TRAIN_KIND, title: 'Train', params: {}, unit: 'steps' });
        const id = createTrainRun(
          db,
          { jobId: job.id, request, trainCount: frozen.train.length, evalCount: frozen.eval.length },
          now,
        );
        const label = request.name || `run ${id}`;
        setJobPlan(
          db,
          job.id,
          `Train ${request.recipe.recipe} (${label}), ${request.steps} steps`,
          request.steps,
        );
        return { runId: id, jobId: job.id };
      })
      .immediate(),
  );
  const runDir = trainRunDir(open.project, runId);
  try {
    mkdirSync(runDir, { recursive: true });
    await writeFrozenDataset(runDir, frozen);
  } catch (error) {
    // Nothing half made: drop the rows (the job row cascades to the run) and the folder.
    await open.lock.runExclusive(() => db.prepare('DELETE FROM jobs WHERE id = ?').run(jobId));
    rmSync(runDir, { recursive: true, force: true });
    throw new StudioError(
      'IO_ERROR',
      `cannot write the run's dataset in ${runDir}: ${(error as Error).message}`,
    );
  }
  open.jobs.schedule(jobId);
  hub.emit('catalog.changed', { entity: 'trainRuns', reason: 'started' });
  return runId;
}

function liveRun(open: OpenProject, row: TrainRunRow): TrainRun {
  const dto = toTrainRunDto(row);
  // A running job's row lags its live state (paused/queued are shown at once).
  return open.jobs.liveIds().has(row.job_id) ? { ...dto, state: open.jobs.get(row.job_id).state } : dto;
}

function requireRun(open: OpenProject, id: number): TrainRunRow {
  const row = getTrainRun(open.project.catalog.reader, id);
  if (!row) throw new StudioError('NOT_FOUND', `training run ${id} does not exist`, { id });
  return row;
}

async function checkpointsOf(open: OpenProject, runId: number): Promise<Checkpoint[]> {
  const found = await listCheckpoints(trainRunDir(open.project, runId));
  const out: Checkpoint[] = [];
  for (const c of found) {
    const info = await stat(c.path).catch(() => null);
    if (info) out.push({ step: c.step, bytes: c.bytes, createdAt: Math.round(info.mtimeMs) });
  }
  return out;
}

async function queueEval(open: OpenProject, row: TrainRunRow, step: number | undefined, hub: EventHub) {
  if (row.eval_count === 0) {
    throw new StudioError('INVALID_INPUT', `training run ${row.id} holds out no variants to evaluate on`, {
      field: 'dataset.evalFraction',
    });
  }
  const at = await checkpointStep(trainRunDir(open.project, row.id), row.id, step);
  const params: EvalParams = { runId: row.id, step: at };
  const job = await open.lock.runExclusive(() =>
    open.jobs.createQueued({
      kind: EVAL_KIND,
      title: `Evaluate run ${row.id} at step ${at}`,
      params,
      unit: 'images',
    }),
  );
  open.jobs.schedule(job.id);
  hub.emit('catalog.changed', { entity: 'evals', reason: 'queued' });
  return { jobId: job.id };
}

export function createTrainHandlers(
  session: ProjectSession,
  hub: EventHub,
  now: () => number,
): TrainHandlers {
  return {
    'train.dataset': async ({ recipe, dataset, batch, seed }) =>
      datasetPlan(session.require(), recipe, { dataset, batch, seed }, readSummarySamples).summary,
    'train.start': async (request) => {
      const open = session.require();
      const id = await startTraining(open, request, hub, now());
      return liveRun(open, requireRun(open, id));
    },
    'train.runs': async ({ limit }) => {
      const open = session.require();
      return { items: listTrainRuns(open.project.catalog.reader, limit).map((row) => liveRun(open, row)) };
    },
    'train.get': async ({ id, maxPoints }) => {
      const open = session.require();
      const row = requireRun(open, id);
      const db = open.project.catalog.reader;
      return {
        run: liveRun(open, row),
        metrics: metricSeries(db, id, maxPoints),
        checkpoints: await checkpointsOf(open, id),
        evals: listEvals(db, [id]),
      };
    },
    'train.eval': async ({ id, step }) => {
      const open = session.require();
      return queueEval(open, requireRun(open, id), step, hub);
    },
    'train.evals': async ({ runIds }) => ({
      items: listEvals(session.require().project.catalog.reader, runIds),
    }),
    'train.export': async ({ id, step, format }) => {
      const open = session.require();
      return exportEncoder(open.project, requireRun(open, id), format, step);
    },
  };
}
