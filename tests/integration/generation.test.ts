/**
 * Integration: generation through the contract with the deterministic test generator in real
 * worker threads: validation at start, a whole run (variants, media on disk, seeds, prompts,
 * events, paging), per-item errors, pause / resume / cancel, closing mid-run, and adoption of files
 * a killed process renamed into media/ but never committed.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StudioError, type GenerationRun, type Job } from '../../src-main/contract';
import { tempDir } from '../helpers/paths';
import {
  catalogRows,
  importPoses,
  mediaFiles,
  openGenStudio,
  waitForJob,
  type GenStudio,
} from '../helpers/generation';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof StudioError ? `${error.code}: ${error.message}` : String(error);
  }
}

const opened: GenStudio[] = [];
afterAll(async () => {
  for (const { studio } of opened) await studio.close();
});

async function project(poses: number, widths: Record<number, number> = {}) {
  const dir = join(tempDir(), 'project');
  const gen = await openGenStudio(dir, { create: true });
  opened.push(gen);
  await importPoses(gen.client, tempDir(), poses, widths);
  return { dir, ...gen };
}

async function runOf(gen: GenStudio, id: number): Promise<GenerationRun> {
  return (await gen.client.call('generate.runs', {})).items.find((run) => run.id === id)!;
}

describe('starting a generation', () => {
  it('lists generators with their options as JSON Schema', async () => {
    const { client } = await project(1);
    const [info] = (await client.call('generators.list', {})).items.filter((g) => g.id === 'test-fill');
    expect(info).toMatchObject({ name: 'Test fill', available: true, unavailableReason: null });
    expect(info!.optionsSchema).toMatchObject({
      type: 'object',
      properties: { delayMs: { type: 'integer', default: 0 }, pattern: { enum: ['blocks', 'noise'] } },
    });
  });

  it('refuses an unknown generator, bad options and an empty selection, leaving nothing behind', async () => {
    const { client } = await project(2);
    expect(await codeOf(client.call('generate.start', { generator: 'nope' }))).toMatch(
      /^INVALID_INPUT: unknown generator "nope"; available: .*test-fill/,
    );
    expect(
      await codeOf(client.call('generate.start', { generator: 'test-fill', options: { delayMs: -1 } })),
    ).toMatch(/^INVALID_INPUT: options of test-fill: delayMs/);
    expect(
      await codeOf(client.call('generate.start', { generator: 'test-fill', poses: { tags: ['nobody'] } })),
    ).toMatch(/^INVALID_INPUT: no poses to generate from: poses tagged nobody has none/);
    expect((await client.call('generate.runs', {})).items).toEqual([]);
    expect((await client.call('jobs.list', {})).items.map((job) => job.kind)).toEqual(['import']);
  });
});

describe('a generation run', () => {
  it('returns at once, then makes poses x variants with their media, seeds and prompts', async () => {
    const gen = await project(6);
    const events: { event: string; payload: unknown }[] = [];
    gen.studio.hub.subscribe((event, payload) => events.push({ event, payload }));
    const template = 'a {red|blue|green} {striped|plain} shirt';
    const run = await gen.client.call('generate.start', {
      generator: 'test-fill',
      variantsPerPose: 3,
      width: 128,
      height: 96,
      promptTemplate: template,
      seed: 1000,
      seedMode: 'increment',
    });
    expect(run).toMatchObject({ state: 'queued', poseCount: 6, total: 18, done: 0, failed: 0 });
    const job = await waitForJob(gen.client, run.jobId, ['done', 'failed']);
    expect(job).toMatchObject({ state: 'done', done: 18, total: 18, unit: 'variants', error: null });
    expect(await runOf(gen, run.id)).toMatchObject({ state: 'done', done: 18, failed: 0 });

    const { items, total } = await gen.client.call('variants.list', {
      filter: { runId: run.id },
      limit: 100,
    });
    expect(total).toBe(18);
    expect(items.map((v) => v.id)).toEqual([...items.map((v) => v.id)].sort((a, b) => b - a));
    const poseIds = [...new Set(items.map((v) => v.poseId))].sort((a, b) => a - b);
    for (const variant of items) {
      const ordinal = poseIds.indexOf(variant.poseId);
      expect(variant.seed).toBe(1000 + ordinal * 3 + variant.index);
      expect(variant.prompt).toMatch(/^a (red|blue|green) (striped|plain) shirt$/);
      expect(variant).toMatchObject({ width: 128, height: 96, status: 'new', generator: 'test-fill' });
      for (const path of [
        variant.media.rgb,
        variant.media.thumb,
        variant.media.depth!,
        variant.media.parts!,
      ]) {
        expect(statSync(gen.studio.resolveMedia(path)!).size).toBeGreaterThan(0);
      }
      expect(variant.media.thumb).toMatch(/\.webp$/);
    }
    expect(new Set(items.map((v) => v.prompt)).size).toBeGreaterThan(1);

    const created = events
      .filter((e) => e.event === 'variants.created')
      .map((e) => e.payload as { count: number });
    expect(created.reduce((sum, e) => sum + e.count, 0)).toBe(18);
    const progress = events.filter((e) => e.event === 'jobs.progress').map((e) => e.payload as Job);
    expect(progress.map((p) => p.state)).toContain('running');

    const page = await gen.client.call('variants.list', {
      filter: { poseId: poseIds[2] },
      newestFirst: false,
    });
    // Oldest first is id (commit) order; items finish in any order, so compare the set of indices.
    expect(page.items.map((v) => v.id)).toEqual([...page.items.map((v) => v.id)].sort((a, b) => a - b));
    expect(page.items.map((v) => v.index).sort()).toEqual([0, 1, 2]);
    expect((await gen.client.call('variants.list', { filter: { status: 'rejected' } })).total).toBe(0);
    expect(mediaFiles(gen.dir).temps).toEqual([]);
    expect(await gen.client.call('doctor.check', {})).toMatchObject({ ok: true, issues: [] });
  });

  it('seeds: fixed gives variant k the same seed on every pose; random is stored and reproducible', async () => {
    const gen = await project(3);
    const fixed = await gen.client.call('generate.start', {
      generator: 'test-fill',
      variantsPerPose: 2,
      seed: 5,
      seedMode: 'fixed',
    });
    await waitForJob(gen.client, fixed.jobId, ['done']);
    const fixedSeeds = (await gen.client.call('variants.list', { filter: { runId: fixed.id } })).items.map(
      (v) => [v.index, v.seed],
    );
    expect(fixedSeeds.every(([index, seed]) => seed === 5 + index!)).toBe(true);
    const random = await gen.client.call('generate.start', {
      generator: 'test-fill',
      variantsPerPose: 2,
      seed: 5,
      seedMode: 'random',
    });
    await waitForJob(gen.client, random.jobId, ['done']);
    const seeds = (await gen.client.call('variants.list', { filter: { runId: random.id } })).items.map(
      (v) => v.seed,
    );
    expect(new Set(seeds).size).toBe(6);
  });

  it('records per-item errors and goes on: the job finishes with the refused items counted as failed', async () => {
    const gen = await project(5, { 2: 333 });
    const run = await gen.client.call('generate.start', {
      generator: 'test-fill',
      variantsPerPose: 3,
      options: { failPoseWidth: 333 },
    });
    const job = await waitForJob(gen.client, run.jobId, ['done', 'failed']);
    expect(job).toMatchObject({ state: 'done', message: '12 made, 3 failed' });
    expect(await runOf(gen, run.id)).toMatchObject({ done: 12, failed: 3 });
    const errors = catalogRows<{ message: string; final: number }>(
      gen.dir,
      'SELECT message, final FROM item_errors',
    );
    expect(errors).toHaveLength(3);
    expect(errors[0]).toEqual({ message: 'test-fill refuses poses 333 wide', final: 1 });
    expect((await gen.client.call('doctor.check', {})).ok).toBe(true);
  });

  it('a worker that dies fails the items it held, which are tried again on resume', async () => {
    const gen = await project(4, { 1: 444 });
    const run = await gen.client.call('generate.start', {
      generator: 'test-fill',
      variantsPerPose: 2,
      options: { crashPoseWidth: 444 },
    });
    const job = await waitForJob(gen.client, run.jobId, ['done', 'failed']);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/^\d+ items failed because a worker stopped; resume/);
    const failedRun = await runOf(gen, run.id);
    // The crashing pose's items, and whatever else that worker held at that moment.
    expect(failedRun.failed).toBeGreaterThanOrEqual(2);
    expect(failedRun.done + failedRun.failed).toBe(8);
    const errors = catalogRows<{ final: number }>(gen.dir, 'SELECT final FROM item_errors');
    expect(errors.every((e) => e.final === 0)).toBe(true);
    // Once what killed the worker is gone, resuming makes exactly the missing items.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(gen.dir, 'studio.sqlite'));
    db.prepare("UPDATE generation_runs SET request = json_remove(request, '$.options.crashPoseWidth')").run();
    db.close();
    expect(await gen.client.call('jobs.resume', { id: run.jobId })).toEqual({ resumed: true });
    await waitForJob(gen.client, run.jobId, ['done']);
    expect(await runOf(gen, run.id)).toMatchObject({ done: 8, failed: 0 });
  });
});

describe('pause, resume, cancel, close', () => {
  const slow = { generator: 'test-fill', variantsPerPose: 2, options: { delayMs: 40 } };

  it('pauses (no new items; the job shows paused), resumes and finishes with every item once', async () => {
    const gen = await project(10);
    const run = await gen.client.call('generate.start', slow);
    await waitForJob(gen.client, run.jobId, ['running']);
    while ((await runOf(gen, run.id)).done < 3) await new Promise((r) => setTimeout(r, 20));
    expect(await gen.client.call('jobs.pause', { id: run.jobId })).toEqual({ paused: true });
    expect((await waitForJob(gen.client, run.jobId, ['paused'])).state).toBe('paused');
    // The row says paused once the items in flight have committed; from then on nothing moves.
    const rowState = () =>
      catalogRows<{ state: string }>(gen.dir, 'SELECT state FROM jobs WHERE id = ?', run.jobId);
    while (rowState()[0]!.state !== 'paused') await new Promise((r) => setTimeout(r, 20));
    const settled = (await runOf(gen, run.id)).done;
    await new Promise((r) => setTimeout(r, 300));
    expect((await runOf(gen, run.id)).done).toBe(settled);
    expect(settled).toBeLessThan(20);
    expect((await runOf(gen, run.id)).state).toBe('paused');
    expect(await gen.client.call('doctor.check', {})).toMatchObject({ ok: true });
    expect(await gen.client.call('jobs.resume', { id: run.jobId })).toEqual({ resumed: true });
    await waitForJob(gen.client, run.jobId, ['done']);
    expect(await runOf(gen, run.id)).toMatchObject({ done: 20, failed: 0 });
    const keys = catalogRows<{ n: number }>(
      gen.dir,
      'SELECT count(*) AS n FROM (SELECT DISTINCT pose_id, variant_index FROM variants)',
    );
    expect(keys[0]!.n).toBe(20);
  });

  it('cancels: the job stops for good, what was made stays, nothing is left half-written', async () => {
    const gen = await project(10);
    const run = await gen.client.call('generate.start', slow);
    while ((await runOf(gen, run.id)).done < 2) await new Promise((r) => setTimeout(r, 20));
    expect(await gen.client.call('jobs.cancel', { id: run.jobId })).toEqual({ cancelled: true });
    await waitForJob(gen.client, run.jobId, ['cancelled']);
    await new Promise((r) => setTimeout(r, 200));
    const { done } = await runOf(gen, run.id);
    expect(done).toBeGreaterThanOrEqual(2);
    expect(done).toBeLessThan(20);
    expect(await gen.client.call('jobs.resume', { id: run.jobId })).toEqual({ resumed: false });
    expect(mediaFiles(gen.dir).temps).toEqual([]);
    expect(await gen.client.call('doctor.check', {})).toMatchObject({ ok: true, issues: [] });
  });

  it('closing the project mid-run leaves the job queued; reopening resumes it to the end', async () => {
    const dir = join(tempDir(), 'project');
    const first = await openGenStudio(dir, { create: true });
    await importPoses(first.client, tempDir(), 8);
    const run = await first.client.call('generate.start', slow);
    while ((await runOf(first, run.id)).done < 2) await new Promise((r) => setTimeout(r, 20));
    await first.studio.close();
    expect(
      catalogRows<{ state: string }>(dir, 'SELECT state FROM jobs WHERE id = ?', run.jobId)[0]!.state,
    ).toBe('queued');
    const second = await openGenStudio(dir);
    opened.push(second);
    await waitForJob(second.client, run.jobId, ['done']);
    expect(await runOf(second, run.id)).toMatchObject({ done: 16, failed: 0 });
    expect(await second.client.call('doctor.check', {})).toMatchObject({ ok: true });
  });
});

describe('crash leftovers', () => {
  it('adopts files a killed process renamed into media/ but never committed', async () => {
    const dir = join(tempDir(), 'project');
    const first = await openGenStudio(dir, { create: true });
    await importPoses(first.client, tempDir(), 3);
    const run = await first.client.call('generate.start', { generator: 'test-fill', variantsPerPose: 2 });
    await waitForJob(first.client, run.jobId, ['done']);
    const [victim] = (await first.client.call('variants.list', { filter: { runId: run.id }, limit: 1 }))
      .items;
    const rgb = join(dir, 'media', victim!.media.rgb);
    const inode = statSync(rgb).ino;
    await first.studio.close();
    // What a kill between the rename and the commit leaves: files in place, no rows, job running.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(dir, 'studio.sqlite'));
    db.prepare('DELETE FROM variants WHERE id = ?').run(victim!.id);
    db.prepare('DELETE FROM media WHERE path IN (?, ?)').run(victim!.media.rgb, victim!.media.thumb);
    db.prepare("UPDATE jobs SET state = 'running' WHERE id = ?").run(run.jobId);
    db.close();
    const second = await openGenStudio(dir);
    opened.push(second);
    await waitForJob(second.client, run.jobId, ['done']);
    const again = (
      await second.client.call('variants.list', { filter: { poseId: victim!.poseId, runId: run.id } })
    ).items;
    expect(again.find((v) => v.index === victim!.index)!.media.rgb).toBe(victim!.media.rgb);
    expect(statSync(rgb).ino).toBe(inode);
    expect(await second.client.call('doctor.check', {})).toMatchObject({ ok: true, issues: [] });
  });

  it('doctor: a variant whose file vanished is dropped on repair and its job reopened; resume remakes it', async () => {
    const gen = await project(2);
    const run = await gen.client.call('generate.start', { generator: 'test-fill', variantsPerPose: 2 });
    await waitForJob(gen.client, run.jobId, ['done']);
    const [victim] = (await gen.client.call('variants.list', { filter: { runId: run.id }, limit: 1 })).items;
    const { rmSync } = await import('node:fs');
    rmSync(gen.studio.resolveMedia(victim!.media.rgb)!);
    const report = await gen.client.call('doctor.check', {});
    expect(report.ok).toBe(false);
    expect(report.issues.map((i) => i.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/variant \d+ \(run \d+\) names a media file that is missing/),
      ]),
    );
    expect((await gen.client.call('doctor.check', { repair: true })).ok).toBe(true);
    expect((await runOf(gen, run.id)).state).toBe('failed');
    expect(await gen.client.call('jobs.resume', { id: run.jobId })).toEqual({ resumed: true });
    await waitForJob(gen.client, run.jobId, ['done']);
    expect(await runOf(gen, run.id)).toMatchObject({ done: 4 });
    expect(await gen.client.call('doctor.check', {})).toMatchObject({ ok: true, issues: [] });
  });

  it('doctor: media of deleted poses is reported and removed on repair', async () => {
    const gen = await project(2);
    const run = await gen.client.call('generate.start', { generator: 'test-fill', variantsPerPose: 2 });
    await waitForJob(gen.client, run.jobId, ['done']);
    const { ids } = await gen.client.call('poses.ids', {});
    await gen.client.call('poses.delete', { ids: [ids[0]!] });
    expect((await gen.client.call('variants.list', {})).total).toBe(2);
    const report = await gen.client.call('doctor.check', {});
    expect(report.issues.filter((i) => i.kind === 'orphan-file').length).toBeGreaterThan(0);
    expect((await gen.client.call('doctor.check', { repair: true })).ok).toBe(true);
    expect(await gen.client.call('doctor.check', {})).toMatchObject({ ok: true, issues: [] });
    const files = mediaFiles(gen.dir).files.length;
    expect(files).toBe(catalogRows<{ n: number }>(gen.dir, 'SELECT count(*) AS n FROM media')[0]!.n);
  });
});
