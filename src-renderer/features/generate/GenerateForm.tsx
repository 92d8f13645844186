/**
 * @file The form that queues a generation run: poses, variants per pose, generator and options,
 * prompt template, seeds, output size. Errors show next to their fields; Generate calls
 * `generate.start` and reports the queued run.
 */
import type { FormEvent } from 'react';
import type { GenerationRun, SeedMode } from '../../../src-main/contract';
import { formatCount } from '../../../src-main/core/shared/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { LIMITS, SEED_MODES } from './model/generateForm';
import { runTitle } from './model/runs';
import { FormField } from './FormField';
import { GeneratorField } from './GeneratorField';
import { PosesField } from './PosesField';
import { PromptField } from './PromptField';
import { useGenerateForm } from './useGenerateForm';

export function GenerateForm({
  started,
  onStarted,
}: {
  started: GenerationRun | null;
  onStarted: (run: GenerationRun) => void;
}) {
  const form = useGenerateForm();
  const { state, update, validated, action } = form;
  const errors = validated.ok ? {} : validated.errors;
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const run = await form.submit();
    if (run !== undefined) onStarted(run);
  };
  const seedHelp = SEED_MODES.find((mode) => mode.value === state.seedMode)?.help;
  return (
    <form
      className="panel gen-form"
      aria-labelledby="generate-form-title"
      onSubmit={(event) => void onSubmit(event)}
      noValidate
      data-testid="generate-form"
    >
      <h2 id="generate-form-title">New run</h2>
      <ErrorNotice error={form.loadError} />
      <PosesField form={form} />
      <FormField
        label="Variants per pose"
        error={errors.variantsPerPose}
        help={`${LIMITS.variantsPerPose.min} to ${LIMITS.variantsPerPose.max}; GenCOCO used 5`}
        testId="variants-field"
      >
        {(control) => (
          <input
            {...control}
            className="input input--narrow"
            type="number"
            min={LIMITS.variantsPerPose.min}
            max={LIMITS.variantsPerPose.max}
            value={state.variantsPerPose}
            onChange={(event) => update({ variantsPerPose: event.target.value })}
            data-testid="variants-per-pose"
          />
        )}
      </FormField>
      <GeneratorField form={form} />
      <PromptField form={form} />
      <div className="row gen-row">
        <FormField label="Seed mode" help={seedHelp} testId="seed-mode-field">
          {(control) => (
            <select
              {...control}
              className="input"
              value={state.seedMode}
              onChange={(event) => update({ seedMode: event.target.value as SeedMode })}
              data-testid="seed-mode"
            >
              {SEED_MODES.map((mode) => (
                <option key={mode.value} value={mode.value}>
                  {mode.label}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Seed" error={errors.seed} testId="seed-field">
          {(control) => (
            <input
              {...control}
              className="input gen-input--seed"
              type="number"
              min={LIMITS.seed.min}
              max={LIMITS.seed.max}
              value={state.seed}
              onChange={(event) => update({ seed: event.target.value })}
              data-testid="seed"
            />
          )}
        </FormField>
        <SizeInput
          label="Width"
          value={state.width}
          error={errors.width}
          onChange={(width) => update({ width })}
        />
        <SizeInput
          label="Height"
          value={state.height}
          error={errors.height}
          onChange={(height) => update({ height })}
        />
      </div>
      <div className="gen-form__submit">
        <button
          type="submit"
          className="button button--primary"
          disabled={!validated.ok || action.busy}
          data-testid="generate-start"
        >
          {action.busy
            ? 'Queueing…'
            : form.planned === null
              ? 'Generate'
              : `Generate ${formatCount(form.planned)} variant${form.planned === 1 ? '' : 's'}`}
        </button>
        {started && (
          <span className="gen-form__started" role="status" data-testid="generate-started">
            Queued {runTitle(started)} ({formatCount(started.total)} variants)
          </span>
        )}
      </div>
      <ErrorNotice error={action.error} onDismiss={action.clearError} />
    </form>
  );
}

function SizeInput({
  label,
  value,
  error,
  onChange,
}: {
  label: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const testId = `size-${label.toLowerCase()}`;
  return (
    <FormField label={`${label} (px)`} error={error} testId={`${testId}-field`}>
      {(control) => (
        <input
          {...control}
          className="input gen-input--size"
          type="number"
          min={LIMITS.size.min}
          max={LIMITS.size.max}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          data-testid={testId}
        />
      )}
    </FormField>
  );
}
