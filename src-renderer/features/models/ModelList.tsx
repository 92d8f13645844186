/**
 * @file The project's models: name (with the default marked), layout, size, short hash, the execution
 * provider (a select; providers this build does not list are disabled), "Set as default", the stored
 * report on demand, and Remove behind a confirmation that says the files stay where they are.
 */
import { Fragment, useState } from 'react';
import type { DiffusionModel, ExecutionProvider, ProviderInfo } from '../../../src-main/contract';
import { formatBytes } from '../../../src-main/core/shared/format';
import { useApi } from '../../api/ApiContext';
import { useAction, useQuery } from '../../api/hooks';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ModelReportView } from './ModelReportView';
import { LAYOUT_LABELS, providerOptions, shortHash } from './model/modelView';

export function ProviderSelect({
  value,
  providers,
  onChange,
  label,
  testId,
  disabled = false,
}: {
  value: ExecutionProvider;
  providers: readonly ProviderInfo[];
  onChange: (provider: ExecutionProvider) => void;
  label: string;
  testId: string;
  disabled?: boolean;
}) {
  return (
    <select
      className="input"
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value as ExecutionProvider)}
      data-testid={testId}
    >
      {providerOptions(providers, value).map((option) => (
        <option key={option.id} value={option.id} disabled={option.disabled} title={option.note}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

function ModelRow({
  model,
  providers,
  busy,
  onUpdate,
  onRemove,
}: {
  model: DiffusionModel;
  providers: readonly ProviderInfo[];
  busy: boolean;
  onUpdate: (patch: { provider?: ExecutionProvider; isDefault?: boolean }) => void;
  onRemove: () => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Fragment>
      <tr data-testid={`model-row-${model.id}`} data-default={model.isDefault}>
        <td>
          {model.name}
          {model.isDefault && <span className="chip models-default">default</span>}
          <div className="mono small muted">{model.path}</div>
          {model.controlnetPath !== null && (
            <div className="mono small muted" data-testid="model-controlnet-path">
              ControlNet: {model.controlnetPath}
            </div>
          )}
        </td>
        <td>{LAYOUT_LABELS[model.layout]}</td>
        <td className="models-table__number">{formatBytes(model.totalBytes)}</td>
        <td className="mono" title={model.hash}>
          {shortHash(model.hash)}
        </td>
        <td>
          <ProviderSelect
            value={model.provider}
            providers={providers}
            onChange={(provider) => onUpdate({ provider })}
            label={`Execution provider of ${model.name}`}
            testId={`model-provider-${model.id}`}
            disabled={busy}
          />
        </td>
        <td className="models-actions">
          {!model.isDefault && (
            <button
              type="button"
              className="button button--small"
              disabled={busy}
              onClick={() => onUpdate({ isDefault: true })}
              data-testid={`model-default-${model.id}`}
            >
              Set as default
            </button>
          )}
          <button
            type="button"
            className="button button--small button--ghost"
            aria-expanded={open}
            onClick={() => setOpen(!open)}
            data-testid={`model-report-toggle-${model.id}`}
          >
            {open ? 'Hide report' : 'Report'}
          </button>
          <button
            type="button"
            className="button button--small button--danger"
            disabled={busy}
            onClick={onRemove}
            data-testid={`model-remove-${model.id}`}
          >
            Remove
          </button>
        </td>
      </tr>
      {open && (
        <tr className="models-table__detail">
          <td colSpan={6}>
            <ModelReportView report={model.report} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

/** `onChanged` runs after a model is updated or removed (the page drops its "Added …" notice). */
export function ModelList({ onChanged }: { onChanged?: () => void } = {}) {
  const { client } = useApi();
  const models = useQuery('models.list', {});
  const providers = useQuery('providers.list', {});
  const action = useAction();
  const [removing, setRemoving] = useState<DiffusionModel | null>(null);
  const changed = () => {
    onChanged?.();
    models.refetch();
  };
  const update = (id: number, patch: { provider?: ExecutionProvider; isDefault?: boolean }) =>
    void action.run(() => client.call('models.update', { id, ...patch })).then(changed);
  const remove = (model: DiffusionModel) => {
    setRemoving(null);
    void action.run(() => client.call('models.remove', { id: model.id })).then(changed);
  };
  const items = models.data?.items;
  return (
    <section className="panel models-list" aria-labelledby="models-list-title" data-testid="models-list">
      <h2 id="models-list-title">Models in this project</h2>
      <ErrorNotice error={models.error} onDismiss={models.refetch} />
      <ErrorNotice error={action.error} onDismiss={action.clearError} />
      {items === undefined ? (
        <p className="muted">Loading models…</p>
      ) : items.length === 0 ? (
        <p className="muted" data-testid="models-empty">
          No models yet. Add an SD 1.5 folder with a ControlNet-OpenPose model above; the first one becomes
          the default that generation uses.
        </p>
      ) : (
        <table className="models-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Layout</th>
              <th scope="col" className="models-table__number">
                Size
              </th>
              <th scope="col">Hash</th>
              <th scope="col">Provider</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((model) => (
              <ModelRow
                key={model.id}
                model={model}
                providers={providers.data?.items ?? []}
                busy={action.busy}
                onUpdate={(patch) => update(model.id, patch)}
                onRemove={() => setRemoving(model)}
              />
            ))}
          </tbody>
        </table>
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.name}?`}
          message={`The model leaves this project's catalog. Its files in ${removing.path} stay where they are.`}
          confirmLabel="Remove model"
          onConfirm={() => remove(removing)}
          onCancel={() => setRemoving(null)}
          testId="model-remove-dialog"
          confirmTestId="model-remove-confirm"
        />
      )}
    </section>
  );
}
