/**
 * @file The import dialog: the form, then progress (upload bytes, then the job's progress bar,
 * rate, ETA and a Cancel button), then the report or the error. It cannot be dismissed while work
 * runs (Cancel stops the job instead).
 */
import type { Job } from '../../../../src-main/contract';
import { useApi } from '../../../api/ApiContext';
import { isStudioError } from '../../../../src-main/contract';
import { Dialog } from '../../../ui/Dialog';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { ProgressBar } from '../../../ui/ProgressBar';
import { describeProgress, formatBytes, progressFraction } from '../../../../src-main/core/shared/format';
import { ImportForm } from './ImportForm';
import { ImportReportView } from './ImportReportView';
import { useImport, type ImportPhase } from './useImport';

export function ImportDialog({ onClose }: { onClose: () => void }) {
  const { files } = useApi();
  const flow = useImport();
  const { phase } = flow;
  const working = phase.kind === 'uploading' || phase.kind === 'importing';
  return (
    <Dialog title="Import poses" onClose={working ? null : onClose} wide testId="import-dialog">
      {phase.kind === 'idle' && (
        <ImportForm
          canUpload={files !== null}
          onStart={(request, options) => void flow.start(request, options)}
          onCancel={onClose}
        />
      )}
      {working && <ImportProgress phase={phase} job={flow.job} onCancel={() => void flow.cancel()} />}
      {phase.kind === 'done' && <ImportReportView report={phase.report} />}
      {phase.kind === 'failed' && (
        <div data-testid="import-failed">
          <p>
            {isStudioError(phase.error) && phase.error.code === 'CANCELLED'
              ? 'The import was cancelled.'
              : 'The import failed.'}
          </p>
          <ErrorNotice error={phase.error} />
        </div>
      )}
      {(phase.kind === 'done' || phase.kind === 'failed') && (
        <div className="dialog__actions">
          <button type="button" className="button" onClick={flow.reset}>
            Import another
          </button>
          <button
            type="button"
            className="button button--primary"
            onClick={onClose}
            data-testid="import-close"
          >
            Done
          </button>
        </div>
      )}
    </Dialog>
  );
}

function ImportProgress({
  phase,
  job,
  onCancel,
}: {
  phase: Extract<ImportPhase, { kind: 'uploading' | 'importing' }>;
  job: Job | null;
  onCancel: () => void;
}) {
  let label: string;
  let detail: string;
  let fraction: number | null;
  if (phase.kind === 'uploading') {
    label = `Uploading ${phase.fileName}`;
    fraction = phase.total > 0 ? phase.sent / phase.total : null;
    detail = `${formatBytes(phase.sent)} of ${formatBytes(phase.total)}`;
  } else {
    label = job?.title ?? 'Importing';
    fraction = job ? progressFraction(job) : null;
    detail = job ? describeProgress(job) : 'Starting…';
  }
  return (
    <div className="import-progress" data-testid="import-progress">
      <p className="import-progress__label">{label}</p>
      <ProgressBar fraction={fraction} label={label} />
      <p className="muted small" data-testid="import-progress-detail">
        {detail}
        {job?.message ? ` · ${job.message}` : ''}
      </p>
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel} data-testid="import-cancel">
          Cancel import
        </button>
      </div>
    </div>
  );
}
