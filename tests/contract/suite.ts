/**
 * @file THE conformance suite: one scenario, run unchanged over every transport (memory, HTTP +
 * WebSocket, IPC). A fresh project is created, a COCO fixture imported with exact counts, then
 * listed, filtered, sorted, paged, read, tagged, deleted, exported and re-imported, with the
 * events a UI relies on, and every kind of error checked to arrive typed, with the same code.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StudioError, type Job, type MethodName } from '../../src-main/contract';
import { poseFixture, tempDir } from '../helpers/paths';
import type { Harness, MakeHarness } from './harness';

const MMPOSE_COCO = poseFixture('coco/mmpose_test_coco.json');

/** Wait until `check` passes: events over a socket may land just after the call's answer. */
export async function eventually(check: () => void, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolveTick) => setTimeout(resolveTick, 10));
    }
  }
}

export async function errorOf(promise: Promise<unknown>): Promise<StudioError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StudioError) return error;
    throw error;
  }
  throw new Error('expected the call to fail with a StudioError');
}

export function contractSuite(name: string, makeHarness: MakeHarness): void {
  describe(`contract over ${name}`, async () => {
    const h: Harness = await makeHarness();
    afterAll(() => h.close());
    const projectDir = join(tempDir('pose-studio-contract-'), 'project');
    const progress: Job[] = [];
    h.client.on('jobs.progress', (job) => progress.push(job));

    it('reports its transport and no project yet', async () => {
      const info = await h.client.call('app.info', {});
      expect(info).toMatchObject({ transport: h.transport, nativeDialogs: false, project: null });
    });

    it('answers NO_PROJECT before a project is open', async () => {
      expect((await errorOf(h.client.call('poses.list', {}))).code).toBe('NO_PROJECT');
    });

    it('creates a project and announces it', async () => {
      const info = await h.client.call('project.create', { path: projectDir });
      expect(info).toMatchObject({ path: projectDir, poseCount: 0 });
      await eventually(() =>
        expect(h.events).toContainEqual({
          event: 'catalog.changed',
          payload: { entity: 'project', reason: 'opened' },
        }),
      );
    });

    describe('poses', () => {
      registerPoseScenario(h, progress);
    });

    describe('typed errors', () => {
      registerErrorScenario(h);
    });
  });
}

function registerPoseScenario(h: Harness, progress: Job[]): void {
  let ids: number[] = [];

  it('imports the fixture with exact counts, reporting progress and the change', async () => {
    const report = await h.client.call('poses.import', { source: { kind: 'path', path: MMPOSE_COCO } });
    // 14 annotations, all people, none crowd; 2 have num_keypoints 0 (ids 1202706, 508900).
    expect(report).toMatchObject({ imported: 12, skipped: { 'no-keypoints': 2 }, failedFiles: 0 });
    expect(report.files).toEqual([
      expect.objectContaining({ file: 'mmpose_test_coco.json', format: 'coco', error: null }),
    ]);
    await eventually(() =>
      expect(progress.at(-1)).toMatchObject({ id: report.jobId, kind: 'import', state: 'done' }),
    );
    expect(progress.every((job) => job.id === report.jobId)).toBe(true);
    await eventually(() =>
      expect(
        h.events.some(
          (e) => e.event === 'catalog.changed' && (e.payload as { entity: string }).entity === 'poses',
        ),
      ).toBe(true),
    );
  });

  it('lists every pose, and pages without overlap', async () => {
    const all = await h.client.call('poses.list', {});
    expect(all.total).toBe(12);
    ids = all.items.map((pose) => pose.id);
    const first = await h.client.call('poses.list', { offset: 0, limit: 5 });
    const second = await h.client.call('poses.list', { offset: 5, limit: 5 });
    const third = await h.client.call('poses.list', { offset: 10, limit: 5 });
    expect([first.items.length, second.items.length, third.items.length]).toEqual([5, 5, 2]);
    expect([...first.items, ...second.items, ...third.items].map((pose) => pose.id)).toEqual(ids);
  });

  it('filters by labeled keypoints and sorts by them', async () => {
    const page = await h.client.call('poses.list', {
      filter: { minLabeled: 15 },
      sort: { by: 'labeled', dir: 'desc' },
      limit: 4,
    });
    // Labeled counts in the file: 17, 14, 15, 15, 15, 12, 17, 16, 16, 15, 16, 13.
    expect(page.total).toBe(9);
    expect(page.items.map((pose) => pose.labeledCount)).toEqual([17, 17, 16, 16]);
    expect((await h.client.call('poses.count', { filter: { minLabeled: 16 } })).count).toBe(5);
  });

  it('gets one pose with its keypoints and source', async () => {
    const pose = await h.client.call('poses.get', { id: ids[0]! });
    expect(pose.id).toBe(ids[0]);
    expect(pose.keypoints).toHaveLength(17);
    expect(pose.source).toMatchObject({ format: 'coco', file: 'mmpose_test_coco.json' });
  });

  registerWriteScenario(h, () => ids);
}

