/**
 * @file Actions on the library selection: tag/untag, mirror, delete, export. Resolves a select-all
 * into ids page by page (the API's tag/mirror/delete take ids), runs in chunks with progress, and
 * keeps a one-line outcome, the last error and the last export for the selection bar.
 */
import { useCallback, useState } from 'react';
import type { ExportFormat, ExportResult, PoseFilter } from '../../../src-main/contract';
import { useApi } from '../../api/ApiContext';
import type { Selection } from './model/selection';
import { exportFilterFor, resolveSelectedIds, runInChunks, type IdFetcher } from './model/selectionTarget';

export type ActionProgress = { label: string; done: number; total: number };

export type SelectionActions = {
  progress: ActionProgress | null;
  outcome: string | null;
  error: unknown;
  exported: ExportResult | null;
  tag(add: string[], remove: string[]): Promise<void>;
  mirror(): Promise<void>;
  remove(): Promise<number[] | null>;
  exportAs(format: ExportFormat): Promise<void>;
  dismiss(): void;
};

const plural = (count: number) => `${count.toLocaleString('en-US')} pose${count === 1 ? '' : 's'}`;

type Report = (done: number, total: number) => void;

/** Progress, outcome and error around one long selection task at a time. */
function useTask() {
  const [progress, setProgress] = useState<ActionProgress | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const perform = useCallback(async <T>(label: string, work: (report: Report) => Promise<T>) => {
    setError(null);
    setOutcome(null);
    setProgress({ label, done: 0, total: 0 });
    try {
      return await work((done, total) => setProgress({ label, done, total }));
    } catch (caught) {
      setError(caught);
      return null;
    } finally {
      setProgress(null);
    }
  }, []);
  const clear = useCallback(() => (setOutcome(null), setError(null)), []);
  return { progress, outcome, error, perform, setOutcome, clear };
}

export function useSelectionActions(selection: Selection, filter: PoseFilter): SelectionActions {
  const { client } = useApi();
  const task = useTask();
  const { perform, setOutcome } = task;
  const [exported, setExported] = useState<ExportResult | null>(null);

  const fetchIds: IdFetcher = useCallback(
    async (where, afterId, limit) => (await client.call('poses.ids', { filter: where, afterId, limit })).ids,
    [client],
  );

  /** Resolve the selection to ids, run `call` over them in chunks, say what happened. */
  const withIds = (
    label: string,
    call: (ids: number[]) => Promise<number>,
    describe: (count: number) => string,
  ) =>
    perform(label, async (report) => {
      const total = selection.kind === 'all' ? (await client.call('poses.count', { filter })).count : 0;
      const ids = await resolveSelectedIds(selection, filter, fetchIds, total, report);
      setOutcome(describe(await runInChunks(ids, call, report)));
      return ids;
    });

  return {
    progress: task.progress,
    outcome: task.outcome,
    error: task.error,
    exported,
    dismiss: () => (task.clear(), setExported(null)),
    tag: async (add, remove) => {
      const call = async (ids: number[]) => (await client.call('poses.tag', { ids, add, remove })).updated;
      await withIds('Tagging', call, (count) => `Tags changed on ${plural(count)}`);
    },
    mirror: async () => {
      const call = async (ids: number[]) => (await client.call('poses.mirror', { ids })).updated;
      await withIds('Mirroring', call, (count) => `Mirrored ${plural(count)}`);
    },
    remove: () => {
      const call = async (ids: number[]) => (await client.call('poses.delete', { ids })).deleted;
      return withIds('Deleting', call, (count) => `Deleted ${plural(count)}`);
    },
    exportAs: async (format) => {
      setExported(null);
      await perform('Exporting', async (report) => {
        const resolve = async () =>
          resolveSelectedIds(
            selection,
            filter,
            fetchIds,
            (await client.call('poses.count', { filter })).count,
            report,
          );
        const result = await client.call('poses.export', {
          filter: await exportFilterFor(selection, filter, resolve),
          format,
        });
        setExported(result);
        setOutcome(`Exported ${plural(result.count)} as ${format}`);
      });
    },
  };
}
