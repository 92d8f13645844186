import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { EchoResult, EchoTask } from '../../../../tests/helpers/echoWorker';
import { repoRoot } from '../../../../tests/helpers/paths';
import { spawnWorker } from './workerEntry';
import {
  defaultPoolSize,
  WorkerAbortError,
  WorkerCrashError,
  WorkerPool,
  WorkerTaskError,
} from './workerPool';

// A worker module runs when imported: only its type is imported here, the thread loads it by path.
const entry = { file: join(repoRoot, 'tests/helpers/echoWorker.ts'), source: true };
const pool = (size: number, data: unknown = {}, tasksPerWorker = 1) =>
  new WorkerPool<EchoTask, EchoResult>(() => spawnWorker(entry, data), { size, tasksPerWorker });

describe('worker pool', () => {
  it('is sized to the machine: available parallelism - 1, at least 1', () => {
    expect(defaultPoolSize()).toBeGreaterThanOrEqual(1);
  });

  it('runs tasks on worker threads (started from TypeScript source via tsx), at most `size` at once', async () => {
    const workers = pool(2);
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((value) => workers.run({ op: 'echo', value, ms: 20 })),
    );
    expect(results.map((result) => result.value)).toEqual([1, 2, 3, 4, 5]);
    const threads = new Set(results.map((result) => result.thread));
    expect(threads.size).toBeLessThanOrEqual(2);
    expect(threads.has(0)).toBe(false);
    expect(workers.workers).toBe(2);
    await workers.close();
  });

  it('hands several tasks to one worker when asked (they overlap in time)', async () => {
    const workers = pool(1, {}, 2);
    expect(workers.capacity).toBe(2);
    const started = Date.now();
    const results = await Promise.all([1, 2].map((value) => workers.run({ op: 'echo', value, ms: 400 })));
    expect(Date.now() - started).toBeLessThan(780);
    expect(new Set(results.map((result) => result.thread)).size).toBe(1);
    await workers.close();
  });

  it('hands the events a task posts to its onEvent, and cancels running and queued tasks', async () => {
    const workers = pool(1);
    const events: unknown[] = [];
    const done = await workers.run({ op: 'events', value: 3 }, { onEvent: (e) => events.push(e) });
    expect(done.value).toBe(3);
    expect(events).toEqual([{ step: 1 }, { step: 2 }, { step: 3 }]);

    const controller = new AbortController();
    const running = workers.run({ op: 'wait' }, { signal: controller.signal });
    const queued = workers.run({ op: 'echo', value: 9 }, { signal: controller.signal });
    const settled = Promise.allSettled([running, queued]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    for (const outcome of await settled) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(WorkerAbortError);
    }
    expect((await workers.run({ op: 'echo', value: 4 })).value).toBe(4); // the worker goes on
    await workers.close();
  });

  it('spawns lazily: no worker before the first task', async () => {
    const workers = pool(3);
    expect(workers.workers).toBe(0);
    await workers.run({ op: 'echo', value: 1 });
    expect(workers.workers).toBe(1);
    await workers.close();
  });

  it('reports a refused task as WorkerTaskError and goes on', async () => {
    const workers = pool(1);
    await expect(workers.run({ op: 'fail', value: 3 })).rejects.toThrow(WorkerTaskError);
    await expect(workers.run({ op: 'echo', value: 4 })).resolves.toMatchObject({ value: 4 });
    await workers.close();
  });

  it('keeps the `unavailable` flag of a handler error (no task can succeed now), and only that one', async () => {
    const workers = pool(1);
    const gone = await workers.run({ op: 'unavailable' }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(WorkerTaskError);
    expect(gone).toMatchObject({ message: 'the model is gone', unavailable: true });
    const refused = await workers.run({ op: 'fail', value: 1 }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ message: 'refused 1', unavailable: false });
    await workers.close();
  });

  it('fails only the task a dying worker held, and replaces the worker', async () => {
    const workers = pool(1);
    const dying = workers.run({ op: 'die' });
    const next = workers.run({ op: 'echo', value: 9 });
    const error = await dying.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerCrashError);
    expect((error as WorkerCrashError).phase).toBe('run');
    await expect(next).resolves.toMatchObject({ value: 9 });
    await workers.close();
  });

  it('fails every waiting task when a worker cannot start', async () => {
    const workers = pool(1, { failInit: true });
    const results = await Promise.allSettled([workers.run({ op: 'echo' }), workers.run({ op: 'echo' })]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const reason = (result as PromiseRejectedResult).reason as WorkerCrashError;
      expect(reason.phase).toBe('start');
      expect(reason.message).toMatch(/failed to start: cannot load the generators/);
    }
    await workers.close();
  });

  it('close() stops the workers and refuses new tasks', async () => {
    const workers = pool(1);
    await workers.run({ op: 'echo', value: 1 });
    const running = expect(workers.run({ op: 'echo', value: 2, ms: 5_000 })).rejects.toThrow(/closed/);
    await workers.close();
    await running;
    await expect(workers.run({ op: 'echo' })).rejects.toThrow(/closed/);
    expect(workers.workers).toBe(0);
  });
});
