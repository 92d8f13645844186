/**
 * @file The training half of the fake studio (component tests only): `train.dataset` (a summary
 * computed from a small fixed catalog, with the sampler's "not enough groups" problem and any the
 * test sets), `train.start/runs/get/eval/evals/export`, all validated by the real dispatcher. Jobs
 * live in the generation fake's job map, so `jobs.pause/resume/cancel` there control training
 * runs too; a run's state is read from its job. The driver moves a run along as the trainer would:
 * `advance` emits `train.metrics` and `jobs.progress`, `checkpoint` saves one, `finishEval`
 * records probe results.
 */
import {
  StudioError,
  type Checkpoint,
  type EvalResult,
  type EventHub,
  type Handlers,
  type Job,
  type MetricPoint,
  type ProbeResults,
  type TrainRun,
} from '../../src-main/contract';

export type FakeDataset = {
  accepted: number;
  unreviewed: number;
  poses: number;
  prompts: number;
  identities: number;
  /** Problems reported on top of the computed ones. */
  problems: string[];
};

export type FakeTrainingState = {
  runs: TrainRun[];
  metrics: Map<number, MetricPoint[]>;
  checkpoints: Map<number, Checkpoint[]>;
  evals: EvalResult[];
  /** Evaluation jobs: which run and checkpoint each scores. */
  evalJobs: Map<number, { runId: number; step: number }>;
  dataset: FakeDataset;
};

export function createTrainingState(): FakeTrainingState {
  return {
    ...{ runs: [], metrics: new Map(), checkpoints: new Map(), evals: [], evalJobs: new Map() },
    dataset: { accepted: 120, unreviewed: 30, poses: 24, prompts: 6, identities: 40, problems: [] },
  };
}

/**
 * The job map and clock shared with the generation fake: its jobs.* handlers update training jobs,
 * and the client keeps a job update only if its `updatedAt` is not older, so both fakes must tick
 * the same clock.
 */
export type SharedJobs = { jobs: Map<number, Job>; clock: number };

function tick(shared: SharedJobs): number {
  shared.clock += 1;
  return shared.clock;
}

function runOf(state: FakeTrainingState, id: number): TrainRun {
  const run = state.runs.find((candidate) => candidate.id === id);
  if (run === undefined) throw new StudioError('NOT_FOUND', `no training run ${id}`);
  return run;
}

/** The run as the studio reports it: its state is its job's. */
function reported(run: TrainRun, shared: SharedJobs): TrainRun {
  return { ...run, state: shared.jobs.get(run.jobId)?.state ?? run.state };
}

function newJob(shared: SharedJobs, patch: Pick<Job, 'kind' | 'title' | 'unit' | 'total'>): Job {
  const createdAt = tick(shared);
  const job: Job = {
    ...{ id: 100 + shared.jobs.size + 1, requestId: null, state: 'queued', done: 0, rate: null },
    ...{ etaSeconds: null, message: null, error: null, createdAt, updatedAt: createdAt, ...patch },
  };
  shared.jobs.set(job.id, job);
  return job;
}

function setJob(shared: SharedJobs, hub: EventHub, id: number, patch: Partial<Job>): Job {
  const job = shared.jobs.get(id);
  if (job === undefined) throw new StudioError('NOT_FOUND', `no job ${id}`);
  const next: Job = { ...job, ...patch, updatedAt: tick(shared) };
  shared.jobs.set(id, next);
  hub.emit('jobs.progress', next);
  return next;
}

function latestCheckpoint(state: FakeTrainingState, runId: number, step?: number): Checkpoint {
  const list = state.checkpoints.get(runId) ?? [];
  const found = step === undefined ? list[list.length - 1] : list.find((c) => c.step === step);
  if (found === undefined)
    throw new StudioError(
      'NOT_FOUND',
      `run ${runId} has no checkpoint${step === undefined ? '' : ` at step ${step}`}`,
    );
  return found;
}

