/**
 * Integration: a real studio on a temp project, driven through the contract: import fixtures,
 * page/filter/sort, tag, mirror, delete, export and re-import, refusals that leave the catalog
 * unchanged, and the project-level errors.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioError, type Keypoint } from '../../src-main/contract';
import { createTestStudio } from '../helpers/studio';
import { poseFixture, tempDir } from '../helpers/paths';

const VAL = poseFixture('coco/coco-mini_person_keypoints_val2017.json');

async function errorOf(promise: Promise<unknown>): Promise<StudioError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StudioError) return error;
    throw error;
  }
  throw new Error('expected a StudioError');
}

describe('importing and browsing poses', async () => {
  const { client, events } = await createTestStudio();
  const report = await client.call('poses.import', {
    source: { kind: 'path', path: VAL },
    options: { tags: ['val'] },
  });

  it('imports the COCO-MINI val file with exact counts by reason', () => {
    // 118 annotations: 68 with labelled keypoints, 1 crowd, 49 without keypoints (python3 over the file).
    expect(report.imported).toBe(68);
    expect(report.skipped).toEqual({ crowd: 1, 'no-keypoints': 49 });
    expect(report.files).toHaveLength(1);
    expect(report.files[0]).toMatchObject({
      file: 'coco-mini_person_keypoints_val2017.json',
      format: 'coco',
      error: null,
    });
  });

  it('reported progress as a job and announced the change', async () => {
    const progress = events
      .filter((e) => e.event === 'jobs.progress')
      .map((e) => e.payload as { state: string; id: number });
    expect(progress.at(-1)).toMatchObject({ state: 'done', id: report.jobId });
    expect(events.some((e) => e.event === 'catalog.changed')).toBe(true);
    const { items } = await client.call('jobs.list', {});
    expect(items[0]).toMatchObject({ id: report.jobId, kind: 'import', state: 'done' });
  });

  it('pages in SQL with a stable total and no overlap', async () => {
    const first = await client.call('poses.list', { limit: 30 });
    const second = await client.call('poses.list', { offset: 30, limit: 30 });
    const third = await client.call('poses.list', { offset: 60, limit: 30 });
    expect([first.total, second.total, third.total]).toEqual([68, 68, 68]);
    const ids = [...first.items, ...second.items, ...third.items].map((p) => p.id);
    expect(ids).toHaveLength(68);
    expect(new Set(ids).size).toBe(68);
    expect(first.items[0]!.tags).toEqual(['val']);
  });

  it('filters by labeled keypoint count and sorts by it', async () => {
    const { items, total } = await client.call('poses.list', {
      filter: { minLabeled: 15 },
      sort: { by: 'labeled', dir: 'desc' },
      limit: 500,
    });
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(68);
    expect(items.every((p) => p.labeledCount >= 15)).toBe(true);
    const counts = items.map((p) => p.labeledCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const { count } = await client.call('poses.count', { filter: { minLabeled: 15 } });
    expect(count).toBe(total);
  });

  it('tags many poses, filters by tag, and lists tags with counts', async () => {
    const { items } = await client.call('poses.list', { limit: 3 });
    const ids = items.map((p) => p.id);
    expect(await client.call('poses.tag', { ids, add: ['standing', 'picked'] })).toEqual({ updated: 3 });
    expect((await client.call('poses.count', { filter: { tags: ['standing', 'picked'] } })).count).toBe(3);
    expect((await client.call('poses.count', { filter: { tags: ['STANDING'] } })).count).toBe(3);
    await client.call('poses.tag', { ids: [ids[0]!], remove: ['picked'] });
    const tags = (await client.call('tags.list', {})).items;
    expect(tags).toEqual([
      { tag: 'picked', count: 2 },
      { tag: 'standing', count: 3 },
      { tag: 'val', count: 68 },
    ]);
  });

  it('edits one pose and keeps the derived columns in step', async () => {
    const [pose] = (await client.call('poses.list', { sort: { by: 'id', dir: 'desc' }, limit: 1 })).items;
    const keypoints: Keypoint[] = pose!.keypoints.map(() => [0, 0, 0]);
    keypoints[0] = [10, 20, 2];
    keypoints[5] = [30, 60, 1];
    const updated = await client.call('poses.update', { id: pose!.id, keypoints, tags: ['edited'] });
    expect(updated).toMatchObject({
      labeledCount: 2,
      visibleCount: 1,
      bbox: [10, 20, 20, 40],
      tags: ['edited'],
    });
    expect(updated.updatedAt).toBeGreaterThanOrEqual(pose!.updatedAt);
  });

  it('mirrors within the canvas, swapping left and right', async () => {
    const [pose] = (await client.call('poses.list', { filter: { minLabeled: 10 }, limit: 1 })).items;
    await client.call('poses.mirror', { ids: [pose!.id] });
    const mirrored = await client.call('poses.get', { id: pose!.id });
    const [lx, ly, lv] = pose!.keypoints[5]!; // left shoulder before
    expect(mirrored.keypoints[6]).toEqual(lv === 0 ? [0, 0, 0] : [pose!.width - lx, ly, lv]);
    await client.call('poses.mirror', { ids: [pose!.id] });
    expect((await client.call('poses.get', { id: pose!.id })).keypoints).toEqual(pose!.keypoints);
  });

  it('lists the import as a source with its live count', async () => {
    const { items } = await client.call('poses.sources', {});
    expect(items).toEqual([
      expect.objectContaining({ file: 'coco-mini_person_keypoints_val2017.json', count: 68 }),
    ]);
    expect((await client.call('poses.count', { filter: { importIds: [items[0]!.id] } })).count).toBe(68);
  });

  it('skips every record of a file imported twice as a duplicate', async () => {
    const again = await client.call('poses.import', { source: { kind: 'path', path: VAL } });
    expect(again.imported).toBe(0);
    expect(again.skipped).toEqual({ duplicate: 68, crowd: 1, 'no-keypoints': 49 });
    expect((await client.call('poses.count', {})).count).toBe(68);
  });

  it('exports to each format and the export re-imports to the same keypoints', async () => {
    const originals = (await client.call('poses.list', { filter: { tags: ['standing'] }, limit: 10 })).items;
    for (const format of ['coco', 'openpose', 'controlnet'] as const) {
      const exported = await client.call('poses.export', { filter: { tags: ['standing'] }, format });
      expect(exported.count).toBe(3);
      const before = (await client.call('poses.count', {})).count;
      const back = await client.call('poses.import', {
        source: { kind: 'path', path: exported.path },
        options: { tags: [`back-${format}`] },
      });
      expect(back.imported).toBe(3);
      const reimported = (
        await client.call('poses.list', { filter: { tags: [`back-${format}`] }, limit: 10 })
      ).items;
      expect(reimported.map((p) => [p.width, p.height, p.keypoints])).toEqual(
        originals.map((p) => [p.width, p.height, p.keypoints]),
      );
      await client.call('poses.delete', { ids: reimported.map((p) => p.id) });
      expect((await client.call('poses.count', {})).count).toBe(before);
    }
  });
});

describe('refusals leave the catalog unchanged', async () => {
  const { client, projectDir } = await createTestStudio();
  await client.call('poses.import', { source: { kind: 'path', path: VAL } });
  const dir = tempDir();

  it('refuses a malformed COCO file naming the file, the record and the field', async () => {
    const bad = join(dir, 'broken.json');
    const data = {
      images: [{ id: 1, width: 640, height: 480, file_name: 'a.jpg' }],
      categories: [{ id: 1, name: 'person', keypoints: [], skeleton: [] }],
      annotations: [
        {
          id: 7,
          image_id: 1,
          category_id: 1,
          iscrowd: 0,
          bbox: [1, 1, 50, 90],
          num_keypoints: 1,
          keypoints: new Array(51).fill(0).map((_, i) => (i % 3 === 2 ? 2 : 5)),
        },
        {
          id: 8,
          image_id: 1,
          category_id: 1,
          iscrowd: 0,
          bbox: [1, 1, 50, 90],
          num_keypoints: 1,
          keypoints: [1, 2, 2],
        },
      ],
    };
    writeFileSync(bad, JSON.stringify(data));
    const error = await errorOf(client.call('poses.import', { source: { kind: 'path', path: bad } }));
    expect(error.code).toBe('MALFORMED_FILE');
    expect(error.message).toContain('broken.json');
    expect(error.details).toMatchObject({ file: 'broken.json', record: '8', field: 'keypoints' });
    expect((await client.call('poses.count', {})).count).toBe(68);
    expect((await client.call('poses.sources', {})).items).toHaveLength(1);
  });

  it('refuses a file that is not JSON, and one in no known format', async () => {
    const notJson = join(dir, 'notes.json');
    writeFileSync(notJson, '{"annotations": [1, 2,');
    expect(
      (await errorOf(client.call('poses.import', { source: { kind: 'path', path: notJson } }))).code,
    ).toBe('MALFORMED_FILE');
    const unknown = join(dir, 'unknown.json');
    writeFileSync(unknown, JSON.stringify({ hello: 'world' }));
    expect(
      (await errorOf(client.call('poses.import', { source: { kind: 'path', path: unknown } }))).code,
    ).toBe('UNSUPPORTED_FORMAT');
    expect((await client.call('poses.count', {})).count).toBe(68);
  });

  it('imports the good files of a folder and reports the refused one', async () => {
    const folder = join(dir, 'mixed');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder);
    copyFileSync(poseFixture('coco/mmpose_test_coco.json'), join(folder, 'a.json'));
    writeFileSync(join(folder, 'b.json'), '[');
    const report = await client.call('poses.import', { source: { kind: 'path', path: folder } });
    expect(report.failedFiles).toBe(1);
    expect(report.imported).toBe(12);
    expect(report.files.map((f) => [f.file, f.error?.code ?? null])).toEqual([
      ['a.json', null],
      ['b.json', 'MALFORMED_FILE'],
    ]);
    expect((await client.call('poses.count', {})).count).toBe(80);
  });

  it('answers typed errors for missing poses and bad input', async () => {
    expect((await errorOf(client.call('poses.get', { id: 99999 }))).code).toBe('NOT_FOUND');
    expect((await errorOf(client.call('poses.delete', { ids: [] }))).code).toBe('INVALID_INPUT');
    const bad = await errorOf(client.call('poses.list', { limit: 5000 }));
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.message).toContain('limit');
    expect((await errorOf(client.call('poses.tag', { ids: [1], add: ['a,b'] }))).message).toMatch(/comma/);
  });

  it('doctor is clean after imports and refusals', async () => {
    const report = await client.call('doctor.check', {});
    expect(report).toMatchObject({ ok: true, issues: [] });
    expect(report.checked.poses).toBe(80);
    expect(projectDir).toBeTruthy();
  });
});
