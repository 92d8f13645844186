/**
 * @file A trailing throttle for refetches driven by bursts of events (variants.created arrives
 * per committed batch): the first trigger runs at once, later ones within `intervalMs` collapse
 * into one run at the end of the interval. Timers and clock injected for tests. Pure.
 */

export type Timers = {
  now(): number;
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
};

export const realTimers: Timers = {
  now: () => Date.now(),
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export type Throttle = { trigger(): void; cancel(): void };

export function createThrottle(run: () => void, intervalMs: number, timers: Timers = realTimers): Throttle {
  let last = -Infinity;
  let pending: unknown = null;
  const fire = () => {
    pending = null;
    last = timers.now();
    run();
  };
  return {
    trigger: () => {
      if (pending !== null) return;
      const wait = last + intervalMs - timers.now();
      if (wait <= 0) fire();
      else pending = timers.set(fire, wait);
    },
    cancel: () => {
      if (pending !== null) timers.clear(pending);
      pending = null;
    },
  };
}
