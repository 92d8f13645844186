/**
 * @file The Train page's view of a training run: the run row (`train.runs`, `train.get`) merged
 * with its job's live state from `jobs.progress` (state, steps done, rate, ETA), which of
 * pause / resume / cancel apply, and the short texts the list and the detail show. Also the
 * evaluation job's status line. Pure.
 */
import type { Job, JobState, RecipeName, TrainRun } from '../../../../src-main/contract';
import { formatCount, formatEta, formatRate } from '../../../../src-main/core/shared/format';
import { isLiveState } from '../../generate/model/runs';
import { recipeInfo } from './recipes';

export type TrainRunView = {
  run: TrainRun;
  state: JobState;
  step: number;
  steps: number;
  /** In [0, 1]. */
  fraction: number;
  /** `40 of 500 steps`. */
  progress: string;
  /** `2.0 steps/s · 3 min 10 s left` while running, else empty. */
  eta: string;
  canPause: boolean;
  canResume: boolean;
  canCancel: boolean;
};

export function trainRunView(run: TrainRun, job: Job | undefined): TrainRunView {
  const fromJob = job !== undefined && job.id === run.jobId;
  const state = fromJob ? job.state : run.state;
  const steps = fromJob && job.total !== null && job.total > 0 ? job.total : run.steps;
  const step = Math.min(steps, Math.max(run.step, fromJob ? job.done : 0));
  const parts: string[] = [];
  if (fromJob && state === 'running') {
    const rate = formatRate(job.rate, job.unit);
    if (rate) parts.push(rate);
    const eta = formatEta(job.etaSeconds);
    if (eta) parts.push(`${eta} left`);
  }
  return {
    run,
    state,
    step,
    steps,
    fraction: steps > 0 ? Math.min(1, step / steps) : 0,
    progress: `${formatCount(step)} of ${formatCount(steps)} steps`,
    eta: parts.join(' · '),
    canPause: state === 'queued' || state === 'running',
    canResume: state === 'paused',
    canCancel: isLiveState(state),
  };
}

/** Runs newest first (by creation, then id). */
export function newestRunsFirst(runs: readonly TrainRun[]): TrainRun[] {
  return [...runs].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
}

/** The run to show: the selected one if listed, else the newest. */
export function pickTrainRun(runs: readonly TrainRun[], selectedId: number | null): TrainRun | null {
  const sorted = newestRunsFirst(runs);
  return sorted.find((run) => run.id === selectedId) ?? sorted[0] ?? null;
}

export function recipeLabel(recipe: RecipeName): string {
  return recipeInfo(recipe).label;
}

/** `Run #3 · GenPoCCL` or `Run #3 · my name · GenPoCCL`. */
export function trainRunTitle(run: Pick<TrainRun, 'id' | 'name' | 'recipe'>): string {
  return [`Run #${run.id}`, run.name || null, recipeLabel(run.recipe)].filter(Boolean).join(' · ');
}

/** A loss or rate for a table cell: 4 significant digits, `–` when unknown. */
export function formatMetric(value: number | null, digits = 4): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return Number(value.toPrecision(digits)).toString();
}

/** `Evaluation queued`, `Evaluating: 2 of 4 probes · 5 s left`, `Evaluation done`… */
export function evalStatus(job: Job | undefined): string {
  if (job === undefined) return 'Evaluation queued';
  switch (job.state) {
    case 'queued':
      return 'Evaluation queued';
    case 'running': {
      const parts = ['Evaluating'];
      if (job.total !== null) parts.push(`${formatCount(job.done)} of ${formatCount(job.total)} ${job.unit}`);
      const eta = formatEta(job.etaSeconds);
      if (eta) parts.push(`${eta} left`);
      return parts.length === 1 ? 'Evaluating…' : `${parts[0]}: ${parts.slice(1).join(' · ')}`;
    }
    case 'paused':
      return 'Evaluation paused';
    case 'done':
      return 'Evaluation done';
    case 'failed':
      return `Evaluation failed${job.error ? `: ${job.error}` : ''}`;
    case 'cancelled':
      return 'Evaluation cancelled';
  }
}
