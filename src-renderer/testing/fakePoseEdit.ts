/**
 * @file The pose editor's half of the fake studio (component tests only): `poses.create`,
 * `poses.augment`, `poses.similar` and `poses.neighbors` over the fake's in-memory pose list,
 * validated by the real dispatcher. They run the same platform-free code as the studio (derived
 * columns, augmentation, OKS similarity), so a view test sees realistic answers: new ids after the
 * largest, the origin in `source.record`, `aug:<mode>` tags, near-duplicates by a brute-force OKS
 * scan, and previous / next by sorting the filtered list (every filter field and sort key).
 */
import {
  StudioError,
  type EventHub,
  type Handlers,
  type MethodOutput,
  type Pose,
  type PoseFilter,
  type PoseSort,
} from '../../src-main/contract';
import { deriveColumns } from '../../src-main/core/catalog/derive';
import { augmentShapes, type AugmentRequest } from '../../src-main/core/pose/augment';
import { poseSimilarity } from '../../src-main/core/pose/geometry';

export type FakePoseEditState = { poses: Pose[] };

type PoseEditHandlers = Pick<
  Handlers,
  'poses.create' | 'poses.augment' | 'poses.similar' | 'poses.neighbors'
>;

/** Whether a pose matches a library filter, field by field as the catalog's WHERE builder reads it. */
export function matchesFilter(pose: Pose, filter: PoseFilter): boolean {
  const checks = [
    !filter.tags || filter.tags.every((tag) => pose.tags.includes(tag)),
    !filter.untagged || pose.tags.length === 0,
    !filter.importIds?.length || filter.importIds.includes(pose.source.importId ?? -1),
    filter.format === undefined || pose.source.format === filter.format,
    filter.minLabeled === undefined || pose.labeledCount >= filter.minLabeled,
    filter.maxLabeled === undefined || pose.labeledCount <= filter.maxLabeled,
    !filter.ids || filter.ids.includes(pose.id),
  ];
  return checks.every(Boolean);
}

const sortValue: Record<PoseSort['by'], (pose: Pose) => number> = {
  id: (pose) => pose.id,
  created: (pose) => pose.createdAt,
  updated: (pose) => pose.updatedAt,
  labeled: (pose) => pose.labeledCount,
  area: (pose) => (pose.bbox === null ? 0 : pose.bbox[2] * pose.bbox[3]),
};

/** `poses.neighbors` by brute force: sort the filtered poses, then place the pose's (value, id) key. */
export function fakeNeighbors(
  poses: readonly Pose[],
  { id, filter, sort }: { id: number; filter: PoseFilter; sort: PoseSort },
): MethodOutput<'poses.neighbors'> {
  const pose = poses.find((candidate) => candidate.id === id);
  if (!pose) throw new StudioError('NOT_FOUND', `pose ${id} does not exist`, { id });
  const value = sortValue[sort.by];
  const sign = sort.dir === 'asc' ? 1 : -1;
  const compare = (a: Pose, b: Pose) => sign * (value(a) - value(b) || a.id - b.id);
  const order = poses.filter((candidate) => matchesFilter(candidate, filter)).sort(compare);
  const before = order.filter((candidate) => compare(candidate, pose) < 0);
  const after = order.filter((candidate) => compare(candidate, pose) > 0);
  const member = order.includes(pose);
  return {
    prev: before.at(-1)?.id ?? null,
    next: after[0]?.id ?? null,
    index: member ? before.length : null,
    total: order.length,
  };
}

export function poseEditHandlers(state: FakePoseEditState, hub: EventHub): PoseEditHandlers {
  const find = (id: number): Pose => {
    const pose = state.poses.find((candidate) => candidate.id === id);
    if (!pose) throw new StudioError('NOT_FOUND', `pose ${id} does not exist`, { id });
    return pose;
  };
  const add = (shape: Pick<Pose, 'width' | 'height' | 'keypoints'>, record: string, tags: string[]): Pose => {
    const derived = deriveColumns(shape.keypoints);
    const id = state.poses.reduce((max, pose) => Math.max(max, pose.id), 0) + 1;
    const pose: Pose = {
      id,
      width: shape.width,
      height: shape.height,
      keypoints: shape.keypoints,
      box: null,
      bbox: derived.bbox,
      labeledCount: derived.labeledCount,
      visibleCount: derived.visibleCount,
      tags: [...new Set(tags)].sort(),
      source: { importId: null, format: 'editor', file: null, record, image: null },
      createdAt: 1_700_000_000_000 + id,
      updatedAt: 1_700_000_000_000 + id,
    };
    state.poses.push(pose);
    return pose;
  };
  const changed = (reason: string) => hub.emit('catalog.changed', { entity: 'poses', reason });

  return {
    'poses.create': async ({ width, height, keypoints, tags, origin }) => {
      const pose = add(
        { width, height, keypoints },
        origin.ref ? `${origin.kind}:${origin.ref}` : origin.kind,
        tags,
      );
      changed('created');
      return pose;
    },
    'poses.augment': async (input) => {
      const pose = find(input.id);
      let request: AugmentRequest;
      if (input.mode === 'interpolate') {
        if (input.otherId === undefined) throw new StudioError('INVALID_INPUT', 'interpolate needs otherId');
        request = { mode: 'interpolate', count: input.count, other: find(input.otherId) };
      } else if (input.mode === 'jitter') {
        request = { mode: 'jitter', count: input.count, seed: input.seed, maxDegrees: input.maxDegrees };
      } else request = { mode: 'mirror' };
      const ref = input.mode === 'interpolate' ? `${input.id},${input.otherId}` : String(input.id);
      const tag = `aug:${input.mode}`;
      const ids = augmentShapes(pose, request).map(
        (shape) => add(shape, `augment:${input.mode}:${ref}`, [tag, ...input.tags]).id,
      );
      changed('augmented');
      return { ids, tag };
    },
    'poses.similar': async ({ keypoints, threshold, excludeId, limit }) => ({
      items: state.poses
        .filter((pose) => pose.id !== excludeId)
        .map((pose) => ({ id: pose.id, oks: poseSimilarity(keypoints, pose.keypoints) }))
        .filter((match) => match.oks >= threshold)
        .sort((a, b) => b.oks - a.oks || a.id - b.id)
        .slice(0, limit),
    }),
    'poses.neighbors': async (input) => fakeNeighbors(state.poses, input),
  };
}
