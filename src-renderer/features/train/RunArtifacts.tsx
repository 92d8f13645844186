/**
 * @file What a run leaves behind: its checkpoints (step, size, time), Evaluate (`train.eval` on
 * the latest checkpoint, its job followed through `jobs.progress`), and the encoder exports
 * (`train.export` as ONNX, ONNX fp16 or timm safetensors). In server mode an export becomes a
 * download link (`/api/exports/<name>`); in the desktop app the studio saved it, so its path shows.
 */
import { useState } from 'react';
import type { Checkpoint, ExportFormatTrain, TrainExportResult, TrainRun } from '../../../src-main/contract';
import { formatBytes, formatCount } from '../../../src-main/core/shared/format';
import { useApi } from '../../api/ApiContext';
import { useAction } from '../../api/hooks';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useJobs } from '../jobs/JobsContext';
import { evalStatus } from './model/trainRuns';

const EXPORTS: ReadonlyArray<{ format: ExportFormatTrain; label: string; testId: string }> = [
  { format: 'onnx', label: 'ONNX', testId: 'train-export-onnx' },
  { format: 'onnx-fp16', label: 'ONNX fp16', testId: 'train-export-fp16' },
  { format: 'timm-safetensors', label: 'timm safetensors', testId: 'train-export-timm' },
];

function CheckpointList({ checkpoints }: { checkpoints: readonly Checkpoint[] | undefined }) {
  if (checkpoints === undefined) return <p className="muted">Loading checkpoints…</p>;
  if (checkpoints.length === 0) {
    return (
      <p className="muted" data-testid="train-checkpoints-empty">
        No checkpoint yet: one is saved every few steps, on pause and at the end.
      </p>
    );
  }
  return (
    <ul className="train-checkpoints" data-testid="train-checkpoints">
      {[...checkpoints].reverse().map((checkpoint) => (
        <li key={checkpoint.step} data-step={checkpoint.step}>
          <span>step {formatCount(checkpoint.step)}</span>
          <span className="muted">{formatBytes(checkpoint.bytes)}</span>
          <span className="muted">{new Date(checkpoint.createdAt).toLocaleString()}</span>
        </li>
      ))}
    </ul>
  );
}

function Evaluate({ run, disabled }: { run: TrainRun; disabled: boolean }) {
  const { client } = useApi();
  const jobs = useJobs();
  const action = useAction();
  const [jobId, setJobId] = useState<number | null>(null);
  const job = jobId === null ? undefined : jobs.get(jobId);
  const running =
    jobId !== null && (job === undefined || ['queued', 'running', 'paused'].includes(job.state));
  const onEvaluate = async () => {
    const queued = await action.run(() => client.call('train.eval', { id: run.id }));
    if (queued !== undefined) setJobId(queued.jobId);
  };
  return (
    <div className="train-artifacts__row">
      <button
        type="button"
        className="button"
        disabled={disabled || running || action.busy}
        onClick={() => void onEvaluate()}
        data-testid="train-eval"
      >
        Evaluate latest checkpoint
      </button>
      {jobId !== null && (
        <span
          className="muted"
          role="status"
          data-testid="train-eval-status"
          data-state={job?.state ?? 'queued'}
        >
          {evalStatus(job)}
        </span>
      )}
      <ErrorNotice error={action.error} onDismiss={action.clearError} />
    </div>
  );
}

function Exports({ run, disabled }: { run: TrainRun; disabled: boolean }) {
  const { client, files } = useApi();
  const action = useAction();
  const [exported, setExported] = useState<TrainExportResult | null>(null);
  const onExport = async (format: ExportFormatTrain) => {
    setExported(null);
    const result = await action.run(() => client.call('train.export', { id: run.id, format }));
    if (result !== undefined) setExported(result);
  };
  return (
    <div className="train-artifacts__row">
      {EXPORTS.map(({ format, label, testId }) => (
        <button
          key={format}
          type="button"
          className="button button--small"
          disabled={disabled || action.busy}
          onClick={() => void onExport(format)}
          data-testid={testId}
        >
          {label}
        </button>
      ))}
      {action.busy && <span className="muted">Exporting…</span>}
      {exported &&
        (files ? (
          <a
            className="link"
            href={files.exportUrl(exported.name)}
            download={exported.name}
            title={exported.path}
            data-testid="train-export-link"
          >
            Download {exported.name} ({formatBytes(exported.bytes)}, step {formatCount(exported.step)})
          </a>
        ) : (
          <span className="mono" data-testid="train-export-path">
            Saved {exported.path}
          </span>
        ))}
      <ErrorNotice error={action.error} onDismiss={action.clearError} />
    </div>
  );
}

export function RunArtifacts({
  run,
  checkpoints,
}: {
  run: TrainRun;
  checkpoints: readonly Checkpoint[] | undefined;
}) {
  const none = checkpoints === undefined || checkpoints.length === 0;
  return (
    <div className="train-artifacts">
      <h3 className="train-artifacts__title">Checkpoints</h3>
      <CheckpointList checkpoints={checkpoints} />
      <Evaluate run={run} disabled={none} />
      <h3 className="train-artifacts__title">Export the encoder</h3>
      <Exports run={run} disabled={none} />
    </div>
  );
}
