/**
 * @file A worker entry for worker-pool tests, started from source through tsx like the generation
 * worker: echoes values after a delay, refuses, dies, or fails to start on request; 'events' posts
 * `value` events first, 'wait' runs until its task is cancelled, 'unavailable' refuses with an error
 * flagged `unavailable` (as GeneratorUnavailableError is).
 */
import { threadId, workerData } from 'node:worker_threads';
import { serveWorkerTasks } from '../../src-main/core/jobs/node/workerPool';

export type EchoTask = {
  op: 'echo' | 'fail' | 'die' | 'events' | 'wait' | 'unavailable';
  value?: number;
  ms?: number;
};
export type EchoResult = { value: number; thread: number };

const data = (workerData ?? {}) as { failInit?: boolean };

serveWorkerTasks<EchoTask, EchoResult>(async () => {
  if (data.failInit) throw new Error('cannot load the generators');
  return async (task, { emit, signal }) => {
    if (task.op === 'fail') throw new Error(`refused ${task.value ?? 0}`);
    if (task.op === 'unavailable') throw Object.assign(new Error('the model is gone'), { unavailable: true });
    if (task.op === 'events') for (let i = 1; i <= (task.value ?? 0); i++) emit({ step: i });
    if (task.op === 'wait')
      await new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason as Error)),
      );
    if (task.op === 'die') process.exit(2);
    await new Promise((resolve) => setTimeout(resolve, task.ms ?? 0));
    return { value: task.value ?? 0, thread: threadId };
  };
});
