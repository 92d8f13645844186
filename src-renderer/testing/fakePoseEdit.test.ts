/**
 * The fake studio's pose editor methods answer in contract shape (checked by the real dispatcher
 * with output validation), and are wired into createFakeStudio for view tests; its previous / next
 * follows the catalog's order (sort value, then id) and places a pose outside the filter.
 */
import { describe, expect, it } from 'vitest';
import { EventHub, createDispatcher, type Handlers, type Pose, type Result } from '../../src-main/contract';
import { loadPresets } from '../../src-main/core/pose/presets';
import { makePose } from '../features/poses/model/testPoses';
import { createFakeStudio } from './fakeStudio';
import { poseEditHandlers } from './fakePoseEdit';

const shape = ({ width, height, keypoints }: (typeof presets)[number]) => ({ width, height, keypoints });
const presets = loadPresets();
const [first, second] = presets;

function setup() {
  const state = { poses: [] as Pose[] };
  const hub = new EventHub();
  const events: string[] = [];
  hub.subscribe((event, payload) => events.push(`${event}:${(payload as { reason: string }).reason}`));
  const dispatch = createDispatcher(poseEditHandlers(state, hub) as Handlers, { validateOutput: true });
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const result: Result<unknown> = await dispatch(method, input, { transport: 'memory' });
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value as T;
  };
  return { state, events, call };
}

describe('fake pose editor methods', () => {
  it('creates, augments and finds near-duplicates in contract shape', async () => {
    const { state, events, call } = setup();
    const pose = await call<Pose>('poses.create', {
      ...shape(first!),
      tags: ['x'],
      origin: { kind: 'preset', ref: first!.name },
    });
    expect(pose).toMatchObject({
      id: 1,
      labeledCount: 17,
      tags: ['x'],
      source: { record: `preset:${first!.name}` },
    });
    const other = await call<Pose>('poses.create', { ...shape(second!), tags: [] });
    expect(other.source.record).toBe('drawn');
    const jitter = await call<{ ids: number[]; tag: string }>('poses.augment', {
      id: 1,
      mode: 'jitter',
      count: 3,
      seed: 2,
    });
    expect(jitter).toEqual({ ids: [3, 4, 5], tag: 'aug:jitter' });
    expect(state.poses[2]!.source.record).toBe('augment:jitter:1');
    const between = await call<{ ids: number[] }>('poses.augment', {
      id: 1,
      mode: 'interpolate',
      otherId: 2,
      count: 2,
    });
    expect(between.ids).toEqual([6, 7]);
    await expect(call('poses.augment', { id: 1, mode: 'interpolate' })).rejects.toThrow(/otherId/);
    await expect(call('poses.augment', { id: 42, mode: 'mirror' })).rejects.toThrow(/NOT_FOUND/);
    const similar = await call<{ items: { id: number; oks: number }[] }>('poses.similar', {
      keypoints: first!.keypoints,
      excludeId: 1,
      threshold: 0.9,
    });
    expect(similar.items.every((m) => m.id !== 1 && m.oks >= 0.9)).toBe(true);
    const self = await call<{ items: { id: number }[] }>('poses.similar', { keypoints: first!.keypoints });
    expect(self.items[0]!.id).toBe(1);
    expect(events).toEqual([
      'catalog.changed:created',
      'catalog.changed:created',
      'catalog.changed:augmented',
      'catalog.changed:augmented',
    ]);
  });

  it('answers poses.neighbors in the sort order with ties by id, placing a pose outside the filter', async () => {
    const { state, call } = setup();
    // Labeled counts 15, 17, 15, 16, 17, 15 for ids 1..6; odd ids tagged.
    state.poses = [15, 17, 15, 16, 17, 15].map((labeledCount, i) =>
      makePose(i + 1, { labeledCount, tags: i % 2 === 0 ? ['odd'] : [] }),
    );
    const sort = { by: 'labeled', dir: 'desc' };
    // Descending, ties by id descending too: 5, 2 (17) · 4 (16) · 6, 3, 1 (15).
    const at = (id: number) => call('poses.neighbors', { id, sort });
    expect(await at(4)).toEqual({ prev: 2, next: 6, index: 2, total: 6 });
    expect(await at(5)).toEqual({ prev: null, next: 2, index: 0, total: 6 });
    expect(await at(1)).toEqual({ prev: 3, next: null, index: 5, total: 6 });
    // In the odd tag: 5 · 3, 1; pose 4 (16) would sit between 5 and 3.
    const odd = { tags: ['odd'] };
    expect(await call('poses.neighbors', { id: 4, filter: odd, sort })).toEqual({
      prev: 5,
      next: 3,
      index: null,
      total: 3,
    });
    expect(await call('poses.neighbors', { id: 3, filter: { ...odd, maxLabeled: 15 } })).toEqual({
      prev: 1,
      next: null,
      index: 1,
      total: 2,
    });
    await expect(call('poses.neighbors', { id: 9 })).rejects.toThrow(/NOT_FOUND/);
  });

  it('is part of the fake studio', async () => {
    const fake = createFakeStudio({ poses: 2 });
    const client = fake.connection.client;
    const created = await client.call('poses.create', {
      width: 100,
      height: 100,
      keypoints: first!.keypoints,
    });
    expect(created.id).toBe(3);
    expect((await client.call('poses.list', {})).total).toBe(3);
    expect(fake.callsOf('poses.create')).toHaveLength(1);
  });
});
