/**
 * @file Reconnect delays for the event socket: exponential from 500 ms, capped at 10 s, with a
 * little jitter so many tabs do not reconnect in lockstep. Pure.
 */

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 10_000;

/** Delay before reconnect attempt `attempt` (0 for the first retry); `random` in [0, 1). */
export function reconnectDelay(attempt: number, random: number = Math.random()): number {
  const exponential = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(exponential * (0.85 + 0.3 * random));
}
