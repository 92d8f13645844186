/**
 * @file Starts the training worker thread for one job start and speaks its protocol from the main
 * thread: messages in, `stop` out. The worker script sits beside this module from source
 * (trainWorker.ts) and beside the bundle's chunks once built (out/main/trainWorker.js).
 */
import type { Worker } from 'node:worker_threads';
import { resolveWorkerEntry, spawnWorker } from '../../jobs/node/workerEntry';
import type { EvalWorkerInput, EvalWorkerMessage } from './evalSession';
import type { TrainWorkerInput, TrainWorkerMessage } from './trainSession';

export type ThreadMessage = TrainWorkerMessage | EvalWorkerMessage | { type: 'error'; message: string };

export type ThreadHandle = {
  /** Settles when the worker exits: rejects with its error, or when it died without a word. */
  finished: Promise<void>;
  /** Ask it to stop at the next step boundary (it saves a checkpoint first). */
  stop(): void;
};

export function startTrainThread(
  input: TrainWorkerInput | EvalWorkerInput,
  onMessage: (message: ThreadMessage) => void,
): ThreadHandle {
  const worker: Worker = spawnWorker(resolveWorkerEntry(__dirname, 'trainWorker'), input);
  let failure: Error | null = null;
  const finished = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: ThreadMessage) => {
      if (message.type === 'error') failure = new Error(message.message);
      else {
        try {
          onMessage(message);
        } catch (error) {
          failure ??= error as Error;
        }
      }
    });
    worker.on('error', (error) => {
      failure ??= error;
    });
    worker.on('exit', (code) => {
      if (failure) reject(failure);
      else if (code !== 0) reject(new Error(`the training thread exited with code ${code}`));
      else resolve();
    });
  });
  return { finished, stop: () => worker.postMessage({ type: 'stop' }) };
}
