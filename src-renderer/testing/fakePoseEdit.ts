/**
 * @file The pose editor's half of the fake studio (component tests only): `poses.create`,
 * `poses.augment` and `poses.similar` over the fake's in-memory pose list, validated by the real
 * dispatcher. They run the same platform-free code as the studio (derived columns, augmentation,
 * OKS similarity), so a view test sees realistic answers: new ids after the largest, the origin
 * in `source.record`, `aug:<mode>` tags, and near-duplicates by a brute-force OKS scan.
 */
import { StudioError, type EventHub, type Handlers, type Pose } from '../../src-main/contract';
import { deriveColumns } from '../../src-main/core/catalog/derive';
import { augmentShapes, type AugmentRequest } from '../../src-main/core/pose/augment';
import { poseSimilarity } from '../../src-main/core/pose/geometry';

export type FakePoseEditState = { poses: Pose[] };

type PoseEditHandlers = Pick<Handlers, 'poses.create' | 'poses.augment' | 'poses.similar'>;

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
  };
}
