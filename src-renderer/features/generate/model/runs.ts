/**
 * @file The queue panel's view of a generation run: the run row (`generate.runs`) merged with its
 * job's live state from `jobs.progress` (state, items done, rate, ETA), the failed-item count (only
 * the run carries it), which of pause / resume / cancel apply, and one line of progress text. Pure.
 */
import type { GenerationRun, Job, JobState } from '../../../../src-main/contract';
import { formatCount, formatEta, formatRate } from '../../../../src-main/core/shared/format';

export type RunView = {
  run: GenerationRun;
  state: JobState;
  /** Items processed (variants made plus failed items). */
  done: number;
  total: number;
  failed: number;
  /** In [0, 1], null when the total is unknown. */
  fraction: number | null;
  /** `12 of 60 items`, rate and ETA, failures. */
  detail: string;
  canPause: boolean;
  canResume: boolean;
  canCancel: boolean;
};

const LIVE: ReadonlySet<JobState> = new Set(['queued', 'running', 'paused']);

export function isLiveState(state: JobState): boolean {
  return LIVE.has(state);
}

/** Merge a run with its job (when the client has seen one); the job is the live source. */
export function runView(run: GenerationRun, job: Job | undefined): RunView {
  const fromJob = job !== undefined && job.id === run.jobId;
  const state = fromJob ? job.state : run.state;
  const total = fromJob && job.total !== null ? job.total : run.total;
  // Items processed (made or failed): the job counts them live, the run row when last fetched.
  const done = Math.max(fromJob ? job.done : 0, run.done + run.failed);
  const failed = run.failed;
  const fraction = total > 0 ? Math.min(1, done / total) : null;
  const parts = [`${formatCount(done)} of ${formatCount(total)} items`];
  if (fromJob && state === 'running') {
    const rate = formatRate(job.rate, job.unit);
    if (rate) parts.push(rate);
    const eta = formatEta(job.etaSeconds);
    if (eta) parts.push(`${eta} left`);
  }
  if (failed > 0) parts.push(`${formatCount(failed)} failed`);
  return {
    run,
    state,
    done,
    total,
    failed,
    fraction,
    detail: parts.join(' · '),
    canPause: state === 'queued' || state === 'running',
    canResume: state === 'paused',
    canCancel: isLiveState(state),
  };
}

/** Runs newest first (by creation, then id). */
export function newestFirst(runs: readonly GenerationRun[]): GenerationRun[] {
  return [...runs].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
}

/** The run to show variants of: the selected one if it is listed, else the newest. */
export function pickRun(runs: readonly GenerationRun[], selectedId: number | null): GenerationRun | null {
  const sorted = newestFirst(runs);
  return sorted.find((run) => run.id === selectedId) ?? sorted[0] ?? null;
}

/** A job event that changes a listed run's state (start, pause, finish…): time to refetch runs. */
export function changesRunState(runs: readonly GenerationRun[], job: Job): boolean {
  const run = runs.find((candidate) => candidate.jobId === job.id);
  return run !== undefined && run.state !== job.state;
}

/** `Run #4 · mannequin · 12 poses × 5`. */
export function runTitle(run: GenerationRun): string {
  return `Run #${run.id} · ${run.generator} · ${formatCount(run.poseCount)} poses × ${run.request.variantsPerPose}`;
}
