/**
 * @file The bar over the grid while poses are selected: count, tag add/remove, mirror, export
 * (format + download link in server mode, written path in the desktop app), delete, clear; with the
 * running action's progress and its outcome or error.
 */
import { useState } from 'react';
import type { ExportFormat } from '../../../src-main/contract';
import { useApi } from '../../api/ApiContext';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ProgressBar } from '../../ui/ProgressBar';
import { parseTags } from './model/importForm';
import type { SelectionActions } from './useSelectionActions';

export function SelectionBar({
  count,
  actions,
  onDelete,
  onClear,
}: {
  count: number;
  actions: SelectionActions;
  onDelete: () => void;
  onClear: () => void;
}) {
  const { files } = useApi();
  const [tagText, setTagText] = useState('');
  const [tagError, setTagError] = useState<string | null>(null);
  const [format, setFormat] = useState<ExportFormat>('coco');
  const disabled = actions.progress !== null || count === 0;
  const changeTags = (mode: 'add' | 'remove') => {
    const parsed = parseTags(tagText);
    if (!parsed.ok || parsed.value.length === 0) {
      setTagError(parsed.ok ? 'type a tag first' : parsed.error);
      return;
    }
    setTagError(null);
    void actions
      .tag(mode === 'add' ? parsed.value : [], mode === 'remove' ? parsed.value : [])
      .then(() => setTagText(''));
  };
  return (
    <div className="selection-bar" role="toolbar" aria-label="Selection actions" data-testid="selection-bar">
      <span className="selection-bar__count" data-testid="selection-count">
        {count === 0 ? 'Nothing selected' : `${count.toLocaleString('en-US')} selected`}
      </span>
      <span className="input-group">
        <input
          className="input"
          value={tagText}
          onChange={(event) => setTagText(event.target.value)}
          onKeyDown={(event) => event.key === 'Enter' && changeTags('add')}
          placeholder="tag, another tag"
          aria-label="Tags for the selection"
          data-testid="selection-tag-input"
        />
        <button
          type="button"
          className="button"
          disabled={disabled}
          onClick={() => changeTags('add')}
          data-testid="selection-tag-add"
        >
          Add tag
        </button>
        <button type="button" className="button" disabled={disabled} onClick={() => changeTags('remove')}>
          Remove tag
        </button>
      </span>
      <button type="button" className="button" disabled={disabled} onClick={() => void actions.mirror()}>
        Mirror
      </button>
      <span className="input-group">
        <select
          className="input"
          value={format}
          onChange={(event) => setFormat(event.target.value as ExportFormat)}
          aria-label="Export format"
          data-testid="export-format"
        >
          <option value="coco">COCO</option>
          <option value="openpose">OpenPose</option>
          <option value="controlnet">ControlNet</option>
        </select>
        <button
          type="button"
          className="button"
          disabled={disabled}
          onClick={() => void actions.exportAs(format)}
          data-testid="export-selection"
        >
          Export
        </button>
      </span>
      <button
        type="button"
        className="button button--danger"
        disabled={disabled}
        onClick={onDelete}
        data-testid="delete-selection"
      >
        Delete…
      </button>
      <button
        type="button"
        className="button button--ghost"
        disabled={count === 0}
        onClick={onClear}
        aria-label="Clear selection"
      >
        Clear
      </button>
      <div className="selection-bar__status" role="status">
        {actions.progress && (
          <>
            <span>{actions.progress.label}…</span>
            <ProgressBar
              compact
              label={actions.progress.label}
              fraction={actions.progress.total > 0 ? actions.progress.done / actions.progress.total : null}
            />
          </>
        )}
        {actions.outcome && <span data-testid="selection-outcome">{actions.outcome}</span>}
        {actions.exported &&
          (files ? (
            <a
              className="link"
              href={files.exportUrl(actions.exported.name)}
              download={actions.exported.name}
              title={actions.exported.path}
              data-testid="export-download"
            >
              Download {actions.exported.name}
            </a>
          ) : (
            <span className="mono" data-testid="export-path">
              {actions.exported.path}
            </span>
          ))}
        <ErrorNotice
          error={tagError ?? actions.error}
          onDismiss={() => (setTagError(null), actions.dismiss())}
        />
      </div>
    </div>
  );
}
