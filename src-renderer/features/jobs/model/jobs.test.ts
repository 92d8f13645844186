import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../src-main/contract';
import { applyJob, applyJobs, findJobByRequest, liveJobs } from './jobs';
import { makeJob } from '../../../../tests/helpers/jobs';

const job = (id: number, over: Partial<Job> = {}): Job =>
  makeJob({ id, title: `Import ${id}.json`, total: 100, createdAt: id, updatedAt: 10, ...over });

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

  it('finds the job a dialog started by the request id it echoes', () => {
    const jobs = applyJobs(new Map(), [
      job(1, { requestId: 'import-a' }),
      job(5, { requestId: 'import-b' }),
      job(6),
    ]);
    expect(findJobByRequest(jobs, 'import-b')?.id).toBe(5);
    expect(findJobByRequest(jobs, 'import-c')).toBeNull();
  });
});
