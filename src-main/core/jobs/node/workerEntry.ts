/**
 * @file Finds and starts the generation worker in each setting the studio runs in:
 * - the electron-vite bundle: `out/main/worker.js`, built as a third entry of the main build next
 *   to index.js and cli.js, so it sits in the same folder as this code's chunk (`__dirname`);
 * - from source (vitest, tsx, `bin/pose-studio.mjs` without a build): `worker.ts` beside this file,
 *   started through tsx's require hook. Node 20 applies `--import` loader hooks per process, not
 *   per worker, so the worker registers tsx itself from a tiny eval'd bootstrap.
 * The bundle wins when both exist, so a built app never depends on tsx (a dev dependency).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export type WorkerEntry = { file: string; source: boolean };

/**
 * The worker script `name` for code living in `dir` (the bundle's out/main, or the source folder
 * of the calling module, which keeps its entry beside it: `worker` here, `trainWorker` in
 * core/train/node).
 */
export function resolveWorkerEntry(dir: string = __dirname, name = 'worker'): WorkerEntry {
  const bundled = join(dir, `${name}.js`);
  if (existsSync(bundled)) return { file: bundled, source: false };
  const source = join(dir, `${name}.ts`);
  if (existsSync(source)) return { file: source, source: true };
  throw new Error(`the ${name} thread's script is missing: neither ${bundled} nor ${source} exists`);
}

/** Start one worker thread on `entry` with `workerData`. */
export function spawnWorker(entry: WorkerEntry, workerData: unknown): Worker {
  if (!entry.source) return new Worker(entry.file, { workerData });
  const tsx = createRequire(join(__dirname, 'noop.js')).resolve('tsx/cjs/api');
  const bootstrap = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry.file)});`;
  return new Worker(bootstrap, { eval: true, workerData });
}
