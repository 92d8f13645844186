import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../src-main/contract';
import { followedJob, isScoringJob, scoringView } from './scoring';

function job(id: number, patch: Partial<Job> = {}): Job {
  return {
    ...{ id, kind: 'quality-score', requestId: null, state: 'running', title: 'Score', done: 40, total: 100 },
    ...{
      unit: 'variants',
      rate: 20,
      etaSeconds: 3,
      message: null,
      error: null,
      createdAt: id,
      updatedAt: id,
    },
    ...patch,
  };
}

describe('scoring job view', () => {
  it('follows the started job, else the newest live scoring job', () => {
    const jobs = new Map([
      [1, job(1)],
      [2, job(2, { state: 'done' })],
      [3, job(3, { kind: 'generate' })],
      [4, job(4, { state: 'paused' })],
    ]);
    expect(followedJob(jobs, 2)?.id).toBe(2);
    expect(followedJob(jobs, null)?.id).toBe(4);
    expect(followedJob(new Map([[3, job(3, { kind: 'generate' })]]), null)).toBeUndefined();
    expect(isScoringJob({ kind: 'score' })).toBe(true);
    expect(isScoringJob({ kind: 'import' })).toBe(false);
  });

  it('describes progress and enables the controls by state', () => {
    const running = scoringView(job(1));
    expect(running).toMatchObject({
      fraction: 0.4,
      live: true,
      canPause: true,
      canResume: false,
      canCancel: true,
    });
    expect(running.detail).toBe('Scoring: 40% · 40 variants of 100 variants · 20 variants/s · 3 s left');
    const paused = scoringView(job(1, { state: 'paused' }));
    expect(paused).toMatchObject({ canPause: false, canResume: true, canCancel: true });
    const done = scoringView(job(1, { state: 'done', done: 100, rate: null, etaSeconds: null }));
    expect(done).toMatchObject({ live: false, canCancel: false, detail: 'Scored 100 variants' });
    expect(scoringView(job(1, { state: 'failed', error: 'no model' })).detail).toBe(
      'Scoring failed: no model',
    );
  });
});
