/**
 * @file Entry of a generation worker thread (bundled as out/main/worker.js; run from source via
 * tsx, see workerEntry.ts). It loads the generators once, then runs one item at a time: generate,
 * encode with sharp, hash; the encoded bytes and the variant's metadata go back to the main thread
 * (previews on the way, as events); a cancel from the main thread aborts the item's signal. The same
 * entry serves model-folder inspections (inspectTask.ts), which open ONNX sessions synchronously and
 * so must not run on the main thread.
 */
import { createRequire } from 'node:module';
import { workerData } from 'node:worker_threads';
import type { ModelReport } from '../../../contract';
import { loadGenerators } from './generatorLoader';
import {
  runGenerateTask,
  type GenerateTask,
  type GeneratedItem,
  type GenerationWorkerData,
} from './generateTask';
import { isInspectModelTask, runInspectModelTask, type InspectModelTask } from './inspectTask';
import { serveWorkerTasks } from './workerPool';

const data = workerData as GenerationWorkerData;
// require, not import(): from source, tsx hooks require in this thread (not the ESM loader).
const load = createRequire(__filename);

serveWorkerTasks<GenerateTask | InspectModelTask, GeneratedItem | ModelReport>(async () => {
  const generators = await loadGenerators(data.generatorModules ?? [], async (path) => load(path) as unknown);
  return (task, { signal, emit }) =>
    isInspectModelTask(task) ? runInspectModelTask(task) : runGenerateTask(generators, task, signal, emit);
});
