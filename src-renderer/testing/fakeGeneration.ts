/**
 * @file The generation half of the fake studio (component tests only): two generators (the
 * mannequin, and an SD one that is unavailable until a test says otherwise, with the real options
 * schema's shape), `generate.start` / `generate.runs`, `variants.list`,
 * `jobs.list/pause/resume/cancel`, and a driver the tests call to make a run progress: `produce`
 * commits variants (deterministic ids, seeds, prompts and media paths) and emits `jobs.progress`
 * and `variants.created` as the studio does; `fail` records failed items.
 */
import {
  StudioError,
  type EventHub,
  type GenerationRun,
  type GeneratorInfo,
  type Handlers,
  type Job,
  type Keypoint,
  type PoseFilter,
  type Variant,
} from '../../src-main/contract';

export const FAKE_GENERATORS: GeneratorInfo[] = [
  {
    id: 'mannequin',
    name: 'Mannequin',
    description: 'A procedural clothed figure drawn on the skeleton; no weights needed.',
    optionsSchema: {
      type: 'object',
      properties: {
        background: { type: 'string', enum: ['gradient', 'texture', 'scene'], default: 'scene' },
        faceDefectRate: {
          type: 'number',
          minimum: 0,
          maximum: 1,
          default: 0,
          description: 'Share of faces spoiled',
        },
        hats: { type: 'boolean', default: true },
      },
      required: ['background', 'faceDefectRate', 'hats'],
    },
    available: true,
    unavailableReason: null,
  },
  {
    id: 'sd-controlnet',
    name: 'SD 1.5 + ControlNet',
    description: 'Stable Diffusion 1.5 with ControlNet-OpenPose from your model folders.',
    // What the real studio lists (z.toJSONSchema of SdOptionsSchema, descriptions shortened).
    optionsSchema: {
      type: 'object',
      properties: {
        modelId: { 'x-studio': 'model', title: 'Model', type: 'integer', exclusiveMinimum: 0 },
        negativePrompt: { default: '', title: 'Negative prompt', type: 'string', maxLength: 2000 },
        steps: { default: 20, type: 'integer', minimum: 1, maximum: 150 },
        guidance: { default: 7.5, type: 'number', minimum: 0, maximum: 30 },
        scheduler: { default: 'euler-a', type: 'string', enum: ['ddim', 'euler-a', 'lcm'] },
        controlnetScale: { default: 1, title: 'ControlNet scale', type: 'number', minimum: 0, maximum: 2 },
      },
    },
    available: false,
    unavailableReason: 'no model folder registered (Models page)',
  },
];

export type FakeGenerationState = {
  generators: GeneratorInfo[];
  runs: GenerationRun[];
  /** Pose ids of each run, in item order. */
  runPoses: Map<number, number[]>;
  variants: Variant[];
  jobs: Map<number, Job>;
  /** Monotonic clock for createdAt / updatedAt. */
  clock: number;
};

export function createGenerationState(): FakeGenerationState {
  return {
    generators: FAKE_GENERATORS,
    runs: [],
    runPoses: new Map(),
    variants: [],
    jobs: new Map(),
    clock: 1000,
  };
}

const keypoints: Keypoint[] = Array.from({ length: 17 }, (_, i): Keypoint => [
  20 + i * 4,
  30 + i * 9,
  i % 5 === 0 ? 1 : 2,
]);

function tick(state: FakeGenerationState): number {
  state.clock += 1;
  return state.clock;
}

function runOf(state: FakeGenerationState, id: number): GenerationRun {
  const run = state.runs.find((candidate) => candidate.id === id);
  if (run === undefined) throw new StudioError('NOT_FOUND', `no run ${id}`);
  return run;
}

function jobOf(state: FakeGenerationState, id: number): Job {
  const job = state.jobs.get(id);
  if (job === undefined) throw new StudioError('NOT_FOUND', `no job ${id}`);
  return job;
}

/** Set a job's state and progress, mirror it on its run, and emit jobs.progress. */
function update(state: FakeGenerationState, hub: EventHub, job: Job, patch: Partial<Job>): Job {
  const next: Job = { ...job, ...patch, updatedAt: tick(state) };
  state.jobs.set(job.id, next);
  const run = state.runs.find((candidate) => candidate.jobId === job.id);
  if (run !== undefined) run.state = next.state;
  hub.emit('jobs.progress', next);
  return next;
}

function makeVariant(state: FakeGenerationState, run: GenerationRun, item: number, poseId: number): Variant {
  const id = state.variants.length + 1;
  const index = item % run.request.variantsPerPose;
  const seed = run.request.seed + item;
  const hex = id.toString(16).padStart(4, '0');
  return {
    ...{ id, runId: run.id, poseId, index, generator: run.generator, seed },
    prompt: `${run.request.promptTemplate || 'a person'} #${id}`,
    ...{ width: run.request.width, height: run.request.height, keypoints },
    params: { generator: run.generator, version: 1, options: run.request.options },
    media: {
      rgb: `${hex.slice(0, 2)}/${hex}.png`,
      thumb: `${hex.slice(0, 2)}/${hex}.webp`,
      depth: `${hex.slice(0, 2)}/${hex}-depth.png`,
      parts: index === 1 ? null : `${hex.slice(0, 2)}/${hex}-parts.png`,
      // SD variants keep the condition map the ControlNet saw, as the studio stores it.
      condition: run.generator === 'sd-controlnet' ? `${hex.slice(0, 2)}/${hex}-condition.png` : null,
    },
    attributes: {
      identity: `person-${seed}`,
      shirt: index % 2 === 0 ? 'red striped' : 'blue plain',
      hat: index === 0,
    },
    faceDefect: index === 0 ? 'blurred' : null,
    status: 'new',
    reason: null,
    createdAt: tick(state),
  };
}

