/**
 * @file Data hooks of the Generate page: the runs (`generate.runs`, newest first, refetched on
 * catalog changes, on `variants.created` and when a run's job changes state) and the newest
 * variants of one run (`variants.list`, refetched on that run's `variants.created`). Refetches
 * driven by event bursts are throttled.
 */
import { useEffect, useRef } from 'react';
import type { EventName, EventPayload, GenerationRun, Variant } from '../../../src-main/contract';
import { useApi } from '../../api/ApiContext';
import { useQuery } from '../../api/hooks';
import { changesRunState, newestFirst } from './model/runs';
import { createThrottle } from './model/throttle';

/** Refetches after bursts of events: at most one per interval. */
export const REFETCH_INTERVAL_MS = 400;
/** Variants shown in the live grid. */
export const LIVE_VARIANTS = 60;

/** Call `listener` for `event` payloads that `accept` takes, at most once per `intervalMs`. */
export function useThrottledEvent<E extends EventName>(
  event: E,
  accept: (payload: EventPayload<E>) => boolean,
  listener: () => void,
  intervalMs = REFETCH_INTERVAL_MS,
): void {
  const { client } = useApi();
  const latest = useRef({ accept, listener });
  useEffect(() => {
    latest.current = { accept, listener };
  });
  useEffect(() => {
    const throttle = createThrottle(() => latest.current.listener(), intervalMs);
    const stop = client.on(event, (payload) => {
      if (latest.current.accept(payload)) throttle.trigger();
    });
    return () => {
      stop();
      throttle.cancel();
    };
  }, [client, event, intervalMs]);
}

export type RunsState = { runs: GenerationRun[] | undefined; error: unknown; refetch(): void };

export function useRuns(): RunsState {
  const query = useQuery('generate.runs', { limit: 50 });
  const runs = query.data?.items;
  const { refetch } = query;
  useThrottledEvent('variants.created', () => true, refetch);
  useThrottledEvent('jobs.progress', (job) => runs !== undefined && changesRunState(runs, job), refetch);
  return { runs: runs && newestFirst(runs), error: query.error, refetch };
}

export type VariantsState = { items: Variant[] | undefined; total: number; error: unknown };

export function useRunVariants(runId: number | null): VariantsState {
  const query = useQuery(
    'variants.list',
    runId === null ? null : { filter: { runId }, newestFirst: true, limit: LIVE_VARIANTS },
  );
  useThrottledEvent('variants.created', (payload) => payload.runId === runId, query.refetch);
  return { items: query.data?.items, total: query.data?.total ?? 0, error: query.error };
}