function registerWriteScenario(h: Harness, poseIds: () => number[]): void {
  it('updates the tags of one pose and tags many', async () => {
    const ids = poseIds();
    const updated = await h.client.call('poses.update', { id: ids[0]!, tags: ['hero'] });
    expect(updated.tags).toEqual(['hero']);
    expect(await h.client.call('poses.tag', { ids: ids.slice(0, 4), add: ['batch'] })).toEqual({
      updated: 4,
    });
    expect((await h.client.call('poses.count', { filter: { tags: ['batch'] } })).count).toBe(4);
    expect((await h.client.call('tags.list', {})).items).toEqual([
      { tag: 'batch', count: 4 },
      { tag: 'hero', count: 1 },
    ]);
  });

  it('deletes a pose', async () => {
    const ids = poseIds();
    expect(await h.client.call('poses.delete', { ids: [ids[11]!] })).toEqual({ deleted: 1 });
    expect((await h.client.call('poses.count', {})).count).toBe(11);
    expect((await errorOf(h.client.call('poses.get', { id: ids[11]! }))).code).toBe('NOT_FOUND');
  });

  it('exports to COCO and re-imports the export', async () => {
    const exported = await h.client.call('poses.export', { format: 'coco' });
    expect(exported.count).toBe(11);
    expect(exported.bytes).toBeGreaterThan(0);
    expect(h.studio.resolveExport(exported.name)).toBe(exported.path);
    const again = await h.client.call('poses.import', { source: { kind: 'path', path: exported.path } });
    expect(again).toMatchObject({ imported: 11, failedFiles: 0 });
    expect((await h.client.call('poses.count', {})).count).toBe(22);
    const sources = (await h.client.call('poses.sources', {})).items;
    expect(sources.map((source) => source.count)).toEqual([11, 11]);
  });
}

function registerErrorScenario(h: Harness): void {
  const broken = join(tempDir('pose-studio-broken-'), 'broken.json');
  // A COCO file cut off in the middle of a record.
  writeFileSync(
    broken,
    '{"images": [{"id": 1, "width": 640, "height": 480}], "annotations": [{"id": 1, "image_id": 1, "keypoints": [1, 2',
  );

  it('INVALID_INPUT names the field', async () => {
    const wrongType = await errorOf(h.client.call('poses.get', { id: 'seven' as unknown as number }));
    expect(wrongType.code).toBe('INVALID_INPUT');
    expect(wrongType.message).toMatch(/\bid\b/);
    const tooSmall = await errorOf(h.client.call('poses.list', { limit: 0 }));
    expect(tooSmall.code).toBe('INVALID_INPUT');
    expect(tooSmall.message).toMatch(/\blimit\b/);
  });

  it('NOT_FOUND for a missing pose and a missing file', async () => {
    const pose = await errorOf(h.client.call('poses.get', { id: 999_999 }));
    expect(pose.code).toBe('NOT_FOUND');
    const file = await errorOf(
      h.client.call('poses.import', { source: { kind: 'path', path: '/no/such/file.json' } }),
    );
    expect(file.code).toBe('NOT_FOUND');
  });

  it('UNKNOWN_METHOD for a method the contract does not have', async () => {
    const result = await h.raw.call('poses.explode' as MethodName, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('MALFORMED_FILE for a broken file, with nothing imported', async () => {
    const before = (await h.client.call('poses.count', {})).count;
    const error = await errorOf(
      h.client.call('poses.import', { source: { kind: 'path', path: broken }, options: { format: 'coco' } }),
    );
    expect(error.code).toBe('MALFORMED_FILE');
    expect((await h.client.call('poses.count', {})).count).toBe(before);
  });
}
