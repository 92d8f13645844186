/**
 * @file Where generators come from, the same way on the main thread (ids, names, option schemas
 * for `generators.list` and validation) and in each worker thread (the `generate` calls): the
 * built-in ones, plus modules named in StudioOptions.generatorModules (tests, plug-ins), each of
 * which exports `generators: Generator[]`. Functions cannot cross into a worker, so both sides load
 * the same modules by path. Built-ins: the platform-free registry plus the node-bound
 * `sd-controlnet` (onnxruntime-node; its sessions are only made when it generates).
 */
import { listGenerators } from '../../generate/generators';
import { sdControlnetGenerator } from '../../generate/sd/node/sdGenerator';
import type { Generator } from '../../generate/types';

/** Imports a module by absolute path (`import()` on the main thread, a tsx-aware require in workers). */
export type ModuleLoader = (path: string) => Promise<unknown>;

function isGenerator(value: unknown): value is Generator {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Generator>;
  return typeof candidate.id === 'string' && typeof candidate.generate === 'function';
}

/** Built-ins plus every generator the modules export; a later id replaces an earlier one. */
export async function loadGenerators(
  modules: readonly string[],
  load: ModuleLoader,
): Promise<Map<string, Generator>> {
  const byId = new Map<string, Generator>();
  for (const generator of [...listGenerators(), sdControlnetGenerator]) byId.set(generator.id, generator);
  for (const path of modules) {
    const exported = (await load(path)) as { generators?: unknown };
    const list = exported.generators;
    if (!Array.isArray(list) || !list.every(isGenerator)) {
      throw new Error(`${path} must export generators: Generator[]`);
    }
    for (const generator of list) byId.set(generator.id, generator);
  }
  return byId;
}
