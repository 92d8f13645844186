/**
 * @file What generation needs for the life of a studio, whichever project is open: the generator
 * catalog (loaded once), and the worker_threads pool (sized to the machine, started on the first
 * item, kept warm, stopped when the studio closes).
 */
import { loadGenerators } from '../jobs/node/generatorLoader';
import type { GenerateTask, GeneratedItem, GenerationWorkerData } from '../jobs/node/generateTask';
import { defaultPoolSize, WorkerPool } from '../jobs/node/workerPool';
import { resolveWorkerEntry, spawnWorker } from '../jobs/node/workerEntry';
import { GeneratorCatalog } from './generatorCatalog';

export type GenerationPool = WorkerPool<GenerateTask, GeneratedItem>;

export type GenerationEngine = {
  readonly catalog: GeneratorCatalog;
  /** The pool, created on first use. */
  pool(): GenerationPool;
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
  return {
    catalog: new GeneratorCatalog(generators),
    pool() {
      if (!pool) {
        const entry = resolveWorkerEntry();
        const data: GenerationWorkerData = { generatorModules: modules };
        // Two tasks per worker: one draws (JS thread) while the other encodes (libuv threads).
        pool = new WorkerPool<GenerateTask, GeneratedItem>(() => spawnWorker(entry, data), {
          size: options.workers ?? defaultPoolSize(),
          tasksPerWorker: 2,
        });
      }
      return pool;
    },
    async close() {
      const current = pool;
      pool = null;
      await current?.close();
    },
  };
}
