/**
 * @file The select of a generator's `model` option (see model/optionsSchema.ts): the project's
 * models from models.list (name, layout, short hash), the default one preselected and labelled
 * "default". The empty form value stands for the project's default model and is left out of the
 * request, so the studio resolves it when the run starts; picking a model sends its id. With no
 * model yet the select says so and links to the Models page.
 */
import type { DiffusionModel } from '../../../src-main/contract';
import { useQuery } from '../../api/hooks';
import { LAYOUT_LABELS, shortHash } from '../models/model/modelView';
import type { OptionField } from './model/optionsSchema';
import { FormField } from './FormField';

type ModelField = Extract<OptionField, { kind: 'model' }>;

/** `Tiny · Optimum export · 0123456789ab · default` (unusable models say so). */
export function modelChoiceLabel(model: DiffusionModel): string {
  const tags = [model.isDefault ? 'default' : null, model.report.ok ? null : 'has errors'].filter(Boolean);
  return [model.name, LAYOUT_LABELS[model.layout], shortHash(model.hash), ...tags].join(' · ');
}

export function ModelOptionInput({
  field,
  value,
  error,
  onChange,
}: {
  field: ModelField;
  value: string | number | boolean | undefined;
  error?: string;
  onChange: (id: number) => void;
}) {
  const query = useQuery('models.list', {});
  const models = query.data?.items;
  const fallback = models?.find((model) => model.isDefault) ?? null;
  const chosen = value === '' || value === undefined ? (fallback?.id ?? null) : Number(value);
  const missing = chosen !== null && models !== undefined && !models.some((model) => model.id === chosen);
  const help = (
    <>
      {field.description ? `${field.description} · ` : ''}
      <a href="#/models" data-testid={`option-${field.key}-manage`}>
        {models?.length === 0 ? 'Add a model on the Models page' : 'Models page'}
      </a>
    </>
  );
  return (
    <FormField label={field.label} error={error} help={help} testId={`option-${field.key}-field`}>
      {(control) => (
        <select
          {...control}
          className="input"
          value={chosen === null ? '' : String(chosen)}
          disabled={models === undefined || models.length === 0}
          onChange={(event) => onChange(Number(event.target.value))}
          data-testid={`option-${field.key}`}
        >
          {models === undefined && <option value="">{query.error ? 'Models not loaded' : 'Loading…'}</option>}
          {models?.length === 0 && <option value="">No model yet</option>}
          {models !== undefined && models.length > 0 && chosen === null && (
            <option value="">Choose a model</option>
          )}
          {models?.map((model) => (
            <option key={model.id} value={String(model.id)} disabled={!model.report.ok}>
              {modelChoiceLabel(model)}
            </option>
          ))}
          {missing && <option value={String(chosen)}>model #{chosen} (no longer in this project)</option>}
        </select>
      )}
    </FormField>
  );
}
