/**
 * @file What the run would train on (`train.dataset`): variants, poses, prompts, identities, the
 * groups the sampler can draw for the chosen group key, the train / held-out split and the batch
 * shape, with the problems that stop training listed first and prominently.
 */
import { formatCount } from '../../../src-main/core/shared/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import type { SummaryState } from './useTrainForm';

const plural = (count: number, word: string) => `${formatCount(count)} ${word}${count === 1 ? '' : 's'}`;

export function DatasetSummary({ state }: { state: SummaryState }) {
  const { summary } = state;
  return (
    <section
      className="train-summary"
      aria-labelledby="train-summary-title"
      data-testid="train-dataset-summary"
      aria-busy={state.pending}
    >
      <h3 id="train-summary-title" className="train-summary__title">
        Dataset {state.pending && <span className="muted small">updating…</span>}
      </h3>
      <ErrorNotice error={state.error} />
      {summary === undefined ? (
        <p className="muted">Counting variants…</p>
      ) : (
        <>
          {summary.problems.length > 0 && (
            <ul className="train-summary__problems" role="alert" data-testid="train-dataset-problems">
              {summary.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
          <dl className="facts facts--compact train-summary__facts">
            <dt>Variants</dt>
            <dd data-testid="train-summary-variants">{formatCount(summary.variants)}</dd>
            <dt>Poses · prompts · identities</dt>
            <dd>
              {formatCount(summary.poses)} · {formatCount(summary.prompts)} ·{' '}
              {formatCount(summary.identities)}
            </dd>
            <dt>Groups by {summary.groupBy}</dt>
            <dd data-testid="train-summary-groups">{formatCount(summary.groups)}</dd>
            <dt>Train · held out</dt>
            <dd data-testid="train-summary-split">
              {formatCount(summary.trainVariants)} · {formatCount(summary.evalVariants)}
            </dd>
            <dt>Batch</dt>
            <dd data-testid="train-summary-batch">
              {summary.batch.groups} × {summary.batch.members} = {plural(summary.batch.images, 'image')}
            </dd>
          </dl>
        </>
      )}
    </section>
  );
}
