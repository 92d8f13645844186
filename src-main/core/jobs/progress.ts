/**
 * @file Progress arithmetic for jobs: a windowed rate estimator, ETA, and a throttle so progress events cross process boundaries a few times a second, not per item.
 */
export class RateEstimator {
  readonly #windowMs: number;
  readonly #samples: { at: number; done: number }[] = [];

  constructor(windowMs = 5000) {
    this.#windowMs = windowMs;
  }

  push(done: number, at: number): void {
    this.#samples.push({ at, done });
    while (this.#samples.length > 2 && at - this.#samples[0]!.at > this.#windowMs) this.#samples.shift();
  }

  /** Units per second over the window, or null until there is enough to say. */
  rate(): number | null {
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    if (!first || !last || last.at - first.at < 100) return null;
    return Math.max(0, ((last.done - first.done) * 1000) / (last.at - first.at));
  }

  etaSeconds(done: number, total: number | null): number | null {
    const rate = this.rate();
    if (total === null || rate === null || rate <= 0) return null;
    return Math.max(0, (total - done) / rate);
  }
}

/** Returns true at most once per `intervalMs` (always true when `force`). */
export function createThrottle(intervalMs: number, now: () => number): (force?: boolean) => boolean {
  let last = -Infinity;
  return (force = false) => {
    const t = now();
    if (!force && t - last < intervalMs) return false;
    last = t;
    return true;
  };
}
