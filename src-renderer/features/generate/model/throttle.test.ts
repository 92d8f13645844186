import { describe, expect, it } from 'vitest';
import { createThrottle, type Timers } from './throttle';

function fakeTimers() {
  let now = 0;
  const queue: Array<{ at: number; callback: () => void; id: number }> = [];
  let nextId = 1;
  const timers: Timers = {
    now: () => now,
    set: (callback, ms) => {
      const id = nextId++;
      queue.push({ at: now + ms, callback, id });
      return id;
    },
    clear: (handle) => {
      const index = queue.findIndex((entry) => entry.id === handle);
      if (index >= 0) queue.splice(index, 1);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const entry of queue.filter((e) => e.at <= now)) {
      queue.splice(queue.indexOf(entry), 1);
      entry.callback();
    }
  };
  return { timers, advance, pending: () => queue.length };
}

describe('throttle', () => {
  it('runs at once, then collapses a burst into one trailing run per interval', () => {
    const clock = fakeTimers();
    let runs = 0;
    const throttle = createThrottle(() => (runs += 1), 500, clock.timers);
    throttle.trigger();
    expect(runs).toBe(1);
    throttle.trigger();
    throttle.trigger();
    clock.advance(100);
    throttle.trigger();
    expect(runs).toBe(1);
    clock.advance(400);
    expect(runs).toBe(2);
    clock.advance(1000);
    throttle.trigger();
    expect(runs).toBe(3);
  });

  it('cancel drops the pending run', () => {
    const clock = fakeTimers();
    let runs = 0;
    const throttle = createThrottle(() => (runs += 1), 500, clock.timers);
    throttle.trigger();
    throttle.trigger();
    throttle.cancel();
    clock.advance(1000);
    expect(runs).toBe(1);
    expect(clock.pending()).toBe(0);
  });
});
