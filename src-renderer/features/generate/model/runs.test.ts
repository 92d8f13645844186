import { describe, expect, it } from 'vitest';
import type { GenerationRun, Job } from '../../../../src-main/contract';
import { changesRunState, newestFirst, pickRun, runTitle, runView } from './runs';

const run = (over: Partial<GenerationRun> = {}): GenerationRun => ({
  id: 1,
  jobId: 10,
  state: 'queued',
  generator: 'mannequin',
  request: {
    poses: {},
    variantsPerPose: 5,
    generator: 'mannequin',
    width: 256,
    height: 256,
    promptTemplate: '',
    seedMode: 'increment',
    seed: 0,
    options: {},
  },
  poseCount: 12,
  total: 60,
  done: 0,
  failed: 0,
  createdAt: 1000,
  ...over,
});

const job = (over: Partial<Job> = {}): Job => ({
  id: 10,
  kind: 'generate',
  requestId: null,
  state: 'running',
  title: 'Generate',
  done: 30,
  total: 60,
  unit: 'variants',
  rate: 12,
  etaSeconds: 2.4,
  message: null,
  error: null,
  createdAt: 1000,
  updatedAt: 2000,
  ...over,
});

describe('run views', () => {
  it('takes the live state, progress, rate and ETA from the job and failures from the run', () => {
    const view = runView(run({ failed: 2, done: 20 }), job());
    expect(view).toMatchObject({ state: 'running', done: 30, total: 60, failed: 2, fraction: 0.5 });
    expect(view.detail).toBe('30 of 60 items · 12 variants/s · 2 s left · 2 failed');
    expect(view).toMatchObject({ canPause: true, canResume: false, canCancel: true });
  });

  it('falls back to the run without a job, and enables controls by state', () => {
    const queued = runView(run(), undefined);
    expect(queued).toMatchObject({
      state: 'queued',
      done: 0,
      canPause: true,
      canResume: false,
      canCancel: true,
    });
    expect(queued.detail).toBe('0 of 60 items');
    const paused = runView(run(), job({ state: 'paused' }));
    expect(paused).toMatchObject({ canPause: false, canResume: true, canCancel: true });
    expect(paused.detail).toBe('30 of 60 items');
    const done = runView(run({ state: 'done', done: 60 }), undefined);
    expect(done).toMatchObject({ fraction: 1, canPause: false, canResume: false, canCancel: false });
    expect(runView(run({ total: 0 }), undefined).fraction).toBeNull();
    expect(runView(run(), job({ id: 99, state: 'done' })).state).toBe('queued');
  });

  it('orders newest first and picks the selected or newest run', () => {
    const runs = [run({ id: 1, createdAt: 1 }), run({ id: 3, createdAt: 3 }), run({ id: 2, createdAt: 2 })];
    expect(newestFirst(runs).map((r) => r.id)).toEqual([3, 2, 1]);
    expect(pickRun(runs, 2)?.id).toBe(2);
    expect(pickRun(runs, 42)?.id).toBe(3);
    expect(pickRun([], null)).toBeNull();
  });

  it('notices job events that change a run state', () => {
    const runs = [run({ state: 'running' })];
    expect(changesRunState(runs, job({ state: 'running' }))).toBe(false);
    expect(changesRunState(runs, job({ state: 'done' }))).toBe(true);
    expect(changesRunState(runs, job({ id: 5, state: 'done' }))).toBe(false);
    expect(runTitle(run())).toBe('Run #1 · mannequin · 12 poses × 5');
  });
});