export function generationHandlers(
  state: FakeGenerationState,
  hub: EventHub,
  matchingIds: (filter: PoseFilter) => number[],
): Partial<Handlers> {
  const control = (id: number, from: ReadonlyArray<Job['state']>, to: Job['state']) => {
    const job = jobOf(state, id);
    if (!from.includes(job.state)) return false;
    update(state, hub, job, { state: to, rate: null, etaSeconds: null });
    return true;
  };
  return {
    'generators.list': async () => ({ items: state.generators }),
    'generate.start': async (request) => {
      const generator = state.generators.find((candidate) => candidate.id === request.generator);
      if (generator === undefined) throw new StudioError('NOT_FOUND', `no generator ${request.generator}`);
      if (!generator.available)
        throw new StudioError('INVALID_INPUT', generator.unavailableReason ?? 'unavailable');
      const ids = matchingIds(request.poses);
      if (ids.length === 0) throw new StudioError('INVALID_INPUT', 'no pose matches');
      const jobId = 100 + state.jobs.size + 1;
      const total = ids.length * request.variantsPerPose;
      const createdAt = tick(state);
      const run: GenerationRun = {
        ...{ id: state.runs.length + 1, jobId, state: 'queued', generator: generator.id, request },
        ...{ poseCount: ids.length, total, done: 0, failed: 0, createdAt },
      };
      state.runs.push(run);
      state.runPoses.set(run.id, ids);
      const job: Job = {
        ...{
          id: jobId,
          kind: 'generate',
          requestId: null,
          state: 'queued',
          title: `Generate run #${run.id}`,
        },
        ...{ done: 0, total, unit: 'variants', rate: null, etaSeconds: null, message: null, error: null },
        ...{ createdAt, updatedAt: createdAt },
      };
      state.jobs.set(jobId, job);
      hub.emit('jobs.progress', job);
      hub.emit('catalog.changed', { entity: 'runs', reason: 'generate.start' });
      return { ...run };
    },
    'generate.runs': async ({ limit }) => ({
      items: [...state.runs]
        .sort((a, b) => b.id - a.id)
        .slice(0, limit)
        .map((run) => ({ ...run })),
    }),
    'variants.list': async ({ filter, offset, limit, newestFirst }) => {
      const matching = state.variants
        .filter((v) => filter.runId === undefined || v.runId === filter.runId)
        .filter((v) => filter.poseId === undefined || v.poseId === filter.poseId)
        .filter((v) => filter.status === undefined || v.status === filter.status)
        .sort((a, b) => (newestFirst ? b.id - a.id : a.id - b.id));
      return { items: matching.slice(offset, offset + limit), total: matching.length };
    },
    'jobs.list': async ({ limit }) => ({
      items: [...state.jobs.values()].sort((a, b) => b.id - a.id).slice(0, limit),
    }),
    'jobs.pause': async ({ id }) => ({ paused: control(id, ['queued', 'running'], 'paused') }),
    'jobs.resume': async ({ id }) => ({ resumed: control(id, ['paused'], 'running') }),
    'jobs.cancel': async ({ id }) => ({
      cancelled: control(id, ['queued', 'running', 'paused'], 'cancelled'),
    }),
  };
}

/** What the tests call to move a fake run along. */
export function generationDriver(state: FakeGenerationState, hub: EventHub) {
  return {
    /** Commit the run's next `count` variants (one batch), as a worker would. */
    produce(runId: number, count: number): Variant[] {
      const run = runOf(state, runId);
      const poses = state.runPoses.get(runId) ?? [];
      const made: Variant[] = [];
      for (let n = 0; n < count && run.done + run.failed < run.total; n += 1) {
        const item = run.done + run.failed;
        const variant = makeVariant(state, run, item, poses[Math.floor(item / run.request.variantsPerPose)]!);
        state.variants.push(variant);
        made.push(variant);
        run.done += 1;
      }
      const finished = run.done + run.failed >= run.total;
      const remaining = run.total - run.done - run.failed;
      update(state, hub, jobOf(state, run.jobId), {
        state: finished ? 'done' : 'running',
        done: run.done + run.failed,
        rate: finished ? null : 4,
        etaSeconds: finished ? null : remaining / 4,
      });
      const last = made[made.length - 1];
      if (last !== undefined) hub.emit('variants.created', { runId, count: made.length, lastId: last.id });
      return made;
    },
    /** Record `count` failed items (the job goes on). */
    fail(runId: number, count: number): void {
      const run = runOf(state, runId);
      run.failed += count;
      const job = jobOf(state, run.jobId);
      update(state, hub, job, { done: run.done + run.failed });
      hub.emit('catalog.changed', { entity: 'runs', reason: 'item failed' });
    },
  };
}
