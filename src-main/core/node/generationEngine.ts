/**
 * @file What generation needs for the life of a studio, whichever project is open: the generator
 * catalog (loaded once), and the worker_threads pool (sized to the machine, started on the first
 * item, kept warm, stopped when the studio closes). A generator that asks for dedicated workers
 * (a model-backed one, whose sessions take gigabytes per worker) gets a pool of its own with one
 * item per worker, stopped when its run ends (releasePool), so the model is unloaded with it.
 */
import { sdControlnetHost } from '../generate/sd/node/sdGeneratorHost';
import { loadGenerators } from '../jobs/node/generatorLoader';
import type { GenerateTask, GeneratedItem, GenerationWorkerData } from '../jobs/node/generateTask';
import { defaultPoolSize, WorkerPool } from '../jobs/node/workerPool';
import { resolveWorkerEntry, spawnWorker } from '../jobs/node/workerEntry';
import { GeneratorCatalog } from './generatorCatalog';

export type GenerationPool = WorkerPool<GenerateTask, GeneratedItem>;

export type GenerationEngine = {
  readonly catalog: GeneratorCatalog;
  /** The pool that runs `generatorId`'s items (the shared one by default), created on first use. */
  pool(generatorId?: string): GenerationPool;
  /** Stops a generator's dedicated pool (its workers and what they hold); nothing for the shared one. */
  releasePool(generatorId: string): Promise<void>;
  close(): Promise<void>;
};

export type GenerationEngineOptions = {
  /** Absolute paths of extra modules exporting `generators: Generator[]`. */
  generatorModules?: readonly string[];
  /** Worker threads (default: available parallelism - 1, at least 1). */
  workers?: number;
};

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
    async close() {
      const pools = [pool, ...dedicated.values()];
      pool = null;
      dedicated.clear();
      await Promise.all(pools.map((p) => p?.close()));
    },
  };
}
