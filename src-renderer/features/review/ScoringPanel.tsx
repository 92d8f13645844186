/**
 * @file Scoring: a button that queues `quality.score` over the unscored variants of the current
 * view, then the followed scoring job's progress (bar, done of total, rate, ETA) with Pause /
 * Resume / Cancel. The grid refreshes itself as scores arrive (`catalog.changed` scores).
 */
import { useState } from 'react';
import type { ReviewFilter } from '../../../src-main/contract';
import { useApi } from '../../api/ApiContext';
import { useAction } from '../../api/hooks';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ProgressBar } from '../../ui/ProgressBar';
import { useJobs } from '../jobs/JobsContext';
import { followedJob, scoringView } from './model/scoring';

const CONTROLS = [
  { method: 'jobs.pause', label: 'Pause', key: 'pause' },
  { method: 'jobs.resume', label: 'Resume', key: 'resume' },
  { method: 'jobs.cancel', label: 'Cancel', key: 'cancel' },
] as const;

export function ScoringPanel({ filter }: { filter: ReviewFilter }) {
  const { client } = useApi();
  const jobs = useJobs();
  const action = useAction();
  const [started, setStarted] = useState<{ jobId: number; count: number } | null>(null);
  const job = followedJob(jobs, started?.jobId ?? null);
  const view = job === undefined ? null : scoringView(job);
  const start = async () => {
    const result = await action.run(() => client.call('quality.score', { filter }));
    if (result !== undefined) setStarted(result);
  };
  const enabled = { pause: view?.canPause, resume: view?.canResume, cancel: view?.canCancel };
  return (
    <div className="review-scoring" data-testid="review-scoring">
      <button
        type="button"
        className="button"
        onClick={() => void start()}
        disabled={action.busy || view?.live === true}
        data-testid="review-score-start"
        title="Run the face and image checks on the variants of this view that have no scores yet"
      >
        Score unscored
      </button>
      {started !== null && started.count === 0 && view?.live !== true && (
        <span className="muted small" data-testid="review-score-nothing">
          Every variant in view has scores.
        </span>
      )}
      {view !== null && (started === null || started.count > 0) && job !== undefined && (
        <>
          <span className="review-scoring__bar">
            <ProgressBar fraction={view.fraction} label="Scoring progress" compact />
          </span>
          <span className="small" data-testid="review-score-detail" data-state={view.state}>
            {view.detail}
          </span>
          {view.live &&
            CONTROLS.map(({ method, label, key }) => (
              <button
                key={key}
                type="button"
                className={`button button--small${key === 'cancel' ? ' button--danger' : ''}`}
                disabled={!enabled[key] || action.busy}
                onClick={() => void action.run(() => client.call(method, { id: job.id }))}
                data-testid={`review-score-${key}`}
              >
                {label}
              </button>
            ))}
        </>
      )}
      <ErrorNotice error={action.error} onDismiss={action.clearError} />
    </div>
  );
}
