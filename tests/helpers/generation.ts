/**
 * @file Helpers for generation tests: a studio that knows the test generators, pose files to import
 * (one image per pose so each pose gets the canvas width asked for), waiting for a job's state, and
 * a look at what a project folder holds (media files, temp files) to check against the catalog.
 */
import Database from 'better-sqlite3';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import {
  createClient,
  createMemoryTransport,
  type Job,
  type JobState,
  type StudioClient,
} from '../../src-main/contract';
import { createStudio, type Studio } from '../../src-main/core/studio';
import { testGeneratorModule } from './testGenerators';

export type GenStudio = { studio: Studio; client: StudioClient };

export async function openGenStudio(
  projectDir: string,
  options: { create?: boolean; workers?: number; resumeJobs?: boolean } = {},
): Promise<GenStudio> {
  const studio = await createStudio({
    transport: 'memory',
    projectDir,
    create: options.create ?? false,
    validateOutput: true,
    generatorModules: [testGeneratorModule],
    workers: options.workers,
    resumeJobs: options.resumeJobs,
  });
  return { studio, client: createClient(createMemoryTransport(studio.dispatch, studio.hub)) };
}

/** A COCO file with one person per image; `widths[i]` is pose i's canvas width (default 200). */
export function writePoseFile(path: string, count: number, widths: Record<number, number> = {}): void {
  const images = [];
  const annotations = [];
  for (let i = 0; i < count; i += 1) {
    const width = widths[i] ?? 200;
    images.push({ id: i + 1, width, height: 300, file_name: `${i}.jpg` });
    const keypoints = Array.from({ length: 17 }, (_, k) => [20 + k * 5 + i, 30 + k * 12, 2]).flat();
    annotations.push({
      id: i + 1,
      image_id: i + 1,
      category_id: 1,
      iscrowd: 0,
      num_keypoints: 17,
      keypoints,
    });
  }
  writeFileSync(path, JSON.stringify({ images, annotations, categories: [{ id: 1, name: 'person' }] }));
}

export async function importPoses(
  client: StudioClient,
  dir: string,
  count: number,
  widths = {},
): Promise<void> {
  const file = join(dir, `poses-${count}-${Date.now()}.json`);
  writePoseFile(file, count, widths);
  await client.call('poses.import', { source: { kind: 'path', path: file }, options: { canvas: 'image' } });
}

/** Poll until job `id` is in one of `states` (jobs.list answers live state). */
export async function waitForJob(
  client: StudioClient,
  id: number,
  states: readonly JobState[],
  timeoutMs = 60_000,
): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await client.call('jobs.list', { limit: 200 })).items.find((item) => item.id === id);
    if (job && states.includes(job.state)) return job;
    if (Date.now() > deadline)
      throw new Error(`job ${id} is ${job?.state ?? 'missing'}, not ${states.join('/')}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Every file under media/ (relative, forward slashes), split into finished and temp files. */
export function mediaFiles(projectDir: string): { files: string[]; temps: string[] } {
  const root = join(projectDir, 'media');
  const all = readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
  return { files: all.filter((f) => !f.endsWith('.tmp')), temps: all.filter((f) => f.endsWith('.tmp')) };
}

/** Read-only look at the catalog from outside the studio. */
export function catalogRows<T>(projectDir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(projectDir, 'studio.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
