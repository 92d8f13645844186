import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../src-main/contract';
import { applyJob, applyJobs, findStartedJob, liveJobs } from './jobs';

const job = (id: number, over: Partial<Job> = {}): Job => ({
  id,
  kind: 'import',
  state: 'running',
  title: `Import ${id}.json`,
  done: 0,
  total: 100,
  unit: 'bytes',
  rate: null,
  etaSeconds: null,
  message: null,
  error: null,
  createdAt: id,
  updatedAt: 10,
  ...over,
});

describe('job map', () => {
  it('keeps the newest update of each job', () => {
    let jobs = applyJob(new Map(), job(1, { done: 50, updatedAt: 20 }));
    jobs = applyJob(jobs, job(1, { done: 10, updatedAt: 15 }));
    expect(jobs.get(1)?.done).toBe(50);
    jobs = applyJob(jobs, job(1, { state: 'done', done: 100, updatedAt: 30 }));
    expect(jobs.get(1)?.state).toBe('done');
  });

  it('lists live jobs oldest first', () => {
    const jobs = applyJobs(new Map(), [job(3), job(1, { state: 'done' }), job(2, { state: 'queued' })]);
    expect(liveJobs(jobs).map((j) => j.id)).toEqual([2, 3]);
  });

  it('finds the job a dialog started by kind and title, ignoring ones known before', () => {
    const jobs = applyJobs(new Map(), [
      job(1, { title: 'Import a.json' }),
      job(5, { title: 'Import a.json' }),
    ]);
    expect(findStartedJob(jobs, 'import', 'Import a.json', new Set([1]))?.id).toBe(5);
    expect(findStartedJob(jobs, 'import', 'Import a.json', new Set([1, 5]))).toBeNull();
    expect(findStartedJob(jobs, 'export', 'Import a.json', new Set())).toBeNull();
    expect(findStartedJob(jobs, 'import', null, new Set([5]))?.id).toBe(1);
  });
});