/** Every k-th point (and the last) so at most `max` remain, as a server would downsample. */
function downsample(points: readonly MetricPoint[], max: number): MetricPoint[] {
  if (points.length <= max) return [...points];
  const every = Math.ceil(points.length / (max - 1));
  const kept = points.filter((_, i) => i % every === 0);
  return [...kept, points[points.length - 1]!];
}

const EXTENSIONS = { onnx: '.onnx', 'onnx-fp16': '-fp16.onnx', 'timm-safetensors': '.safetensors' } as const;

function datasetHandler(state: FakeTrainingState): Handlers['train.dataset'] {
  return async ({ recipe, dataset, batch }) => {
    const data = state.dataset;
    const groupBy = dataset.groupBy ?? (recipe === 'stablerep' ? 'prompt' : 'pose');
    const variants = data.accepted + (dataset.includeUnreviewed ? data.unreviewed : 0);
    const keys = { pose: data.poses, prompt: data.prompts, identity: data.identities }[groupBy];
    const perGroup = Math.floor(variants / keys);
    const groups = perGroup >= batch.members ? keys : 0;
    const evalVariants = Math.round(variants * dataset.evalFraction);
    const problems = [...data.problems];
    if (groups < batch.groups) {
      problems.push(
        `only ${groups} groups have at least ${batch.members} variants; a batch needs ${batch.groups}`,
      );
    }
    return {
      ...{ variants, poses: data.poses, prompts: data.prompts, identities: data.identities, groupBy, groups },
      ...{ trainVariants: variants - evalVariants, evalVariants, problems },
      batch: { ...batch, images: batch.groups * batch.members },
    };
  };
}

/** Queue a run as the studio does: refused while the dataset has problems. */
function startHandler(
  state: FakeTrainingState,
  hub: EventHub,
  shared: SharedJobs,
  dataset: Handlers['train.dataset'],
): Handlers['train.start'] {
  return async (request, ctx) => {
    const { dataset: data, batch, seed } = request;
    const summary = await dataset({ recipe: request.recipe.recipe, dataset: data, batch, seed }, ctx);
    if (summary.problems.length > 0) throw new StudioError('INVALID_INPUT', summary.problems.join('; '));
    const id = state.runs.length + 1;
    const job = newJob(shared, {
      kind: 'train',
      title: `Train run #${id}`,
      unit: 'steps',
      total: request.steps,
    });
    const run: TrainRun = {
      ...{ id, jobId: job.id, name: request.name, state: 'queued', recipe: request.recipe.recipe, request },
      ...{ step: 0, steps: request.steps, loss: null, imagesPerSec: null, error: null },
      ...{ trainCount: summary.trainVariants, evalCount: summary.evalVariants, createdAt: job.createdAt },
    };
    state.runs.push(run);
    hub.emit('jobs.progress', job);
    hub.emit('catalog.changed', { entity: 'trainRuns', reason: 'train.start' });
    return reported(run, shared);
  };
}

export function trainingHandlers(
  state: FakeTrainingState,
  hub: EventHub,
  shared: SharedJobs,
): Partial<Handlers> {
  const dataset = datasetHandler(state);
  return {
    'train.dataset': dataset,
    'train.start': startHandler(state, hub, shared, dataset),
    'train.runs': async ({ limit }) => ({
      items: [...state.runs]
        .sort((a, b) => b.id - a.id)
        .slice(0, limit)
        .map((run) => reported(run, shared)),
    }),
    'train.get': async ({ id, maxPoints }) => ({
      run: reported(runOf(state, id), shared),
      metrics: downsample(state.metrics.get(id) ?? [], maxPoints),
      checkpoints: [...(state.checkpoints.get(id) ?? [])],
      evals: state.evals.filter((result) => result.runId === id),
    }),
    'train.eval': async ({ id, step }) => {
      const checkpoint = latestCheckpoint(state, runOf(state, id).id, step);
      const job = newJob(shared, {
        kind: 'train-eval',
        title: `Evaluate run #${id}`,
        unit: 'probes',
        total: 4,
      });
      state.evalJobs.set(job.id, { runId: id, step: checkpoint.step });
      hub.emit('jobs.progress', job);
      return { jobId: job.id };
    },
    'train.evals': async ({ runIds }) => ({
      items: state.evals.filter((result) => runIds === undefined || runIds.includes(result.runId)),
    }),
    'train.export': async ({ id, step, format }) => {
      const checkpoint = latestCheckpoint(state, runOf(state, id).id, step);
      const name = `train-run${id}-step${checkpoint.step}${EXTENSIONS[format]}`;
      return { name, path: `/p/demo/exports/${name}`, bytes: 4_200_000, step: checkpoint.step };
    },
  };
}

