/**
 * @file One training run: its progress (step of steps, rate and ETA from the run's job), the
 * Pause / Resume / Cancel buttons its state allows, live charts of loss, learning rate and
 * images per second against the step, then its checkpoints, evaluation and exports.
 */
import type { JobState, TrainRun } from '../../../src-main/contract';
import { useApi } from '../../api/ApiContext';
import { useAction } from '../../api/hooks';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ProgressBar } from '../../ui/ProgressBar';
import { useJobs } from '../jobs/JobsContext';
import { seriesOf } from './model/chart';
import { trainRunTitle, trainRunView, type TrainRunView } from './model/trainRuns';
import { LineChart } from './LineChart';
import { RunArtifacts } from './RunArtifacts';
import { useRunDetail } from './useTrainData';

type Control = 'jobs.pause' | 'jobs.resume' | 'jobs.cancel';

const CONTROLS: ReadonlyArray<{
  method: Control;
  label: string;
  key: string;
  shown: (view: TrainRunView) => boolean;
  danger: boolean;
}> = [
  { method: 'jobs.pause', label: 'Pause', key: 'pause', shown: (v) => v.canPause, danger: false },
  { method: 'jobs.resume', label: 'Resume', key: 'resume', shown: (v) => v.canResume, danger: false },
  { method: 'jobs.cancel', label: 'Cancel', key: 'cancel', shown: (v) => v.canCancel, danger: true },
];

function RunControls({ view }: { view: TrainRunView }) {
  const { client } = useApi();
  const action = useAction();
  const shown = CONTROLS.filter((control) => control.shown(view));
  if (shown.length === 0) return null;
  return (
    <div className="train-detail__controls">
      {shown.map(({ method, label, key, danger }) => (
        <button
          key={key}
          type="button"
          className={`button button--small${danger ? ' button--danger' : ''}`}
          disabled={action.busy}
          onClick={() => void action.run(() => client.call(method, { id: view.run.jobId }))}
          data-testid={`train-${key}`}
        >
          {label}
        </button>
      ))}
      <ErrorNotice error={action.error} onDismiss={action.clearError} />
    </div>
  );
}

function RunProgress({ view }: { view: TrainRunView }) {
  const title = trainRunTitle(view.run);
  return (
    <div className="train-detail__progress" data-testid="train-progress" data-step={view.step}>
      <ProgressBar fraction={view.fraction} label={`${title} progress`} />
      <span className="train-detail__steps" data-testid="train-progress-steps">
        {view.progress}
      </span>
      <span className="train-detail__eta muted" data-testid="train-eta">
        {view.eta}
      </span>
    </div>
  );
}

const FINAL: ReadonlySet<JobState> = new Set(['done', 'failed', 'cancelled']);

export function RunDetail({ run }: { run: TrainRun | null }) {
  const jobs = useJobs();
  const detail = useRunDetail(run?.id ?? null, run?.jobId ?? null);
  if (run === null) {
    return (
      <section className="panel train-detail" data-testid="train-run-detail">
        <p className="muted">Select a run to see its curves, checkpoints and exports.</p>
      </section>
    );
  }
  // The listed row is refreshed on progress; the detail's may be newer after a checkpoint.
  const fresh =
    detail.detail?.run.id === run.id && detail.detail.run.step > run.step ? detail.detail.run : run;
  const view = trainRunView(fresh, jobs.get(run.jobId));
  return (
    <section
      className="panel train-detail"
      aria-labelledby="train-detail-title"
      data-testid="train-run-detail"
      data-run-id={run.id}
      data-state={view.state}
    >
      <header className="train-detail__header">
        <h2 id="train-detail-title">{trainRunTitle(run)}</h2>
        <span className={`train-state train-state--${view.state}`} data-testid="train-detail-state">
          {view.state}
        </span>
      </header>
      <RunProgress view={view} />
      <RunControls view={view} />
      {FINAL.has(view.state) && fresh.error && (
        <p className="train-detail__error" data-testid="train-run-error">
          {fresh.error}
        </p>
      )}
      <ErrorNotice error={detail.error} />
      <div className="train-charts">
        <LineChart title="Loss" series={seriesOf(detail.metrics, 'loss')} testId="train-loss-chart" />
        <LineChart title="Learning rate" series={seriesOf(detail.metrics, 'lr')} testId="train-lr-chart" />
        <LineChart
          title="Images per second"
          series={seriesOf(detail.metrics, 'imagesPerSec')}
          testId="train-rate-chart"
        />
      </div>
      <RunArtifacts
        key={run.id}
        run={run}
        checkpoints={detail.detail?.run.id === run.id ? detail.detail.checkpoints : undefined}
      />
    </section>
  );
}
