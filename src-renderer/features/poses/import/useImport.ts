/**
 * @file The import flow: upload the chosen file (server mode) or name a path on the studio
 * machine, call `poses.import`, follow the job it starts through `jobs.progress` (found by kind and
 * title among jobs unknown before the start), cancel it with `jobs.cancel`, and keep the report.
 */
import { useCallback, useRef, useState } from 'react';
import type { ImportReport, ImportSource, Job, PoseImportOptions } from '../../../../src-main/contract';
import { useApi } from '../../../api/ApiContext';
import { useJobs } from '../../jobs/JobsContext';
import { findStartedJob } from '../../jobs/model/jobs';

export type ImportRequest = { kind: 'file'; file: File } | { kind: 'path'; path: string };

export type ImportPhase =
  | { kind: 'idle' }
  | { kind: 'uploading'; fileName: string; sent: number; total: number }
  | { kind: 'importing'; title: string; knownIds: ReadonlySet<number> }
  | { kind: 'done'; report: ImportReport }
  | { kind: 'failed'; error: unknown };

/** The job title the studio gives an import of this source (`Import <file name>`). */
export function importTitle(source: ImportSource): string {
  return `Import ${source.kind === 'path' ? (source.path.split(/[\\/]/).pop() ?? source.path) : source.fileName}`;
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
        setPhase({ kind: 'importing', title: importTitle(source), knownIds: new Set(jobs.keys()) });
        const report = await client.call('poses.import', { source, options });
        setPhase({ kind: 'done', report });
      } catch (error) {
        setPhase({ kind: 'failed', error });
      } finally {
        abort.current = null;
      }
    },
    [client, files, jobs],
  );

  const job: Job | null =
    phase.kind === 'importing'
      ? (findStartedJob(jobs, 'import', phase.title, phase.knownIds) ??
        findStartedJob(jobs, 'import', null, phase.knownIds))
      : null;

  const cancel = useCallback(async () => {
    abort.current?.abort();
    if (job !== null) await client.call('jobs.cancel', { id: job.id }).catch(() => undefined);
  }, [client, job]);

  const reset = useCallback(() => setPhase({ kind: 'idle' }), []);
  return { phase, job, start, cancel, reset };
}
