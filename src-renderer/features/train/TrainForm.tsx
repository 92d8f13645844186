/**
 * @file The form that queues a training run: recipe and its hyperparameters, model preset, the
 * P × K batch, schedule and optimizer, dataset and augmentation, with the dataset summary above
 * Start. Errors show next to their fields; Start stays disabled while a field is invalid or the
 * dataset has problems, and calls `train.start`.
 */
import type { FormEvent } from 'react';
import type { ModelPreset, TrainRun } from '../../../src-main/contract';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FormField } from '../generate/FormField';
import { AugmentFields, DatasetFields } from './DataFields';
import { DatasetSummary } from './DatasetSummary';
import { PRESETS } from './model/recipes';
import { trainRunTitle } from './model/trainRuns';
import { NumberField } from './NumberField';
import { RecipeFields } from './RecipeFields';
import { useTrainForm, type TrainForm as Form } from './useTrainForm';

function ModelFields({ form }: { form: Form }) {
  const preset = PRESETS.find((candidate) => candidate.value === form.state.preset);
  return (
    <fieldset className="train-group" data-testid="train-model-fields">
      <legend className="field__label">Model and schedule</legend>
      <FormField label="Model" help={preset?.help} testId="train-preset-field">
        {(control) => (
          <select
            {...control}
            className="input"
            value={form.state.preset}
            onChange={(event) => form.update({ preset: event.target.value as ModelPreset })}
            data-testid="train-preset"
          >
            {PRESETS.map((candidate) => (
              <option key={candidate.value} value={candidate.value}>
                {candidate.label}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <div className="train-grid">
        <NumberField form={form} field="groups" label="Groups (P)" help="per batch" step="1" />
        <NumberField form={form} field="members" label="Members (K)" help="per group" step="1" />
        <NumberField form={form} field="steps" label="Steps" step="1" />
        <NumberField form={form} field="checkpointEvery" label="Checkpoint every" help="steps" step="1" />
        <NumberField form={form} field="lr" label="Learning rate" help="peak, cosine decay" />
        <NumberField form={form} field="weightDecay" label="Weight decay" help="AdamW" />
        <NumberField form={form} field="warmupSteps" label="Warmup steps" step="1" />
        <NumberField form={form} field="seed" label="Seed" help="same seed, same run" step="1" />
      </div>
    </fieldset>
  );
}

export function TrainForm({
  started,
  onStarted,
}: {
  started: TrainRun | null;
  onStarted: (run: TrainRun) => void;
}) {
  const form = useTrainForm();
  const { action } = form;
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const run = await form.submit();
    if (run !== undefined) onStarted(run);
  };
  return (
    <form
      className="panel train-form"
      aria-labelledby="train-form-title"
      onSubmit={(event) => void onSubmit(event)}
      noValidate
      data-testid="train-form"
    >
      <h2 id="train-form-title">New training run</h2>
      <FormField label="Name" error={form.errors.name} help="optional" testId="train-name-field">
        {(control) => (
          <input
            {...control}
            className="input"
            value={form.state.name}
            onChange={(event) => form.update({ name: event.target.value })}
            data-testid="train-name"
          />
        )}
      </FormField>
      <RecipeFields form={form} />
      <ModelFields form={form} />
      <DatasetFields form={form} />
      <AugmentFields form={form} />
      <DatasetSummary state={form.summary} />
      <div className="train-form__submit">
        <button
          type="submit"
          className="button button--primary"
          disabled={form.blocked !== null || action.busy}
          data-testid="train-start"
        >
          {action.busy ? 'Queueing…' : 'Start training'}
        </button>
        {form.blocked !== null && (
          <span className="muted small" data-testid="train-start-blocked">
            {form.blocked}
          </span>
        )}
        {started && (
          <span className="train-form__started" role="status" data-testid="train-started">
            Queued {trainRunTitle(started)}
          </span>
        )}
      </div>
      <ErrorNotice error={action.error} onDismiss={action.clearError} />
    </form>
  );
}
