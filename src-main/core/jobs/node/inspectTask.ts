/**
 * @file A model-folder inspection as a worker task. Inspecting opens every graph of an SD folder
 * with an onnxruntime InferenceSession, and onnxruntime-node loads a model synchronously on the
 * calling thread (about a second per 512 MB of inline weights), so `models.inspect` and `models.add`
 * run it on a generation worker thread (worker.ts serves both kinds of task) instead of the thread
 * that answers IPC and HTTP. The report is plain data and crosses back as it is.
 */
import type { ExecutionProvider, ModelReport } from '../../../contract';
import { inspectModelFolder } from '../../generate/sd/node/inspect';

export type InspectModelTask = {
  kind: 'inspect-model';
  /** Absolute model folder. */
  path: string;
  provider?: ExecutionProvider;
  controlnetPath?: string;
};

/** Whether a task the worker got is an inspection (generation tasks have no `kind`). */
export function isInspectModelTask(task: unknown): task is InspectModelTask {
  return typeof task === 'object' && task !== null && (task as { kind?: unknown }).kind === 'inspect-model';
}

export function runInspectModelTask(task: InspectModelTask): Promise<ModelReport> {
  return inspectModelFolder(task.path, {
    ...(task.provider === undefined ? {} : { provider: task.provider }),
    ...(task.controlnetPath === undefined ? {} : { controlnetPath: task.controlnetPath }),
  });
}
