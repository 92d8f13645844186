/**
 * @file The client's view of jobs, fed by `jobs.list` at start and `jobs.progress` events after:
 * a map by id where the newest update wins, and the selectors the UI needs. Pure.
 */
import type { Job, JobState } from '../../../../src-main/contract';

export type JobMap = ReadonlyMap<number, Job>;

const LIVE_STATES: ReadonlySet<JobState> = new Set(['queued', 'running', 'paused']);

export function isLive(job: Job): boolean {
  return LIVE_STATES.has(job.state);
}

/** Apply one update; an older update (by `updatedAt`) never overwrites a newer one. */
export function applyJob(jobs: JobMap, job: Job): JobMap {
  const known = jobs.get(job.id);
  if (known !== undefined && known.updatedAt > job.updatedAt) return jobs;
  const next = new Map(jobs);
  next.set(job.id, job);
  return next;
}

export function applyJobs(jobs: JobMap, list: readonly Job[]): JobMap {
  return list.reduce(applyJob, jobs);
}

/** Live jobs, oldest first. */
export function liveJobs(jobs: JobMap): Job[] {
  return [...jobs.values()].filter(isLive).sort((a, b) => a.id - b.id);
}

/** The job started by the request with this id (the studio echoes it as `requestId`). */
export function findJobByRequest(jobs: JobMap, requestId: string): Job | null {
  for (const job of jobs.values()) if (job.requestId === requestId) return job;
  return null;
}
