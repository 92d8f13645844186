/**
 * @file The generator picker (unavailable generators listed but disabled, with their reason and,
 * for one that needs a model, a link to the Models page), its description, and its options as a
 * form built from the generator's JSON Schema (a `model` option is a select of the project's models).
 */
import { needsModel, type OptionField } from './model/optionsSchema';
import { FormField } from './FormField';
import { ModelOptionInput } from './ModelOptionInput';
import type { GenerateForm } from './useGenerateForm';

export function GeneratorField({ form }: { form: GenerateForm }) {
  const { generators, generator, state } = form;
  const errors = form.validated.ok ? {} : form.validated.errors;
  const unavailable = generators?.filter((candidate) => !candidate.available) ?? [];
  return (
    <>
      <FormField label="Generator" error={errors.generator} testId="generator-field">
        {(control) => (
          <select
            {...control}
            className="input"
            value={generator?.id ?? state.generator}
            onChange={(event) => form.setGenerator(event.target.value)}
            data-testid="generator-select"
          >
            {generators === undefined && <option value={state.generator}>Loading…</option>}
            {generator === null && generators !== undefined && (
              <option value={state.generator}>No generator available</option>
            )}
            {generators?.map((candidate) => (
              <option key={candidate.id} value={candidate.id} disabled={!candidate.available}>
                {candidate.name}
                {candidate.available ? '' : ' (unavailable)'}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {generator && (
        <p className="gen-generator__description" data-testid="generator-description">
          {generator.description}
        </p>
      )}
      {unavailable.length > 0 && (
        <ul className="gen-generator__unavailable" data-testid="generators-unavailable">
          {unavailable.map((candidate) => (
            <li key={candidate.id} data-generator-id={candidate.id}>
              {candidate.name}: {candidate.unavailableReason ?? 'cannot run now'}
              {needsModel(candidate.optionsSchema) && (
                <>
                  {' '}
                  <a href="#/models" data-testid="generator-models-link">
                    Open the Models page
                  </a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {form.fields.length > 0 && (
        <fieldset className="gen-options" data-testid="generator-options">
          <legend className="field__label">{generator?.name ?? 'Generator'} options</legend>
          {form.fields.map((field) => (
            <OptionInput key={field.key} field={field} form={form} error={errors.options?.[field.key]} />
          ))}
          {form.skippedOptions.length > 0 && (
            <p className="muted">Left at their defaults here: {form.skippedOptions.join(', ')}.</p>
          )}
        </fieldset>
      )}
    </>
  );
}

type NumberField = Extract<OptionField, { kind: 'number' | 'integer' }>;

function bounds(field: NumberField): string | null {
  if (field.min === null && field.max === null) return null;
  if (field.max === null) return `${field.exclusiveMin ? '>' : '≥'} ${field.min}`;
  if (field.min === null) return `${field.exclusiveMax ? '<' : '≤'} ${field.max}`;
  return `${field.min} to ${field.max}`;
}

function OptionInput({ field, form, error }: { field: OptionField; form: GenerateForm; error?: string }) {
  const value = form.optionValues[field.key];
  const testId = `option-${field.key}`;
  if (field.kind === 'model') {
    return (
      <ModelOptionInput
        field={field}
        value={value}
        error={error}
        onChange={(id) => form.setOption(field.key, id)}
      />
    );
  }
  if (field.kind === 'boolean') {
    return (
      <label className="checkbox" title={field.description ?? undefined}>
        <input
          type="checkbox"
          checked={value === true}
          onChange={(event) => form.setOption(field.key, event.target.checked)}
          data-testid={testId}
        />
        {field.label}
      </label>
    );
  }
  const range = field.kind === 'number' || field.kind === 'integer' ? bounds(field) : null;
  const help = [field.description, range].filter(Boolean).join(' · ') || undefined;
  return (
    <FormField label={field.label} error={error} help={help} testId={`${testId}-field`}>
      {(control) =>
        field.kind === 'enum' ? (
          <select
            {...control}
            className="input"
            value={String(field.choices.findIndex((choice) => choice === value))}
            onChange={(event) => form.setOption(field.key, field.choices[Number(event.target.value)]!)}
            data-testid={testId}
          >
            {field.choices.map((choice, index) => (
              <option key={String(choice)} value={String(index)}>
                {String(choice)}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...control}
            className="input"
            type={field.kind === 'string' ? 'text' : 'number'}
            {...(field.kind === 'string' ? {} : numberAttributes(field))}
            value={String(value ?? '')}
            onChange={(event) => form.setOption(field.key, event.target.value)}
            data-testid={testId}
          />
        )
      }
    </FormField>
  );
}

function numberAttributes(field: NumberField) {
  return { min: field.min ?? undefined, max: field.max ?? undefined, step: field.step ?? 'any' };
}
