/**
 * @file Entry of the training worker thread (bundled as out/main/trainWorker.js; run from source
 * via tsx, see jobs/node/workerEntry.ts). One worker per job start: it trains (or evaluates) the
 * run named in workerData, posts progress to the main thread, and stops at the next step boundary
 * (saving a checkpoint) when the main thread posts `{ type: 'stop' }`. Errors go back as
 * `{ type: 'error', message }`; the worker then exits.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runEvaluation, type EvalWorkerInput } from './evalSession';
import { runTraining, type TrainWorkerInput } from './trainSession';

const input = workerData as TrainWorkerInput | EvalWorkerInput;
const port = parentPort;
if (port === null) throw new Error('trainWorker must run in a worker thread');
const controller = new AbortController();
port.on('message', (message: { type?: string }) => {
  if (message.type === 'stop') controller.abort(new Error('stopped'));
});

const post = (message: unknown): void => port.postMessage(message);
const work =
  input.mode === 'train'
    ? runTraining(input, post, controller.signal)
    : runEvaluation(input, post, controller.signal);
work
  .catch((error: unknown) => {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  })
  .finally(() => port.close());
