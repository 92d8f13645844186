/**
 * @file Two small timing hooks: `useDebouncedValue` (a value that settles `ms` after its last
 * change, for the rules preview) and `useDebouncedCallback` (a call made `ms` after the last
 * trigger, for sliders and the prompt box, flushed at once on demand and dropped on unmount).
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export function useDebouncedValue<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export type Debounced<A> = { call(arg: A): void; flush(): void };

export function useDebouncedCallback<A>(run: (arg: A) => void, ms: number): Debounced<A> {
  const latest = useRef(run);
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; arg: A } | null>(null);
  useEffect(() => {
    latest.current = run;
  });
  useEffect(
    () => () => {
      if (pending.current !== null) clearTimeout(pending.current.timer);
    },
    [],
  );
  const flush = useCallback(() => {
    const waiting = pending.current;
    if (waiting === null) return;
    clearTimeout(waiting.timer);
    pending.current = null;
    latest.current(waiting.arg);
  }, []);
  const call = useCallback(
    (arg: A) => {
      if (pending.current !== null) clearTimeout(pending.current.timer);
      pending.current = { arg, timer: setTimeout(flush, ms) };
    },
    [flush, ms],
  );
  return { call, flush };
}
