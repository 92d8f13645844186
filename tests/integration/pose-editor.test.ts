/**
 * Integration: the pose editor's methods (poses.create, poses.augment, poses.similar,
 * poses.neighbors) on a real studio, over the in-memory transport and over HTTP + WebSocket
 * (outputs validated): created poses carry import-identical derived columns and their origin in
 * the source, augmentations keep limb lengths and are tagged and traced to their parents, the
 * near-duplicate lookup follows creates, edits and deletes, previous / next follow poses.list's
 * order, and refusals leave the catalog unchanged.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Keypoint, Pose, PoseFilter, PoseSort } from '../../src-main/contract';
import { deriveColumns } from '../../src-main/core/catalog/derive';
import { limbLengths } from '../../src-main/core/pose/augment';
import { mirrorPose } from '../../src-main/core/pose/geometry';
import { loadPresets } from '../../src-main/core/pose/presets';
import { errorOf, eventually } from '../contract/suite';
import { makeHttpHarness, makeMemoryHarness, type MakeHarness } from '../contract/harness';
import { tempDir } from '../helpers/paths';

const presets = loadPresets();
const standing = presets.find((p) => p.name === 'standing-front')!;
const lying = presets.find((p) => p.name === 'lying')!;

function expectSameLimbs(actual: readonly Keypoint[], expected: readonly Keypoint[]): void {
  const want = limbLengths(expected);
  limbLengths(actual).forEach((length, i) => {
    if (want[i] === null) return expect(length).toBeNull();
    expect(Math.abs(length! - want[i]!) / Math.max(want[i]!, 1)).toBeLessThan(1e-6);
  });
}

function poseEditorSuite(name: string, makeHarness: MakeHarness): void {
  describe(`pose editor over ${name}`, async () => {
    const h = await makeHarness();
    afterAll(() => h.close());
    await h.client.call('project.create', { path: join(tempDir('pose-studio-editor-'), 'project') });
    const { client } = h;
    let created: Pose;

    it('creates a pose with the derived columns an import stores, and its origin', async () => {
      created = await client.call('poses.create', {
        width: standing.width,
        height: standing.height,
        keypoints: standing.keypoints,
        tags: ['start', 'front'],
        origin: { kind: 'preset', ref: standing.name },
      });
      const derived = deriveColumns(standing.keypoints);
      expect(created).toMatchObject({
        width: 512,
        height: 512,
        keypoints: standing.keypoints,
        box: null,
        bbox: derived.bbox,
        labeledCount: derived.labeledCount,
        visibleCount: derived.visibleCount,
        tags: ['front', 'start'],
        source: {
          importId: null,
          format: 'editor',
          file: null,
          record: 'preset:standing-front',
          image: null,
        },
      });
      await eventually(() =>
        expect(h.events).toContainEqual({
          event: 'catalog.changed',
          payload: { entity: 'poses', reason: 'created' },
        }),
      );
      const drawn = await client.call('poses.create', {
        width: 300,
        height: 400,
        keypoints: lying.keypoints,
      });
      expect(drawn.source.record).toBe('drawn');
      const { items } = await client.call('poses.list', { filter: { format: 'editor' } });
      expect(items.map((p) => p.id)).toEqual([created.id, drawn.id]);
    });

    it('refuses a malformed pose and an unknown origin, naming the field', async () => {
      const short = await errorOf(
        client.call('poses.create', { width: 10, height: 10, keypoints: standing.keypoints.slice(1) }),
      );
      expect(short.code).toBe('INVALID_INPUT');
      expect(short.message).toMatch(/keypoints/);
      const origin = await errorOf(
        client.call('poses.create', {
          width: 10,
          height: 10,
          keypoints: standing.keypoints,
          origin: { kind: 'copied' } as never,
        }),
      );
      expect(origin.message).toMatch(/origin/);
      expect((await client.call('poses.count', {})).count).toBe(2);
    });

    it('finds the near-duplicate wherever it sits and however large it is', async () => {
      const moved = standing.keypoints.map(([x, y, v]): Keypoint => [x * 0.5 + 30, y * 0.5 + 7, v]);
      const { items } = await client.call('poses.similar', { keypoints: moved });
      expect(items).toHaveLength(1);
      expect(items[0]!.id).toBe(created.id);
      expect(items[0]!.oks).toBeCloseTo(1, 9);
      expect((await client.call('poses.similar', { keypoints: moved, excludeId: created.id })).items).toEqual(
        [],
      );
      const other = await client.call('poses.similar', { keypoints: lying.keypoints });
      expect(other.items.map((m) => m.id)).not.toContain(created.id);
    });

    it('jitters joint angles: limb lengths kept, tagged, traced, seeded', async () => {
      const result = await client.call('poses.augment', {
        id: created.id,
        mode: 'jitter',
        count: 5,
        seed: 3,
      });
      expect(result.tag).toBe('aug:jitter');
      expect(result.ids).toHaveLength(5);
      const poses = (await client.call('poses.list', { filter: { ids: result.ids } })).items;
      for (const pose of poses) {
        expect(pose.tags).toEqual(['aug:jitter']);
        expect(pose.source).toMatchObject({ format: 'editor', record: `augment:jitter:${created.id}` });
        expect(pose.labeledCount).toBe(17);
        expectSameLimbs(pose.keypoints, standing.keypoints);
        expect(pose.keypoints).not.toEqual(standing.keypoints);
      }
      const again = await client.call('poses.augment', { id: created.id, mode: 'jitter', count: 2, seed: 3 });
      const repeat = (await client.call('poses.list', { filter: { ids: again.ids } })).items;
      expect(repeat.map((p) => p.keypoints)).toEqual(poses.slice(0, 2).map((p) => p.keypoints));
      await client.call('poses.delete', { ids: again.ids });
    });

    it('mirrors into one new pose and interpolates towards another', async () => {
      const mirror = await client.call('poses.augment', { id: created.id, mode: 'mirror', tags: ['flip'] });
      expect(mirror).toMatchObject({ tag: 'aug:mirror' });
      const mirrored = await client.call('poses.get', { id: mirror.ids[0]! });
      expect(mirrored.keypoints).toEqual(mirrorPose(standing.keypoints, 512));
      expect(mirrored.tags).toEqual(['aug:mirror', 'flip']);
      const other = await client.call('poses.create', {
        width: 512,
        height: 512,
        keypoints: presets.find((p) => p.name === 't-pose')!.keypoints,
      });
      const between = await client.call('poses.augment', {
        id: created.id,
        mode: 'interpolate',
        otherId: other.id,
        count: 3,
      });
      expect(between.ids).toHaveLength(3);
      const first = await client.call('poses.get', { id: between.ids[0]! });
      expect(first.source.record).toBe(`augment:interpolate:${created.id},${other.id}`);
      expect(first.tags).toEqual(['aug:interpolate']);
    });

    it('refuses interpolation without a target and unknown poses, adding nothing', async () => {
      const before = (await client.call('poses.count', {})).count;
      const missing = await errorOf(client.call('poses.augment', { id: created.id, mode: 'interpolate' }));
      expect(missing.code).toBe('INVALID_INPUT');
      expect(missing.message).toMatch(/otherId/);
      const unknown = await errorOf(client.call('poses.augment', { id: 99_999, mode: 'jitter', count: 3 }));
      expect(unknown.code).toBe('NOT_FOUND');
      const unknownOther = await errorOf(
        client.call('poses.augment', { id: created.id, mode: 'interpolate', otherId: 99_999 }),
      );
      expect(unknownOther.code).toBe('NOT_FOUND');
      const tooMany = await errorOf(
        client.call('poses.augment', { id: created.id, mode: 'jitter', count: 501 }),
      );
      expect(tooMany.code).toBe('INVALID_INPUT');
      expect((await client.call('poses.count', {})).count).toBe(before);
    });

    it('steps to the previous and next pose in the order poses.list gives, inside a filter or not', async () => {
      const cases: Array<[PoseFilter, PoseSort]> = [
        [{}, { by: 'area', dir: 'desc' }],
        [{ format: 'editor' }, { by: 'labeled', dir: 'asc' }],
        [{ tags: ['aug:jitter'] }, { by: 'id', dir: 'desc' }],
      ];
      for (const [filter, sort] of cases) {
        const order = (await client.call('poses.list', { filter, sort, limit: 500 })).items.map((p) => p.id);
        expect(order.length).toBeGreaterThan(2);
        for (const [index, id] of order.entries()) {
          expect(await client.call('poses.neighbors', { id, filter, sort })).toEqual({
            prev: order[index - 1] ?? null,
            next: order[index + 1] ?? null,
            index,
            total: order.length,
          });
        }
      }
      // The first pose is not in the jitter tag: it would sit before all of them (ids ascending).
      const jittered = (await client.call('poses.ids', { filter: { tags: ['aug:jitter'] } })).ids;
      expect(
        await client.call('poses.neighbors', { id: created.id, filter: { tags: ['aug:jitter'] } }),
      ).toEqual({
        prev: null,
        next: jittered[0],
        index: null,
        total: jittered.length,
      });
      expect((await errorOf(client.call('poses.neighbors', { id: 99_999 }))).code).toBe('NOT_FOUND');
      const badSort = await errorOf(
        client.call('poses.neighbors', { id: created.id, sort: { by: 'name' } as never }),
      );
      expect(badSort.code).toBe('INVALID_INPUT');
    });

    it('updates derived columns and the lookup when keypoints change, and forgets deleted poses', async () => {
      const edited = lying.keypoints.map((p, j): Keypoint => (j === 3 ? [0, 0, 0] : p));
      const updated = await client.call('poses.update', { id: created.id, keypoints: edited });
      const derived = deriveColumns(edited);
      expect(updated).toMatchObject({
        bbox: derived.bbox,
        labeledCount: 16,
        visibleCount: derived.visibleCount,
      });
      const listed = await client.call('poses.list', { filter: { ids: [created.id], maxLabeled: 16 } });
      expect(listed.total).toBe(1);
      const byOld = await client.call('poses.similar', { keypoints: standing.keypoints });
      expect(byOld.items.map((m) => m.id)).not.toContain(created.id);
      const byNew = await client.call('poses.similar', { keypoints: edited });
      expect(byNew.items[0]).toMatchObject({ id: created.id });
      await client.call('poses.delete', { ids: [created.id] });
      const gone = await client.call('poses.similar', { keypoints: edited });
      expect(gone.items.map((m) => m.id)).not.toContain(created.id);
    });
  });
}

poseEditorSuite('memory', makeMemoryHarness);
poseEditorSuite('HTTP + WebSocket', makeHttpHarness);
