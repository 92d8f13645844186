/**
 * @file The queue: generation runs newest first, each with its job's live progress (bar, items
 * done of total, rate, ETA, failures) and Pause / Resume / Cancel enabled by its state. Clicking a
 * run shows its variants.
 */
import { useApi } from '../../api/ApiContext';
import { useAction } from '../../api/hooks';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ProgressBar } from '../../ui/ProgressBar';
import { useJobs } from '../jobs/JobsContext';
import { runTitle, runView, type RunView } from './model/runs';
import type { RunsState } from './useGenerateData';

export function QueuePanel({
  runs,
  selectedId,
  onSelect,
}: {
  runs: RunsState;
  selectedId: number | null;
  onSelect: (runId: number) => void;
}) {
  const jobs = useJobs();
  return (
    <section className="panel gen-queue" aria-labelledby="generate-queue-title" data-testid="generate-queue">
      <h2 id="generate-queue-title">Queue</h2>
      <ErrorNotice error={runs.error} onDismiss={runs.refetch} />
      {runs.runs === undefined ? (
        <p className="muted">Loading runs…</p>
      ) : runs.runs.length === 0 ? (
        <p className="muted" data-testid="queue-empty">
          No runs yet. Queue one with the form.
        </p>
      ) : (
        <ul className="gen-queue__list">
          {runs.runs.map((run) => (
            <RunItem
              key={run.id}
              view={runView(run, jobs.get(run.jobId))}
              selected={run.id === selectedId}
              onSelect={() => onSelect(run.id)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The job controls of a run, enabled by its state. */
const CONTROLS: readonly {
  method: 'jobs.pause' | 'jobs.resume' | 'jobs.cancel';
  label: string;
  key: string;
  enabled: (view: RunView) => boolean;
  danger: boolean;
}[] = [
  { method: 'jobs.pause', label: 'Pause', key: 'pause', enabled: (v) => v.canPause, danger: false },
  { method: 'jobs.resume', label: 'Resume', key: 'resume', enabled: (v) => v.canResume, danger: false },
  { method: 'jobs.cancel', label: 'Cancel', key: 'cancel', enabled: (v) => v.canCancel, danger: true },
];

function RunItem({ view, selected, onSelect }: { view: RunView; selected: boolean; onSelect: () => void }) {
  const { client } = useApi();
  const action = useAction();
  const { run } = view;
  const title = runTitle(run);
  const control = (kind: 'jobs.pause' | 'jobs.resume' | 'jobs.cancel') =>
    void action.run(() => client.call(kind, { id: run.jobId }));
  return (
    <li
      className={`gen-run${selected ? ' gen-run--selected' : ''}`}
      data-testid="run-item"
      data-run-id={run.id}
      data-state={view.state}
      aria-label={title}
    >
      <button
        type="button"
        className="gen-run__select"
        aria-pressed={selected}
        onClick={onSelect}
        data-testid="run-select"
      >
        <span className="gen-run__title">{title}</span>
        <span className={`gen-run__state gen-run__state--${view.state}`} data-testid="run-state">
          {view.state}
        </span>
      </button>
      <ProgressBar fraction={view.fraction} label={`${title} progress`} compact />
      <span className="gen-run__detail" data-testid="run-detail">
        {view.detail}
      </span>
      <span className="gen-run__controls">
        {CONTROLS.map(({ method, label, key, enabled, danger }) => (
          <button
            key={key}
            type="button"
            className={`button button--small${danger ? ' button--danger' : ''}`}
            disabled={!enabled(view) || action.busy}
            onClick={() => control(method)}
            aria-label={`${label} run ${run.id}`}
            data-testid={`run-${key}`}
          >
            {label}
          </button>
        ))}
      </span>
      <ErrorNotice error={action.error} onDismiss={action.clearError} />
    </li>
  );
}
