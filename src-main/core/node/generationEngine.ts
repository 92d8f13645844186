/**
 * @file What generation needs for the life of a studio, whichever project is open: the generator
 * catalog (loaded once), and the worker_threads pool (sized to the machine, started on the first
 * item, kept warm, stopped when the studio closes). A generator that asks for dedicated workers
 * (a model-backed one, whose sessions take gigabytes per worker) gets a pool of its own with one
 * item per worker, stopped when its run ends (releasePool), so the model is unloaded with it.
 * Model-folder inspections (models.inspect / models.add) run on one more worker of the same entry,
 * one at a time, since onnxruntime loads each graph synchronously on the calling thread; that worker
 * is stopped once it has been idle a while.
 */
import { StudioError, type ExecutionProvider, type ModelReport } from '../../contract';
import { sdControlnetHost } from '../generate/sd/node/sdGeneratorHost';
import { loadGenerators } from '../jobs/node/generatorLoader';
import type { GenerateTask, GeneratedItem, GenerationWorkerData } from '../jobs/node/generateTask';
import type { InspectModelTask } from '../jobs/node/inspectTask';
import { defaultPoolSize, WorkerCrashError, WorkerPool } from '../jobs/node/workerPool';
import { resolveWorkerEntry, spawnWorker } from '../jobs/node/workerEntry';
import { GeneratorCatalog } from './generatorCatalog';

export type GenerationPool = WorkerPool<GenerateTask, GeneratedItem>;
type InspectionPool = WorkerPool<InspectModelTask, ModelReport>;

/** How long the inspection worker is kept after its last inspection (a folder is often re-checked). */
export const INSPECT_IDLE_MS = 30_000;

export type GenerationEngine = {
  readonly catalog: GeneratorCatalog;
  /** The pool that runs `generatorId`'s items (the shared one by default), created on first use. */
  pool(generatorId?: string): GenerationPool;
  /** Stops a generator's dedicated pool (its workers and what they hold); nothing for the shared one. */
  releasePool(generatorId: string): Promise<void>;
  /** Inspects an SD model folder on a worker thread (never on this one); errors name the folder. */
  inspectModel(
    path: string,
    options: { provider?: ExecutionProvider; controlnetPath?: string },
  ): Promise<ModelReport>;
  close(): Promise<void>;
};

export type GenerationEngineOptions = {
  /** Absolute paths of extra modules exporting `generators: Generator[]`. */
  generatorModules?: readonly string[];
  /** Worker threads (default: available parallelism - 1, at least 1). */
  workers?: number;
  /** Idle time before the inspection worker stops (default INSPECT_IDLE_MS). */
  inspectIdleMs?: number;
};

/** The inspection worker: started on demand, stopped after `idleMs` without an inspection. */
function inspectionRunner(spawn: () => () => ReturnType<typeof spawnWorker>, idleMs: number) {
  let pool: InspectionPool | null = null;
  let running = 0;
  let idle: ReturnType<typeof setTimeout> | null = null;
  const stopIdle = () => {
    if (idle) clearTimeout(idle);
    idle = null;
  };
  return {
    async inspect(task: InspectModelTask): Promise<ModelReport> {
      stopIdle();
      // One at a time: each inspection holds one multi-GB graph in memory.
      const own = (pool ??= new WorkerPool<InspectModelTask, ModelReport>(spawn(), { size: 1 }));
      running += 1;
      try {
        return await own.run(task);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const why =
          error instanceof WorkerCrashError ? `the inspection worker stopped (${message})` : message;
        throw new StudioError('IO_ERROR', `inspecting ${task.path} failed: ${why}`, { path: task.path });
      } finally {
        running -= 1;
        if (running === 0 && pool === own) {
          idle = setTimeout(() => {
            idle = null;
            if (running > 0 || pool !== own) return;
            pool = null;
            void own.close();
          }, idleMs);
          // The idle clock never keeps the process alive.
          idle.unref?.();
        }
      }
    },
    async close(): Promise<void> {
      stopIdle();
      const own = pool;
      pool = null;
      await own?.close();
    },
  };
}

export async function createGenerationEngine(
  options: GenerationEngineOptions = {},
): Promise<GenerationEngine> {
  const modules = [...(options.generatorModules ?? [])];
  const generators = await loadGenerators(modules, (path) => import(path) as Promise<unknown>);
  let pool: GenerationPool | null = null;
  const dedicated = new Map<string, GenerationPool>();
  const spawn = () => {
    const entry = resolveWorkerEntry();
    const data: GenerationWorkerData = { generatorModules: modules };
    return () => spawnWorker(entry, data);
  };
  const inspection = inspectionRunner(spawn, options.inspectIdleMs ?? INSPECT_IDLE_MS);
  return {
    catalog: new GeneratorCatalog(generators, [sdControlnetHost]),
    pool(generatorId) {
      const workers = generatorId === undefined ? undefined : generators.get(generatorId)?.dedicatedWorkers;
      if (generatorId !== undefined && workers !== undefined) {
        let own = dedicated.get(generatorId);
        if (!own) {
          own = new WorkerPool<GenerateTask, GeneratedItem>(spawn(), { size: workers, tasksPerWorker: 1 });
          dedicated.set(generatorId, own);
        }
        return own;
      }
      // Two tasks per worker: one draws (JS thread) while the other encodes (libuv threads).
      pool ??= new WorkerPool<GenerateTask, GeneratedItem>(spawn(), {
        size: options.workers ?? defaultPoolSize(),
        tasksPerWorker: 2,
      });
      return pool;
    },
    async releasePool(generatorId) {
      const own = dedicated.get(generatorId);
      dedicated.delete(generatorId);
      await own?.close();
    },
    inspectModel(path, { provider, controlnetPath }) {
      return inspection.inspect({
        kind: 'inspect-model',
        path,
        ...(provider === undefined ? {} : { provider }),
        ...(controlnetPath === undefined ? {} : { controlnetPath }),
      });
    },
    async close() {
      const pools = [pool, ...dedicated.values()];
      pool = null;
      dedicated.clear();
      await Promise.all([...pools.map((p) => p?.close()), inspection.close()]);
    },
  };
}
