/**
 * @file The import flow: upload the chosen file (server mode) or name a path on the studio
 * machine, call `poses.import` with a fresh request id, follow the job it starts through
 * `jobs.progress` (the job echoes the request id), cancel it with `jobs.cancel`, keep the report.
 */
import { useCallback, useRef, useState } from 'react';
import type { ImportReport, ImportSource, Job, PoseImportOptions } from '../../../../src-main/contract';
import { useApi } from '../../../api/ApiContext';
import { useJobs } from '../../jobs/JobsContext';
import { findJobByRequest } from '../../jobs/model/jobs';

export type ImportRequest = { kind: 'file'; file: File } | { kind: 'path'; path: string };

export type ImportPhase =
  | { kind: 'idle' }
  | { kind: 'uploading'; fileName: string; sent: number; total: number }
  | { kind: 'importing'; requestId: string }
  | { kind: 'done'; report: ImportReport }
  | { kind: 'failed'; error: unknown };

/** A request id the job will echo: unique per import started from this page. */
export function newRequestId(): string {
  return `import-${crypto.randomUUID()}`;
}

export function useImport() {
  const { client, files } = useApi();
  const jobs = useJobs();
  const [phase, setPhase] = useState<ImportPhase>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);

  const start = useCallback(
    async (request: ImportRequest, options: PoseImportOptions) => {
      const controller = new AbortController();
      abort.current = controller;
      try {
        let source: ImportSource;
        if (request.kind === 'file') {
          if (files === null) throw new Error('uploads exist in server mode only; use a path');
          const { file } = request;
          setPhase({ kind: 'uploading', fileName: file.name, sent: 0, total: file.size });
          const uploaded = await files.upload(
            file,
            (sent, total) => setPhase({ kind: 'uploading', fileName: file.name, sent, total }),
            controller.signal,
          );
          source = { kind: 'upload', uploadId: uploaded.uploadId, fileName: file.name };
        } else {
          source = { kind: 'path', path: request.path };
        }
        const requestId = newRequestId();
        setPhase({ kind: 'importing', requestId });
        const report = await client.call('poses.import', { source, options, requestId });
        setPhase({ kind: 'done', report });
      } catch (error) {
        setPhase({ kind: 'failed', error });
      } finally {
        abort.current = null;
      }
    },
    [client, files],
  );

  const job: Job | null = phase.kind === 'importing' ? findJobByRequest(jobs, phase.requestId) : null;

  const cancel = useCallback(async () => {
    abort.current?.abort();
    if (job !== null) await client.call('jobs.cancel', { id: job.id }).catch(() => undefined);
  }, [client, job]);

  const reset = useCallback(() => setPhase({ kind: 'idle' }), []);
  return { phase, job, start, cancel, reset };
}
