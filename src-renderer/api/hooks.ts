/**
 * @file Small data hooks over the contract client, no extra libraries: `useQuery` (a method call
 * keyed by its input, refetched when the catalog changes, stale data kept while refetching),
 * `useEvent`, `useCatalogChanged` (coalesced), `useAction` (busy/error state for mutations) and
 * `useConnectionState`.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../src-main/contract';
import { useApi } from './ApiContext';
import type { ConnectionState } from './transports/httpTransport';

/** Subscribe to a studio event for the life of the component; the latest listener is called. */
export function useEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
  const { client } = useApi();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => client.on(event, (payload) => latest.current(payload)), [client, event]);
}

/** Call `onChange` after `catalog.changed` events, at most once per `delayMs` (imports emit many). */
export function useCatalogChanged(onChange: () => void, enabled = true, delayMs = 200): void {
  const { client } = useApi();
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  useEffect(() => {
    if (!enabled) return undefined;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = client.on('catalog.changed', () => {
      timer ??= setTimeout(() => {
        timer = null;
        latest.current();
      }, delayMs);
    });
    return () => {
      stop();
      if (timer !== null) clearTimeout(timer);
    };
  }, [client, enabled, delayMs]);
}

export type QueryState<T> = {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  refetch(): void;
};

type Settled<T> = { key: string; nonce: number; data: T | undefined; error: unknown };

/**
 * Call `method` with `input` (null: do not call) and keep the answer. Refetches when the input
 * changes, on `refetch()`, and (unless `live: false`) after catalog changes.
 */
export function useQuery<M extends MethodName>(
  method: M,
  input: MethodInput<M> | null,
  options: { live?: boolean } = {},
): QueryState<MethodOutput<M>> {
  const { client } = useApi();
  const inputJson = input === null ? null : JSON.stringify(input);
  const key = inputJson === null ? null : `${method} ${inputJson}`;
  const [nonce, setNonce] = useState(0);
  const [settled, setSettled] = useState<Settled<MethodOutput<M>> | null>(null);
  const refetch = useCallback(() => setNonce((n) => n + 1), []);
  useCatalogChanged(refetch, options.live !== false && key !== null);

  useEffect(() => {
    if (inputJson === null || key === null) return undefined;
    let current = true;
    client.call(method, JSON.parse(inputJson) as MethodInput<M>).then(
      (data) => current && setSettled({ key, nonce, data, error: null }),
      (error: unknown) =>
        current &&
        setSettled((prev) => ({ key, nonce, data: prev?.key === key ? prev.data : undefined, error })),
    );
    return () => {
      current = false;
    };
  }, [client, method, inputJson, key, nonce]);

  const sameKey = settled !== null && settled.key === key;
  return {
    data: sameKey ? settled.data : undefined,
    error: sameKey ? settled.error : null,
    loading: key !== null && (!sameKey || settled.nonce !== nonce),
    refetch,
  };
}

export type ActionState = {
  busy: boolean;
  error: unknown;
  /** Run `work`; resolves to its value, or undefined when it threw (the error is kept). */
  run<T>(work: () => Promise<T>): Promise<T | undefined>;
  clearError(): void;
};

/** Busy and error state around user-triggered mutations. */
export function useAction(): ActionState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (caught) {
      setError(caught);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { busy, error, run, clearError };
}

export function useConnectionState(): ConnectionState {
  const api = useApi();
  return useSyncExternalStore(api.onConnection, api.connection);
}
