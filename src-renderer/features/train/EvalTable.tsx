/**
 * @file Evaluation results of every run side by side (`train.evals`): a row per evaluated
 * checkpoint (run, recipe, step), a column per probe figure, `n/a` where the data had no ground
 * truth for a probe, and the best value of each column highlighted.
 */
import type { TrainRun } from '../../../src-main/contract';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { EVAL_COLUMNS, evalRows } from './model/evalTable';
import type { EvalsState } from './useTrainData';

export function EvalTable({ evals, runs }: { evals: EvalsState; runs: readonly TrainRun[] }) {
  const rows = evals.items === undefined ? undefined : evalRows(evals.items, runs);
  return (
    <section className="panel train-evals" aria-labelledby="train-evals-title" data-testid="train-evals">
      <h2 id="train-evals-title">Evaluations</h2>
      <ErrorNotice error={evals.error} />
      {rows === undefined ? (
        <p className="muted">Loading evaluations…</p>
      ) : rows.length === 0 ? (
        <p className="muted" data-testid="train-evals-empty">
          No evaluations yet. Evaluate a run’s checkpoint to compare runs here.
        </p>
      ) : (
        <div className="train-evals__scroll">
          <table className="train-table" data-testid="train-eval-table">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Recipe</th>
                <th scope="col">Step</th>
                {EVAL_COLUMNS.map((column) => (
                  <th key={column.key} scope="col" title={column.title}>
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-testid="train-eval-row" data-run-id={row.runId} data-step={row.step}>
                  <th scope="row">{row.run}</th>
                  <td>{row.recipe}</td>
                  <td className="train-table__number">{row.step}</td>
                  {row.cells.map((cell) => (
                    <td
                      key={cell.key}
                      className={`train-table__number${cell.best ? ' train-evals__best' : ''}`}
                      data-column={cell.key}
                      data-best={cell.best || undefined}
                    >
                      {cell.text}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
