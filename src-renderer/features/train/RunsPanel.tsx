/**
 * @file The training runs, newest first: state, recipe, step of steps (live from the run's job),
 * last loss and images per second. Clicking a run shows its detail.
 */
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useJobs } from '../jobs/JobsContext';
import { formatMetric, recipeLabel, trainRunView, type TrainRunView } from './model/trainRuns';
import type { TrainRunsState } from './useTrainData';

export function RunsPanel({
  runs,
  selectedId,
  onSelect,
}: {
  runs: TrainRunsState;
  selectedId: number | null;
  onSelect: (runId: number) => void;
}) {
  const jobs = useJobs();
  return (
    <section className="panel train-runs" aria-labelledby="train-runs-title" data-testid="train-runs">
      <h2 id="train-runs-title">Runs</h2>
      <ErrorNotice error={runs.error} onDismiss={runs.refetch} />
      {runs.runs === undefined ? (
        <p className="muted">Loading runs…</p>
      ) : runs.runs.length === 0 ? (
        <p className="muted" data-testid="train-runs-empty">
          No training runs yet. Start one with the form.
        </p>
      ) : (
        <table className="train-table">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">State</th>
              <th scope="col">Recipe</th>
              <th scope="col">Step</th>
              <th scope="col">Loss</th>
              <th scope="col">Images/s</th>
            </tr>
          </thead>
          <tbody>
            {runs.runs.map((run) => (
              <RunRow
                key={run.id}
                view={trainRunView(run, jobs.get(run.jobId))}
                selected={run.id === selectedId}
                onSelect={() => onSelect(run.id)}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RunRow({
  view,
  selected,
  onSelect,
}: {
  view: TrainRunView;
  selected: boolean;
  onSelect: () => void;
}) {
  const { run } = view;
  return (
    <tr className={`train-runs__row${selected ? ' train-runs__row--selected' : ''}`} data-state={view.state}>
      <td>
        <button
          type="button"
          className="train-runs__select"
          aria-pressed={selected}
          onClick={onSelect}
          data-testid={`train-run-${run.id}`}
        >
          #{run.id}
          {run.name && <span className="muted"> {run.name}</span>}
        </button>
      </td>
      <td>
        <span className={`train-state train-state--${view.state}`} data-testid="train-run-state">
          {view.state}
        </span>
      </td>
      <td>{recipeLabel(run.recipe)}</td>
      <td className="train-table__number" data-testid="train-run-step">
        {view.step}/{view.steps}
      </td>
      <td className="train-table__number">{formatMetric(run.loss)}</td>
      <td className="train-table__number">{formatMetric(run.imagesPerSec, 3)}</td>
    </tr>
  );
}
