/**
 * @file The scoring job as the Review page shows it: which job to follow (the one this page
 * started, else the newest live scoring job, so a job started elsewhere or before a reload is
 * picked up), its progress line (done of total, rate, ETA) and which of pause / resume / cancel
 * apply. Pure.
 */
import type { Job, JobState } from '../../../../src-main/contract';
import { describeProgress, formatAmount, progressFraction } from '../../../../src-main/core/shared/format';
import { isLive, type JobMap } from '../../jobs/model/jobs';

/** Scoring jobs by kind (`quality-score`, `score`…): the studio names them after the checks. */
export function isScoringJob(job: Pick<Job, 'kind'>): boolean {
  return /score|quality/i.test(job.kind);
}

/** The job `startedId` if known, else the newest live scoring job. */
export function followedJob(jobs: JobMap, startedId: number | null): Job | undefined {
  const started = startedId === null ? undefined : jobs.get(startedId);
  if (started !== undefined) return started;
  let newest: Job | undefined;
  for (const job of jobs.values()) {
    if (isScoringJob(job) && isLive(job) && (newest === undefined || job.id > newest.id)) newest = job;
  }
  return newest;
}

export type ScoringView = {
  state: JobState;
  /** In [0, 1], null when the total is unknown. */
  fraction: number | null;
  detail: string;
  live: boolean;
  canPause: boolean;
  canResume: boolean;
  canCancel: boolean;
};

function detailOf(job: Job): string {
  switch (job.state) {
    case 'queued':
      return 'Scoring queued';
    case 'running':
      return `Scoring: ${describeProgress(job)}`;
    case 'paused':
      return `Scoring paused: ${describeProgress(job)}`;
    case 'done':
      return `Scored ${formatAmount(job.done, job.unit)}`;
    case 'failed':
      return `Scoring failed${job.error ? `: ${job.error}` : ''}`;
    case 'cancelled':
      return `Scoring cancelled: ${describeProgress(job)}`;
  }
}

export function scoringView(job: Job): ScoringView {
  return {
    state: job.state,
    fraction: progressFraction(job),
    detail: detailOf(job),
    live: isLive(job),
    canPause: job.state === 'queued' || job.state === 'running',
    canResume: job.state === 'paused',
    canCancel: isLive(job),
  };
}
