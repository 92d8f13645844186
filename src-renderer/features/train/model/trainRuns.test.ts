import { describe, expect, it } from 'vitest';
import type { Job, TrainRun } from '../../../../src-main/contract';
import { evalStatus, formatMetric, pickTrainRun, trainRunTitle, trainRunView } from './trainRuns';

const run = (patch: Partial<TrainRun> = {}): TrainRun =>
  ({
    id: 3,
    jobId: 30,
    name: '',
    state: 'queued',
    recipe: 'genpoccl',
    step: 0,
    steps: 500,
    createdAt: 1,
    ...patch,
  }) as TrainRun;

const job = (patch: Partial<Job> = {}): Job => ({
  ...{ id: 30, kind: 'train', requestId: null, state: 'running', title: 't', done: 100, total: 500 },
  ...{ unit: 'steps', rate: 2, etaSeconds: 200, message: null, error: null, createdAt: 1, updatedAt: 2 },
  ...patch,
});

describe('training run view', () => {
  it('takes state, step, rate and ETA from the run’s job while it runs', () => {
    const view = trainRunView(run({ step: 40 }), job());
    expect(view).toMatchObject({ state: 'running', step: 100, steps: 500, fraction: 0.2 });
    expect(view.progress).toBe('100 of 500 steps');
    expect(view.eta).toBe('2.0 steps/s · 3 min 20 s left');
    expect([view.canPause, view.canResume, view.canCancel]).toEqual([true, false, true]);
  });

  it('falls back to the run row without its job, and offers what the state allows', () => {
    const paused = trainRunView(run({ state: 'paused', step: 120 }), undefined);
    expect([paused.state, paused.step, paused.eta]).toEqual(['paused', 120, '']);
    expect([paused.canPause, paused.canResume, paused.canCancel]).toEqual([false, true, true]);
    const other = trainRunView(run({ state: 'done', step: 500 }), job({ id: 99, state: 'running' }));
    expect(other.state).toBe('done');
    expect([other.canPause, other.canResume, other.canCancel]).toEqual([false, false, false]);
    expect(trainRunView(run(), job({ state: 'paused' })).eta).toBe('');
  });

  it('picks the selected run, else the newest', () => {
    const runs = [run({ id: 1, createdAt: 1 }), run({ id: 2, createdAt: 5 })];
    expect(pickTrainRun(runs, 1)?.id).toBe(1);
    expect(pickTrainRun(runs, 7)?.id).toBe(2);
    expect(pickTrainRun([], null)).toBeNull();
  });

  it('names runs and formats figures', () => {
    expect(trainRunTitle(run())).toBe('Run #3 · GenPoCCL');
    expect(trainRunTitle(run({ name: 'night', recipe: 'stablerep' }))).toBe('Run #3 · night · StableRep');
    expect([
      formatMetric(1.234567),
      formatMetric(null),
      formatMetric(Number.NaN),
      formatMetric(61.83, 3),
    ]).toEqual(['1.235', '–', '–', '61.8']);
  });

  it('describes the evaluation job', () => {
    expect(evalStatus(undefined)).toBe('Evaluation queued');
    expect(evalStatus(job({ unit: 'probes', done: 2, total: 4, etaSeconds: 5 }))).toBe(
      'Evaluating: 2 of 4 probes · 5 s left',
    );
    expect(evalStatus(job({ state: 'done' }))).toBe('Evaluation done');
    expect(evalStatus(job({ state: 'failed', error: 'no held-out poses' }))).toBe(
      'Evaluation failed: no held-out poses',
    );
  });
});
