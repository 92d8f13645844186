/**
 * @file Data hooks of the Train page: the runs (`train.runs`, refetched on `catalog.changed`
 * for training runs and on `jobs.progress` of their jobs), one run's detail (`train.get`
 * downsampled to MAX_POINTS, with the selected run's live `train.metrics` points appended), and
 * the evaluation results of every run (`train.evals`, refetched when evaluations change). Event
 * bursts are throttled like the Generate page's.
 */
import { useMemo, useState } from 'react';
import type { EvalResult, MetricPoint, TrainRunDetail, TrainRun } from '../../../src-main/contract';
import { useEvent, useQuery } from '../../api/hooks';
import { useThrottledEvent } from '../generate/useGenerateData';
import { appendLive, mergeMetrics } from './model/chart';
import { newestRunsFirst } from './model/trainRuns';

/** Points per chart: what `train.get` downsamples to, and the cap for live points. */
export const MAX_POINTS = 600;

export type TrainRunsState = { runs: TrainRun[] | undefined; error: unknown; refetch(): void };

export function useTrainRuns(): TrainRunsState {
  const query = useQuery('train.runs', { limit: 50 }, { live: false });
  const runs = query.data?.items;
  const { refetch } = query;
  useThrottledEvent('catalog.changed', (change) => change.entity === 'trainRuns', refetch);
  useThrottledEvent('jobs.progress', (job) => runs?.some((run) => run.jobId === job.id) ?? false, refetch);
  return { runs: runs && newestRunsFirst(runs), error: query.error, refetch };
}

export type RunDetailState = {
  detail: TrainRunDetail | undefined;
  /** Fetched metrics with the live points after them. */
  metrics: MetricPoint[];
  error: unknown;
};

export function useRunDetail(runId: number | null, jobId: number | null): RunDetailState {
  const query = useQuery('train.get', runId === null ? null : { id: runId, maxPoints: MAX_POINTS }, {
    live: false,
  });
  const { refetch } = query;
  useThrottledEvent(
    'catalog.changed',
    (change) => change.entity === 'trainRuns' || change.entity === 'evals',
    refetch,
  );
  // A state change (paused, done) comes with a checkpoint: fetch the list again.
  useThrottledEvent('jobs.progress', (job) => job.id === jobId && job.state !== 'running', refetch);
  const [live, setLive] = useState<{ runId: number | null; points: MetricPoint[] }>({ runId, points: [] });
  useEvent('train.metrics', ({ runId: from, points }) => {
    if (from !== runId) return;
    setLive((current) => ({
      runId,
      points: appendLive(current.runId === runId ? current.points : [], points, MAX_POINTS),
    }));
  });
  const fetched = query.data?.metrics;
  const livePoints = live.runId === runId ? live.points : null;
  const metrics = useMemo(
    () => mergeMetrics(fetched ?? [], livePoints ?? [], MAX_POINTS),
    [fetched, livePoints],
  );
  return { detail: query.data, metrics, error: query.error };
}

export type EvalsState = { items: EvalResult[] | undefined; error: unknown };

export function useEvals(): EvalsState {
  const query = useQuery('train.evals', {}, { live: false });
  useThrottledEvent('catalog.changed', (change) => change.entity === 'evals', query.refetch);
  return { items: query.data?.items, error: query.error };
}