/** A loss curve that falls with the step, deterministic so tests can assert on it. */
export function fakePoint(step: number): MetricPoint {
  return {
    step,
    loss: 4 / (1 + step / 50) + 0.5,
    lr: 5e-4 * Math.min(1, step / 20),
    gradNorm: 1,
    imagesPerSec: 60,
  };
}

/** What the tests call to move a fake training run along. */
export function trainingDriver(state: FakeTrainingState, hub: EventHub, shared: SharedJobs) {
  const checkpoint = (runId: number): Checkpoint => {
    const run = runOf(state, runId);
    const saved: Checkpoint = { step: run.step, bytes: 1_500_000, createdAt: tick(shared) };
    state.checkpoints.set(runId, [...(state.checkpoints.get(runId) ?? []), saved]);
    hub.emit('catalog.changed', { entity: 'trainRuns', reason: 'checkpoint' });
    return saved;
  };
  return {
    /** Train `count` more steps: one `train.metrics` batch and one `jobs.progress`. */
    advance(runId: number, count: number): MetricPoint[] {
      const run = runOf(state, runId);
      const points = Array.from({ length: Math.min(count, run.steps - run.step) }, (_, i) =>
        fakePoint(run.step + i + 1),
      );
      const last = points[points.length - 1];
      if (last === undefined) return [];
      state.metrics.set(runId, [...(state.metrics.get(runId) ?? []), ...points]);
      Object.assign(run, { step: last.step, loss: last.loss, imagesPerSec: last.imagesPerSec });
      const finished = run.step >= run.steps;
      hub.emit('train.metrics', { runId, points });
      setJob(shared, hub, run.jobId, {
        state: finished ? 'done' : 'running',
        done: run.step,
        rate: finished ? null : 2,
        etaSeconds: finished ? null : (run.steps - run.step) / 2,
      });
      if (finished) checkpoint(runId);
      return points;
    },
    checkpoint,
    /** Report an evaluation job's progress (probes done of 4). */
    evalProgress(jobId: number, done: number): void {
      setJob(shared, hub, jobId, { state: 'running', done, rate: 1, etaSeconds: 4 - done });
    },
    /** Finish an evaluation job with these results. */
    finishEval(jobId: number, results: ProbeResults): EvalResult {
      const target = state.evalJobs.get(jobId);
      if (target === undefined) throw new StudioError('NOT_FOUND', `no evaluation job ${jobId}`);
      const result = addEval(state, shared, target.runId, target.step, results);
      setJob(shared, hub, jobId, { state: 'done', done: 4, rate: null, etaSeconds: null });
      hub.emit('catalog.changed', { entity: 'evals', reason: 'train.eval' });
      return result;
    },
    /** Record a result directly (no job), for tables seeded before the page renders. */
    addEval: (runId: number, step: number, results: ProbeResults) =>
      addEval(state, shared, runId, step, results),
  };
}

function addEval(
  state: FakeTrainingState,
  shared: SharedJobs,
  runId: number,
  step: number,
  results: ProbeResults,
): EvalResult {
  const result: EvalResult = {
    ...{ id: state.evals.length + 1, runId, step, results },
    ...{ counts: { gallery: 30, query: 12 }, createdAt: tick(shared) },
  };
  state.evals.push(result);
  return result;
}
